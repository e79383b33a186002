#!/usr/bin/env python3
"""test_guard_tables.py: every word table of the privacy guard's rules is registered at
start-up (TAP). guard_tok_in answers "no" at once for a word on no registered table, so a
table left out of its file's guard_*_ready() would never match. Each `static const char
*const NAME[]` in forumd/base/guard*.c that a rule looks words up in (guard_tok_in) must be
passed to guard_list_ready(NAME, ...) in the same file, and each file must look up some. Run from the project root: python3 tests/unit/test_guard_tables.py"""
import glob
import re

results = []
for path in sorted(glob.glob("forumd/base/guard*.c")):
    src = open(path, encoding="utf-8").read()
    looked_up = [name for name in re.findall(r"static const char \*const (\w+)\[\]", src)
                 if re.search(r"guard_tok_in\([^;]*\b" + name + r"\b", src)]
    if path.endswith(("guardwords.c", "guardtext.c")):   # the look-up itself, no rules
        continue
    results.append((bool(looked_up), "%s: looks words up in its tables" % path))
    for name in looked_up:
        ok = re.search(r"guard_list_ready\(\s*" + name + r"\s*,", src) is not None
        results.append((ok, "%s: table %s is registered" % (path, name)))
print("1..%d" % len(results))
for n, (ok, what) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
