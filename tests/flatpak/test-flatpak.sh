#!/bin/bash
# The installed Flatpak (suite 'flatpak'): it starts and shows its window, the guide's six themes
# are there, the sandbox has no network and no file system access, and the desktop file,
# metainfo and icons are exported. TAP output; exits 1 if any check fails.
# Assumes build-aux/flatpak-local has built and installed the app.
# usage: tests/flatpak/test-flatpak.sh
# environment: KAIFANG_FLATPAK_APP (default io.github.kaifang.Reader; or io.github.kaifang.Reader.Devel)
#              KAIFANG_FLATPAK_WORKDIR (default /var/tmp/kaifang-flatpak): the screenshot goes
#              to $KAIFANG_FLATPAK_WORKDIR/flatpak-run.png
set -u
APP=${KAIFANG_FLATPAK_APP:-io.github.kaifang.Reader}
W=${KAIFANG_FLATPAK_WORKDIR:-/var/tmp/kaifang-flatpak}
SHOT=$W/flatpak-run.png
export LANG=${LANG:-C.UTF-8}   # flatpak-spawn (WebKit's sandbox) needs a UTF-8 locale
mkdir -p "$W"
TMP=$(mktemp -d)
trap 'rm -rf --one-file-system "$TMP"' EXIT
FIXTURE=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)/fixtures/documents/minimal.json

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/# /'; }
check() { local desc=$1; shift; if "$@"; then ok "$desc"; else not_ok "$desc" "${DETAIL:-}"; fi; DETAIL=""; }
DETAIL=""
echo "1..14"

# As root the app keeps CAP_SYS_NICE in the sandbox; WebKit then makes its IPC threads SCHED_RR
# with RLIMIT_RTTIME 0 and the kernel's RT watchdog SIGKILLs the app. Drop the capability.
DROP=()
[ "$(id -u)" = 0 ] && DROP=(setpriv --bounding-set -sys_nice --inh-caps -sys_nice --)

# 1 ---------------------------------------------------------------------------------------------
installed() { DETAIL=$(flatpak info "$APP" 2>&1); }
check "$APP is installed" installed

# 2 the six themes, from the app inside the sandbox ------------------------------------------------
list_sections() {
  local out rc=0
  out=$(env -u DISPLAY -u WAYLAND_DISPLAY "${DROP[@]}" flatpak run --command=kaifang "$APP" --list-sections 2>"$TMP/list.err") || rc=$?
  # theme lines: exactly two leading spaces, "ID<TAB>TITLE", with sections (four spaces) under
  # them; the glossary, about and the generated pages (figures, timeline, map) have none
  printf '%s\n' "$out" | awk '
    /^  [^ ]/ { if (top != "" && kids) print top; top = $0; kids = 0; next }
    /^    [^ ]/ { kids = 1; next }
    { if (top != "" && kids) print top; top = "" }
    END { if (top != "" && kids) print top }' \
    | grep -v -P '^  (glossary|about)\t' | cut -f2- > "$TMP/themes.txt"
  DETAIL="exit $rc; $(wc -l < "$TMP/themes.txt") theme lines:
$out
$(head -5 "$TMP/list.err")"
  [ "$rc" = 0 ] && [ "$(wc -l < "$TMP/themes.txt")" = 6 ]
}
check "flatpak run --command=kaifang $APP --list-sections prints six themes" list_sections

# 3, 4 the window, under Xvfb and a private D-Bus session --------------------------------------------
cat > "$TMP/a11y.py" <<'EOF'
# Waits up to 45 s for the app on the host's AT-SPI bus (reached from the sandbox through
# flatpak's a11y proxy) and for the six theme titles in its accessible tree.
import sys, time
import pyatspi
themes = [t for t in open(sys.argv[1], encoding="utf-8").read().splitlines() if t]
names = ("kaifang", "Kaifang", sys.argv[2])

def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    for i in range(node.childCount):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)

seen, apps = [], []
deadline = time.time() + 45
while time.time() < deadline:
    desktop = pyatspi.Registry.getDesktop(0)
    apps = [a.name for a in desktop if a is not None]
    app = next((a for a in desktop if a is not None and a.name in names), None)
    if app is not None:
        seen = []
        for node in walk(app):
            try:
                seen.append(node.name)
            except Exception:
                pass
        if all(t in seen for t in themes):
            print("found the six themes: %r" % themes)
            sys.exit(0)
    time.sleep(1)
print("apps on the a11y bus: %r" % apps)
print("missing: %r" % [t for t in themes if t not in seen])
print("seen: %r" % [s for s in seen if s][:60])
sys.exit(1)
EOF

cat > "$TMP/session.sh" <<'EOF'
# runs inside xvfb-run and dbus-run-session: start the app, wait for its window, take the
# screenshot, ask AT-SPI for the themes, stop the app
APP=$1 SHOT=$2 TMP=$3; shift 3
flatpak run "$APP" > "$TMP/app.log" 2>&1 &
pid=$!
# a named window of at least 200x200: '0x400007 "Title": ("kaifang" "Kaifang")  1100x720+0+0  +0+0'
big_window() {
  xwininfo -root -tree 2>/dev/null | grep -E '^ +0x[0-9a-f]+ "[^"]+"' \
    | grep -o -E ' [0-9]+x[0-9]+\+' | tr -d ' +' | awk -Fx '$1 >= 200 && $2 >= 200 { found = 1 } END { exit !found }'
}
for _ in $(seq 60); do
  big_window && break
  kill -0 $pid 2>/dev/null || break
  sleep 1
