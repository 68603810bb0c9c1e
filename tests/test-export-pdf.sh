#!/bin/bash
# PDF export from the command line (needs a display: run under Xvfb). TAP.
# usage: test-export-pdf.sh KAIFANG
set -u
KAIFANG=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "1..2"
"$KAIFANG" --export="$TMP/guide.pdf" >/dev/null 2>&1; rc=$?
pages=$(pdfinfo "$TMP/guide.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
if [ "$rc" = 0 ] && [ "${pages:-0}" -ge 5 ]; then echo "ok 1 - the whole guide exports to a PDF of $pages pages"
else echo "not ok 1 - the whole guide exports to a PDF (rc=$rc pages=${pages:-none})"; fi
"$KAIFANG" --export="$TMP/theme.pdf" --section=security --language=zh_CN >/dev/null 2>&1; rc=$?
if [ "$rc" = 0 ] && pdftotext "$TMP/theme.pdf" - 2>/dev/null | grep -q '统筹发展和安全'; then echo "ok 2 - one theme exports in Chinese, with its text"
else echo "not ok 2 - one theme exports in Chinese (rc=$rc)"; fi
