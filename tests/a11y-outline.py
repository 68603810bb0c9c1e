#!/usr/bin/python3
# Accessibility smoke test: start Kaifang and check through AT-SPI that the outline exposes
# the six theme titles of the bundled guide, inside a list named "Outline".
# usage: a11y-outline.py KAIFANG   (run under xvfb-run and dbus-run-session)
import os
import subprocess
import sys
import time

import pyatspi

kaifang = sys.argv[1]
env = dict(os.environ, GTK_A11Y="atspi", NO_AT_BRIDGE="0")

outline = subprocess.run([kaifang, "--list-sections"], capture_output=True, text=True, check=True).stdout
themes = [line.split("\t", 1)[1] for line in outline.splitlines()
          if line.startswith("  ") and not line.startswith("    ")
          and line.split("\t")[0].strip() not in ("figures", "timeline", "map", "glossary", "about")]
assert len(themes) == 6, themes

proc = subprocess.Popen([kaifang], env=env)


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is not None and app.name in ("kaifang", "Kaifang", "io.github.kaifang.Reader"):
            return app
    return None


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


def texts(app):
    found = []
    for node in walk(app):
        try:
            found.append((node.getRoleName(), node.name))
        except Exception:
            pass
    return found


status = 1
try:
    deadline = time.time() + 60
    seen = []
    while time.time() < deadline:
        app = find_app()
        if app is not None:
            seen = texts(app)
            names = [name for _, name in seen]
            if all(t in names for t in themes):
                break
        time.sleep(1)

    names = [name for _, name in seen]
    missing = [t for t in themes if t not in names]
    lists = [name for role, name in seen if role in ("list", "list box", "tree", "tree table")]
    print("1..2")
    if missing:
        print("not ok 1 - the outline exposes the six theme titles")
        print("# missing: %r" % missing)
        print("# seen: %r" % seen[:80])
    else:
        print("ok 1 - the outline exposes the six theme titles")
    if "Outline" in lists:
        print("ok 2 - the outline is a list named Outline")
    else:
        print("not ok 2 - the outline is a list named Outline")
        print("# lists: %r" % lists)
    status = 0 if not missing and "Outline" in lists else 1
finally:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
sys.exit(status)