done
sleep 6   # let the outline and the WebKit page paint
xwininfo -root -tree > "$TMP/windows.txt" 2>&1
import -window root "$SHOT" 2> "$TMP/import.err"
kill -0 $pid 2>/dev/null && echo running > "$TMP/alive"
if kill -0 $pid 2>/dev/null; then
  /usr/bin/python3 "$TMP/a11y.py" "$TMP/themes.txt" "$APP" > "$TMP/a11y.out" 2>&1
  echo $? > "$TMP/a11y.rc"
else
  echo "the app is not running" > "$TMP/a11y.out"
fi
kill -0 $pid 2>/dev/null && echo running >> "$TMP/alive"
flatpak kill "$APP" 2>/dev/null || kill $pid
wait $pid 2>/dev/null
true
EOF
rm -f "$SHOT"
timeout 240 xvfb-run -a -s '-screen 0 1280x800x24 -nolisten tcp' \
  dbus-run-session -- "${DROP[@]}" bash "$TMP/session.sh" "$APP" "$SHOT" "$TMP" > "$TMP/session.log" 2>&1

window() {
  local sd
  DETAIL="app log:
$(grep -v -E 'Failed to set fd limit|^$' "$TMP/app.log" 2>/dev/null | tail -15)
windows: $(grep -c '^ *0x' "$TMP/windows.txt" 2>/dev/null) $(grep -o -E '"[^"]+"' "$TMP/windows.txt" 2>/dev/null | sort -u | tr '\n' ' ')
$(cat "$TMP/import.err" 2>/dev/null)"
  [ -s "$SHOT" ] || { DETAIL="no screenshot; $DETAIL"; return 1; }
  sd=$(convert "$SHOT" -colorspace Gray -format '%[fx:standard_deviation]' info: 2>&1)
  DETAIL="screenshot $SHOT: standard deviation $sd; still running: $(cat "$TMP/alive" 2>/dev/null | wc -l)/2; $DETAIL"
  echo "# screenshot $SHOT, standard deviation $sd (0 = blank)"
  awk -v sd="$sd" 'BEGIN { exit !(sd + 0 > 0.05) }' && [ "$(cat "$TMP/alive" 2>/dev/null | wc -l)" -ge 1 ]
}
check "flatpak run $APP shows a window (screenshot not blank, app running)" window

# the right part of the window is the WebKit page (web process started through flatpak-spawn):
# it must show something, not an empty page
page() {
  local geo w h x y sd
  # the largest named window: '0x400007 "Title": ("kaifang" "Kaifang")  1100x720+0+0  +0+0'
  geo=$(grep -E '^ +0x[0-9a-f]+ "[^"]+"' "$TMP/windows.txt" 2>/dev/null | grep -o -E '[0-9]+x[0-9]+\+-?[0-9]+\+-?[0-9]+' \
        | awk -Fx '{ split($2, a, "+"); print $1 * a[1], $0 }' | sort -n | tail -1 | cut -d' ' -f2)
  [ -n "$geo" ] && [ -s "$SHOT" ] || { DETAIL="no window geometry or no screenshot"; return 1; }
  IFS='x+' read -r w h x y <<< "$geo"
  sd=$(convert "$SHOT" -crop "$((w * 55 / 100))x$((h * 70 / 100))+$((x + w * 40 / 100))+$((y + h * 15 / 100))" +repage \
       -colorspace Gray -format '%[fx:standard_deviation]' info: 2>&1)
  DETAIL="window $geo; page area standard deviation $sd"
  echo "# window $geo, page area standard deviation $sd (0 = empty)"
  awk -v sd="$sd" 'BEGIN { exit !(sd + 0 > 0.05) }'
}
check "the WebKit page is painted (the page area of the screenshot is not empty)" page

a11y() { DETAIL=$(cat "$TMP/a11y.out" 2>/dev/null); [ "$(cat "$TMP/a11y.rc" 2>/dev/null)" = 0 ] && sed 's/^/# /' "$TMP/a11y.out"; }
check "the window exposes the six theme titles over AT-SPI" a11y

# 5, 6 the sandbox ---------------------------------------------------------------------------------
flatpak info --show-permissions "$APP" > "$TMP/perms.txt" 2>&1
sed 's/^/# /' "$TMP/perms.txt"
no_network() { DETAIL=$(cat "$TMP/perms.txt"); grep -q '^\[Context\]' "$TMP/perms.txt" && ! grep -E '^shared=' "$TMP/perms.txt" | grep -q network; }
check "no network (shared= has no network)" no_network
no_filesystems() { DETAIL=$(cat "$TMP/perms.txt"); grep -q '^\[Context\]' "$TMP/perms.txt" && ! grep -q -E '^filesystems=' "$TMP/perms.txt"; }
check "no file system access (no filesystems=)" no_filesystems

