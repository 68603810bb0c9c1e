#!/usr/bin/python3
"""Counts the test cases in meson's testlog.json: each TAP line of a TAP test, one case for
any other test. Prints "N passed, N failed, N skipped" last; exits 1 if anything failed."""
import json
import re
import sys

passed = failed = skipped = 0
failures = []
try:
    log = open(sys.argv[1], encoding="utf-8")
except FileNotFoundError:
    # meson wrote no log: no test ran (for example a --suite that matches none)
    print("FAILED: no test ran (%s is missing)" % sys.argv[1])
    print("0 passed, 1 failed, 0 skipped")
    sys.exit(1)
with log:
    for line in log:
        test = json.loads(line)
        result = test["result"]
        cases = 0
        if test.get("protocol") == "tap" or re.search(r"^1\.\.\d+", test.get("stdout", ""), re.M):
            for out in test.get("stdout", "").splitlines():
                m = re.match(r"^(not ok|ok)\b(.*)$", out)
                if not m:
                    continue
                cases += 1
                if re.search(r"#\s*SKIP", m.group(2), re.I):
                    skipped += 1
                elif m.group(1) == "ok":
                    passed += 1
                else:
                    failed += 1
                    failures.append("%s:%s" % (test["name"], m.group(2)))
        if cases == 0 or result not in ("OK", "SKIP", "EXPECTEDFAIL"):
            # a test without TAP cases, or one that crashed or timed out after its cases
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
                failures.append("%s (%s)" % (test["name"], result))

for f in failures:
    print("FAILED: " + f)
print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
sys.exit(1 if failed else 0)
