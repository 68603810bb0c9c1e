#!/bin/bash
# Command-line behaviour of `kaifang` that needs no display: --validate, --list-sections, --version.
# usage: test-cli.sh KAIFANG FIXTURES_DIR   (TAP output)
set -u
KAIFANG=$1
FIXTURES=$2
unset DISPLAY WAYLAND_DISPLAY
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "$2" | sed 's/^/# /'; }

out=$("$KAIFANG" --validate "$FIXTURES/minimal.json"); rc=$?
[ "$rc" = 0 ] && [ "$out" = "OK" ] && ok "valid document prints OK" || not_ok "valid document prints OK" "rc=$rc out=$out"

for f in "$FIXTURES"/bad-*.json; do
  name=$(basename "$f")
  out=$("$KAIFANG" --validate "$f"); rc=$?
  if [ "$rc" = 1 ] && [[ "$out" =~ ^"$f":[0-9]+:[0-9]+:\ .+ ]]; then
    ok "--validate rejects $name with file:line:col"
  else
    not_ok "--validate rejects $name with file:line:col" "rc=$rc out=$out"
  fi
done

out=$("$KAIFANG" --validate "$FIXTURES/does-not-exist.json"); rc=$?
[ "$rc" = 1 ] && [[ "$out" == *does-not-exist.json* ]] && ok "missing file is reported" || not_ok "missing file is reported" "rc=$rc out=$out"

out=$("$KAIFANG" --list-sections); rc=$?
themes=$(printf '%s\n' "$out" | grep -c -E $'^  [a-z0-9-]+\t' )
sections=$(printf '%s\n' "$out" | grep -c -E $'^    [a-z0-9-]+\t')
if [ "$rc" = 0 ] && [ "$themes" = 11 ] && [ "$sections" = 12 ] &&
   printf '%s\n' "$out" | head -1 | grep -q -P '^high-standard-opening-up\t' &&
   printf '%s\n' "$out" | grep -q -P '^  glossary\tGlossary$' &&
   printf '%s\n' "$out" | grep -q -P '^    digital-green-since-2012\tSince 2012$'; then
  ok "--list-sections prints the guide's six themes (plus figures, timeline, map, glossary and about) and twelve sections"
else
  not_ok "--list-sections prints the guide's outline" "rc=$rc themes=$themes sections=$sections"
fi

out=$("$KAIFANG" --list-sections "$FIXTURES/minimal.json"); rc=$?
expected=$'minimal\tA minimal document\n  first\tFirst theme\n    first-a\tSince 2012\n  second\tSecond theme\n    second-a\tGoing forward\n  figures\tKey figures\n  timeline\tTimeline\n  map\tTheme map\n  glossary\tGlossary\n  about\tAbout this document'
[ "$rc" = 0 ] && [ "$out" = "$expected" ] && ok "--list-sections FILE prints that file's outline" || not_ok "--list-sections FILE" "$out"

out=$("$KAIFANG" --list-sections "$FIXTURES/bad-type.json" 2>&1); rc=$?
[ "$rc" = 1 ] && [[ "$out" == *"bad-type.json:37:16:"* ]] && ok "--list-sections reports a broken file" || not_ok "--list-sections reports a broken file" "$out"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$KAIFANG" --export="$TMP/guide.html" --language=fr; rc=$?
if [ "$rc" = 0 ] && grep -q '<!DOCTYPE html>' "$TMP/guide.html" && grep -q '<html lang="fr" dir="ltr"' "$TMP/guide.html" &&
   ! grep -q -i -E '<script|src="(https?|file|data):' "$TMP/guide.html"; then
  ok "--export=FILE.html writes a standalone page in the reading language, with no script and no remote references"
else
  not_ok "--export=FILE.html" "rc=$rc $(head -c 300 "$TMP/guide.html" 2>/dev/null)"
fi

"$KAIFANG" --export="$TMP/guide.md"; rc=$?
h2=$(grep -c '^## ' "$TMP/guide.md" 2>/dev/null); h1=$(grep -c '^# ' "$TMP/guide.md" 2>/dev/null)
[ "$rc" = 0 ] && [ "$h1" = 1 ] && [ "$h2" = 6 ] && ok "--export=FILE.md has one title and one heading per theme" \
  || not_ok "--export=FILE.md" "rc=$rc h1=$h1 h2=$h2"

"$KAIFANG" --export="$TMP/section.md" --section=digital-green-since-2012 "$FIXTURES/../../../data/guide/kaifang-guide.json"; rc=$?
[ "$rc" = 0 ] && grep -q 'trillion yuan' "$TMP/section.md" && grep -q '^### Since 2012' "$TMP/section.md" &&
  [ "$(grep -c '^## ' "$TMP/section.md")" = 1 ] && [ "$(grep -c '^### ' "$TMP/section.md")" = 1 ] \
  && ok "--export --section exports one section" || not_ok "--export --section" "rc=$rc"

out=$("$KAIFANG" --export="$TMP/x.md" --section=no-such-section 2>&1); rc=$?
[ "$rc" = 1 ] && [[ "$out" == *no-such-section* ]] && ok "--export reports an unknown section" || not_ok "--export unknown section" "$out"

out=$("$KAIFANG" --export="$TMP/x.pdf" 2>&1); rc=$?
[ "$rc" = 1 ] && [[ "$out" == *display* ]] && [ ! -s "$TMP/x.pdf" ] && ok "--export=FILE.pdf without a display fails cleanly" \
  || not_ok "--export pdf without display" "rc=$rc $out"

"$KAIFANG" --import="$FIXTURES/../import/roman.txt" -o "$TMP/roman.json"; rc=$?
out=$("$KAIFANG" --validate "$TMP/roman.json")
[ "$rc" = 0 ] && [ "$out" = OK ] && ok "--import -o writes a valid document" || not_ok "--import" "rc=$rc $out"

out=$("$KAIFANG" --import="$FIXTURES/../import/binary.bin" -o "$TMP/bin.json" 2>&1); rc=$?
[ "$rc" = 1 ] && [[ "$out" == *binary* ]] && [ ! -e "$TMP/bin.json" ] && ok "--import refuses a binary file" || not_ok "--import binary" "$out"

out=$("$KAIFANG" --version); rc=$?
[ "$rc" = 0 ] && [[ "$out" =~ ^Kaifang\ [0-9]+\.[0-9]+\.[0-9]+$ ]] && ok "--version" || not_ok "--version" "$out"

echo "1..$n"
exit $failed
