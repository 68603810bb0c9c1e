#!/usr/bin/python3
# Accessibility and keyboard test: starts Kaifang, checks the names and roles of its controls
# through AT-SPI, then walks it by keyboard (Down, Enter, F6) and checks what happens.
# usage: a11y-keyboard.py KAIFANG   (under xvfb-run and dbus-run-session; needs xdotool)
import os
import subprocess
import sys
import time

import pyatspi

kaifang = sys.argv[1]
results = []


def check(ok, name, detail=""):
    results.append((ok, name, detail))


def frame():
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None and app.name in ("kaifang", "Kaifang"):
            for i in range(app.childCount):
                child = app.getChildAtIndex(i)
                if child.getRoleName() == "frame":
                    return child
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


def focused(root):
    for node in walk(root):
        try:
            if node.getState().contains(pyatspi.STATE_FOCUSED):
                return node
        except Exception:
            pass
    return None


def inside(node, role, name):
    while node is not None:
        try:
            if node.getRoleName() == role and node.name == name:
                return True
            node = node.parent
        except Exception:
            return False
    return False


def key(name):
    subprocess.run(["xdotool", "key", name], check=True)
    time.sleep(1.2)


proc = subprocess.Popen([kaifang])
try:
    for _ in range(60):
        if frame() is not None:
            break
        time.sleep(0.5)
    time.sleep(3)
    win = frame()
    check(win is not None, "the window is on the accessibility bus")
    nodes = [(n.getRoleName(), n.name) for n in walk(win)] if win else []

    expected = [
        ("list", "Outline"),
        ("push button", "Open a Document"),
        ("push button", "Main Menu"),
        ("push button", "Back"),
        ("push button", "Forward"),
        ("push button", "Reading Language"),
        ("push button", "Highlight and Bookmark"),
        ("entry", "Search the Library"),
        ("list", "Library"),
        ("list", "Bookmarks and Notes"),
    ]
    missing = [e for e in expected if e not in nodes]
    check(not missing, "header bar buttons, outline, search and lists have roles and names", repr(missing))
    check(any(name == "Search" for role, name in nodes if role in ("push button", "toggle button")),
          "the search button has a name")
    unnamed = [role for role, name in nodes if role in ("push button", "toggle button") and not name]
    check(not unnamed, "every button has an accessible name", "%d unnamed" % len(unnamed))

    title = win.name if win else ""
    start = focused(win)
    check(start is not None and inside(start, "list", "Outline"), "the keyboard starts in the outline",
          repr(start.getRoleName() if start else None))

    key("Down")
    key("Return")
    after = frame().name
    check(after != title and after, "Down then Enter in the outline changes the page", "%r -> %r" % (title, after))
    now = focused(frame())
    check(now is not None and now.name == "Page", "Enter moves the keyboard into the page",
          repr((now.getRoleName(), now.name) if now else None))

    key("F6")
    now = focused(frame())
    check(now is not None and inside(now, "list", "Outline"), "F6 leaves the page for the outline",
          repr((now.getRoleName(), now.name) if now else None))

    # the page's own headings: WebKitGTK exposes web content to AT-SPI from GTK 4.14 on
    gtk = subprocess.run(["pkg-config", "--modversion", "gtk4"], capture_output=True, text=True).stdout.strip()
    major, minor = (int(x) for x in (gtk or "4.0").split(".")[:2])
    headings = [n.name for n in walk(frame()) if n.getRoleName() == "heading"]
    if (major, minor) >= (4, 14):
        check(bool(headings), "the page's headings are reachable through AT-SPI", repr(headings[:3]))
    else:
        results.append((None, "the page's headings are reachable through AT-SPI",
                        "SKIP WebKitGTK exposes web content to AT-SPI with GTK 4.14 or later; this is GTK %s "
                        "(the flatpak suite runs on a newer GTK)" % gtk))
finally:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()

print("1..%d" % len(results))
for i, (ok, name, detail) in enumerate(results, 1):
    if ok is None:
        print("ok %d - %s # %s" % (i, name, detail))
        continue
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        print("# " + detail)
sys.exit(0 if all(ok is not False for ok, _, _ in results) else 1)