# 7-10 the exported desktop integration ------------------------------------------------------------
LOC=$(flatpak info --show-location "$APP" 2>/dev/null)
exported() { # DESCRIPTION PATH...
  local desc=$1 f; shift
  for f in "$@"; do
    if [ -n "$LOC" ] && [ -s "$LOC/export/$f" ]; then ok "$desc: export/$f"; return; fi
  done
  not_ok "$desc exported" "not in ${LOC:-(no location)}/export: $*
exported: $(cd "$LOC/export" 2>/dev/null && find . -type f | sort | tr '\n' ' ')"
}
exported "desktop file" "share/applications/$APP.desktop"
exported "metainfo" "share/metainfo/$APP.metainfo.xml" "share/appdata/$APP.appdata.xml" "share/metainfo/$APP.appdata.xml"
exported "scalable icon" "share/icons/hicolor/scalable/apps/$APP.svg"
exported "symbolic icon" "share/icons/hicolor/symbolic/apps/$APP-symbolic.svg"

# 12, 13 files: none from the host without the document portal; one handed over through it -----
mkdir -p "$TMP/files"
cp "$FIXTURE" "$TMP/files/minimal.json"
host_file() {
  local out rc=0
  out=$(env -u DISPLAY -u WAYLAND_DISPLAY "${DROP[@]}" flatpak run --command=kaifang "$APP" --validate "$TMP/files/minimal.json" 2>&1) || rc=$?
  DETAIL="exit $rc: $out"
  [ -s "$TMP/files/minimal.json" ] && [ "$rc" != 0 ] && [ "$(printf '%s\n' "$out" | tail -1)" != OK ]
}
check "a host file is out of reach in the sandbox (kaifang --validate /tmp/… fails)" host_file

# The document portal mounts $XDG_RUNTIME_DIR/doc; flatpak forwards files as /run/user/UID/doc/…,
# so the runtime dir must be /run/user/UID (made here when missing, as on a machine without logind).
RUNDIR=/run/user/$(id -u)
if [ -n "${XDG_RUNTIME_DIR:-}" ] && mountpoint -q "$XDG_RUNTIME_DIR/doc" 2>/dev/null; then
  PORTAL=(env)                        # a desktop session whose document portal runs already
elif [ ! -w /dev/fuse ] || ! command -v fusermount3 >/dev/null || { [ ! -d "$RUNDIR" ] && [ "$(id -u)" != 0 ]; }; then
  PORTAL=()
else
  made_rundir=""
  [ -d "$RUNDIR" ] || { mkdir -m 700 -p "$RUNDIR" && made_rundir=1; }
  PORTAL=(env XDG_RUNTIME_DIR="$RUNDIR" dbus-run-session --)
fi
if [ ${#PORTAL[@]} -gt 0 ]; then
  forwarded() {
    local out rc=0
    out=$("${PORTAL[@]}" "${DROP[@]}" env -u DISPLAY -u WAYLAND_DISPLAY \
          flatpak run --command=kaifang --file-forwarding "$APP" --validate @@ "$TMP/files/minimal.json" @@ 2>&1) || rc=$?
    out=$(printf '%s\n' "$out" | grep -v -E 'dbus-daemon|max threads')
    DETAIL="exit $rc: $out"
    [ "$rc" = 0 ] && [ "$(printf '%s\n' "$out" | tail -1)" = OK ]
  }
  check "a file handed over with --file-forwarding opens (document portal)" forwarded
  if [ ${#PORTAL[@]} -gt 1 ]; then
    # the portal of that private session has gone with it; never leave its mount behind
    mountpoint -q "$RUNDIR/doc" 2>/dev/null && fusermount3 -u -z "$RUNDIR/doc"
    [ -z "${made_rundir:-}" ] || rm -rf --one-file-system "$RUNDIR"
  fi
else
  ok "a file handed over with --file-forwarding opens (document portal) # SKIP no usable /dev/fuse or /run/user/$(id -u)"
fi

# 14: the installed metainfo passes AppStream 1.0's strict check, run from the SDK (Debian 12's
# appstreamcli 0.16 predates the <developer> element)
strict_metainfo() {
  local loc file out rc=0
  loc=$(flatpak info --show-location "$APP" 2>/dev/null)
  file=$(ls "$loc"/export/share/metainfo/*.xml "$loc"/files/share/metainfo/*.xml 2>/dev/null | head -1)
  [ -n "$file" ] || { DETAIL="no metainfo in $loc"; return 1; }
  cp "$file" "$TMP/metainfo.xml"
  out=$(flatpak run --filesystem="$TMP" --command=appstreamcli org.gnome.Sdk//50 \
        validate --strict --no-net "$TMP/metainfo.xml" 2>&1) || rc=$?
  DETAIL="exit $rc: $out"
  [ "$rc" = 0 ]
}
check "the metainfo passes appstreamcli validate --strict --no-net (AppStream 1.0, from the SDK)" strict_metainfo

exit $failed
