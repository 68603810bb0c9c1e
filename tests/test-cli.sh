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

out=$("$KAIFANG" --version); rc=$?
[ "$rc" = 0 ] && [[ "$out" =~ ^Kaifang\ [0-9]+\.[0-9]+\.[0-9]+$ ]] && ok "--version" || not_ok "--version" "$out"

echo "1..$n"
exit $failed
