#!/usr/bin/python3
"""Checks the translation catalogs of both domains (po/*.po for the interface, po/guide/*.po for
the bundled guide), printing TAP:

- every language of LINGUAS has a catalog, and `msgfmt --check` accepts it;
- the catalog is complete: every message of the template translated, none fuzzy;
- placeholders match: the same %s/%d/%u conversions, the same [label](#id) link targets and
  the same https:// addresses as the msgid;
- the templates are up to date: po/kaifang.pot holds every string the sources mark for
  translation (xgettext over POTFILES.in), POTFILES.in lists every file that marks strings,
  and po/guide/kaifang-guide.pot holds every text of the guide.

usage: check-po.py SOURCE_ROOT KAIFANG_DOC_POT
"""
import os
import re
import subprocess
import sys
import tempfile

root, doc_pot = sys.argv[1], sys.argv[2]
results = []


def check(ok, name, detail=""):
    results.append((ok, name, detail))


def parse_po(path):
    """Returns a list of entries: dict(ctx, id, str (list of plural forms), fuzzy)."""
    entries, entry, field = [], None, None

    def unquote(s):
        s = s.strip()
        assert s.startswith('"') and s.endswith('"'), s
        return bytes(s[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")

    def flush():
        if entry is not None and "id" in entry:
            entries.append(entry)

    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                flush(); entry, field = None, None
                continue
            if line.startswith("#~"):
                continue
            if entry is None:
                entry = {"ctx": None, "str": {}, "fuzzy": False}
            if line.startswith("#,"):
                entry["fuzzy"] = "fuzzy" in line
                continue
            if line.startswith("#"):
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
            if m:
                key, idx, value = m.group(1), m.group(2), unquote(m.group(3))
                if key == "msgctxt":
                    field = ("ctx",)
                    entry["ctx"] = value
                elif key == "msgid":
                    field = ("id",)
                    entry["id"] = value
                elif key == "msgid_plural":
                    field = ("plural",)
                    entry["plural"] = value
                else:
                    i = int(idx) if idx else 0
                    field = ("str", i)
                    entry["str"][i] = value
            elif line.startswith('"') and field:
                value = unquote(line)
                if field[0] == "str":
                    entry["str"][field[1]] += value
                else:
                    entry[field[0]] += value
    flush()
    return entries


def placeholders(s):
    return sorted(re.findall(r"%[-+ #0]*\d*(?:\.\d+)?(?:l|ll|h)?[sdufxc]|%%", s))


def links(s):
    return sorted(re.findall(r"\]\((#[a-z0-9][a-z0-9_-]*)\)", s))


def urls(s):
    return sorted(re.findall(r"https?://[^\s)\]]+", s))


def check_catalog(po, pot, c_format):
    name = os.path.relpath(po, root)
    proc = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                          capture_output=True, text=True)
    check(proc.returncode == 0, "%s: msgfmt --check" % name, proc.stderr.strip())
    template = {(e["ctx"], e["id"]) for e in parse_po(pot) if e["id"]}
    entries = parse_po(po)
    translated = {(e["ctx"], e["id"]) for e in entries
                  if e["id"] and not e["fuzzy"] and e["str"] and all(v for v in e["str"].values())}
    missing = sorted(template - translated, key=str)
    fuzzy = [e["id"] for e in entries if e["id"] and e["fuzzy"]]
    check(not missing and not fuzzy, "%s: 100%% translated, nothing fuzzy" % name,
          "untranslated or fuzzy: %d, e.g. %r" % (len(missing) + len(fuzzy), (missing + fuzzy)[:3]))
    bad = []
    for e in entries:
        if not e["id"] or e["fuzzy"]:
            continue
        for i, s in e["str"].items():
            source = e.get("plural", e["id"]) if i > 0 else e["id"]
            if not s:
                continue
            if c_format and placeholders(s) != placeholders(source) and not (i > 0 and "plural" in e):
                bad.append("placeholders: %r" % e["id"][:50])
            if links(s) != links(source):
                bad.append("links: %r" % e["id"][:50])
            if urls(s) != urls(source):
                bad.append("addresses: %r" % e["id"][:50])
    check(not bad, "%s: placeholders, links and addresses match" % name, "; ".join(bad[:5]))


for domain, pot in (("po", "po/kaifang.pot"), ("po/guide", "po/guide/kaifang-guide.pot")):
    with open(os.path.join(root, domain, "LINGUAS")) as f:
        languages = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    check(len(languages) >= 9, "%s/LINGUAS lists at least nine languages" % domain, repr(languages))
    for lang in languages:
        po = os.path.join(root, domain, lang + ".po")
        if not os.path.exists(po):
            check(False, "%s/%s.po exists" % (domain, lang))
            continue
        # the interface's strings are C formats; the guide's text is prose, where "30% de" is no conversion
        check_catalog(po, os.path.join(root, pot), c_format=(domain == "po"))

# the interface template is up to date with the sources
with open(os.path.join(root, "po", "POTFILES.in")) as f:
    potfiles = [l.strip() for l in f if l.strip() and not l.startswith("#")]
marked = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|g_dngettext)\s*\(|translatable="yes"|<(?:summary|description|name|p|li|caption)\b')
unlisted = []
for top in ("src", "data"):
    for dirpath, _, files in os.walk(os.path.join(root, top)):
        for fn in files:
            path = os.path.relpath(os.path.join(dirpath, fn), root)
            if not re.search(r"\.(c|ui|in|xml)$", fn) or "/web/" in path or "gresource" in fn or path.endswith(".service.in"):
                continue
            with open(os.path.join(root, path), encoding="utf-8", errors="replace") as f:
                text = f.read()
            if marked.search(text) and path not in potfiles:
                unlisted.append(path)
check(not unlisted, "POTFILES.in lists every file with translatable strings", repr(unlisted))

with tempfile.TemporaryDirectory() as tmp:
    fresh = os.path.join(tmp, "fresh.pot")
    subprocess.run(["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2",
                    "--keyword=NC_:1c,2", "--keyword=g_dngettext:2,3", "--files-from=po/POTFILES.in",
                    "--directory=.", "-o", fresh], cwd=root, check=True, capture_output=True)
    have = {(e["ctx"], e["id"]) for e in parse_po(os.path.join(root, "po", "kaifang.pot"))}
    new = sorted({(e["ctx"], e["id"]) for e in parse_po(fresh) if e["id"]} - have, key=str)
    check(not new, "po/kaifang.pot holds every string marked in the sources",
          "%d missing, e.g. %r" % (len(new), new[:3]))

    guide = os.path.join(tmp, "guide.pot")
    subprocess.run([doc_pot, os.path.join(root, "data", "guide", "kaifang-guide.json"), guide], check=True)
    have = {(e["ctx"], e["id"]) for e in parse_po(os.path.join(root, "po", "guide", "kaifang-guide.pot"))}
    new = sorted({(e["ctx"], e["id"]) for e in parse_po(guide) if e["id"]} - have, key=str)
    check(not new, "po/guide/kaifang-guide.pot holds every text of the guide",
          "%d missing, e.g. %r" % (len(new), new[:3]))

print("1..%d" % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        print("# " + detail.replace("\n", "\n# "))
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
