#!/usr/bin/env python3
"""test_layers.py: the source tree keeps its layers (TAP). The build already refuses an
upward include (each folder's library sees only the headers below it); this test names the
rule in words and also catches what include paths cannot: a relative path ("../x.h") and an
include circle between two modules (a .c with its .h) anywhere in the tree.
Run from the project root: python3 tests/unit/test_layers.py"""
import os
import re
import sys

ROOT = "forumd"
# Each layer and the folders its files may include from (itself first).
LAYERS = {
    "base": ["base"],
    "store": ["store", "base"],
    "http": ["http", "store", "base"],
    "web": ["web", "http", "store", "base"],
    "forum": ["forum", "web", "http", "store", "base"],
    "accounts": ["accounts", "web", "http", "store", "base"],
    "moderation": ["moderation", "web", "http", "store", "base"],
    "app": ["app", "forum", "accounts", "moderation", "web", "http", "store", "base"],
}
# The tools: forumctl and the scale bench's generator on base and store only (the
# generator's own text module, tools/benchtext.*, beside it); the guard's bench on base.
TOOLS = {"tools/forumctl.c": ["store", "base"],
         "tools/benchfill.c": ["tools", "store", "base"],
         "tools/benchtext.c": ["tools"], "tools/benchtext.h": ["tools"],
         "tools/guardbench.c": ["base"]}

results = []


def check(ok, name, detail=""):
    results.append((ok, name, detail))


def local_includes(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return re.findall(r'^\s*#\s*include\s+"([^"]+)"', f.read(), re.M)


# Where each header lives, and that no two folders hold the same file name.
home = {}
dupes = []
for folder in LAYERS:
    for name in sorted(os.listdir(os.path.join(ROOT, folder))):
        if name in home:
            dupes.append(name)
        home[name] = folder
for name in sorted(os.listdir("tools")):
    if name.endswith(".h"):
        if name in home:
            dupes.append(name)
        home[name] = "tools"
check(not dupes, "every file name is unique across the layers", ", ".join(dupes))
stray = [n for n in os.listdir(ROOT) if os.path.isfile(os.path.join(ROOT, n))]
check(not stray, "every source file sits in a layer folder", ", ".join(stray))

sources = [(os.path.join(ROOT, folder, n), allowed)
           for folder, allowed in LAYERS.items()
           for n in sorted(os.listdir(os.path.join(ROOT, folder))) if n.endswith((".c", ".h"))]
sources += list(TOOLS.items())

upward, relative = [], []
edges = {}
for path, allowed in sources:
    stem = os.path.splitext(os.path.basename(path))[0]
    for inc in local_includes(path):
        if "/" in inc:
            relative.append(f"{path}: {inc}")
            continue
        where = home.get(inc)
        if where is None:
            upward.append(f"{path}: {inc} (no such header)")
        elif where not in allowed:
            upward.append(f"{path}: {inc} (in {where}/)")
        target = os.path.splitext(inc)[0]
        if target != stem:
            edges.setdefault(stem, set()).add(target)
check(not relative, "no include names a path", "; ".join(relative))
check(not upward, "every include comes from the file's own layer or one below it",
      "; ".join(upward))


def find_cycle():
    state = {}

    def visit(v, trail):
        state[v] = 1
        for w in sorted(edges.get(v, ())):
            if state.get(w) == 1:
                return trail[trail.index(w):] + [w] if w in trail else [v, w]
            if w not in state:
                found = visit(w, trail + [w])
                if found:
                    return found
        state[v] = 2
        return None

    for v in sorted(edges):
        if v not in state:
            found = visit(v, [v])
            if found:
                return found
    return None


cycle = find_cycle()
check(cycle is None, "no include circle between modules", " -> ".join(cycle or []))

print(f"1..{len(results)}")
for i, (ok, name, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok:
        print(f"  # {detail}")
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
