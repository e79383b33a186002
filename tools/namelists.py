#!/usr/bin/env python3
# namelists.py: build-time step for the privacy guard's word lists (base/privacy.c), from
# Debian packages only: first names and surnames from python3-fake-factory's person data
# (its Provider classes, read with ast: nothing is imported or run), and from the dictionaries
# of wamerican and wbritish their lowercase words (ordinary words, some of which are also
# names: "will", "hope") and their capitalised ones that are no person's name there (places,
# peoples, brands: "Scotia", "California").
# Places come from iso-codes (countries and their subdivisions: states, provinces, counties)
# and tzdata (the cities that name time zones): one-word names only ("Victoria", "Darwin").
# usage: namelists.py FAKER_PERSON_DIR OUT_DIR ISO_CODES_JSON_DIR ZONE_TAB DICTIONARY...
# Writes OUT_DIR/names_first.txt, names_surnames.txt, names_words.txt, names_proper.txt and
# names_places.txt: lowercase, one per line, sorted bytewise, unique.
import ast
import json
import os
import re
import sys

# Locales whose names nurses in English-speaking countries meet (Faker 0.9.3 names them so).
LOCALES = ["en", "en_US", "en_GB", "en_NZ", "es_ES", "es_MX", "pt_BR", "pt_PT", "it_IT",
           "fr_FR", "de_DE", "nl_NL", "pl_PL", "hi_IN", "tw_GH", "en_TH", "zh_CN", "ko_KR",
           "ru_RU", "uk_UA", "sv_SE", "no_NO", "dk_DK", "fi_FI", "hr_HR", "cs_CZ", "tr_TR"]
FIRST = {"first_names", "first_names_male", "first_names_female"}
LAST = {"last_names"}
NAME = re.compile(r"[^\W\d_][^\W\d_'-]*(['-][^\W\d_]+)*$")


def provider_lists(path):
    """{attribute: [names]} of the Provider class in the module at path."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    out = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.ClassDef) and node.name == "Provider"):
            continue
        for st in node.body:
            if not (isinstance(st, ast.Assign) and len(st.targets) == 1 and
                    isinstance(st.targets[0], ast.Name) and st.targets[0].id in FIRST | LAST):
                continue
            value = st.value
            if isinstance(value, ast.Call) and value.args:   # OrderedDict(((name, w), ...))
                value = value.args[0]
            try:
                items = ast.literal_eval(value)
            except ValueError:
                continue
            out[st.targets[0].id] = [x[0] if isinstance(x, tuple) else x for x in items]
    return out


def main():
    person_dir, out_dir, iso_dir, zone_tab = sys.argv[1:5]
    dictionaries = sys.argv[5:]
    first, last = set(), set()
    for loc in LOCALES:
        path = os.path.join(person_dir, loc, "__init__.py")
        if not os.path.exists(path):
            continue
        for attr, names in provider_lists(path).items():
            names = {n.lower() for n in names if isinstance(n, str) and NAME.match(n)}
            if attr in FIRST:
                first |= names
            elif loc != "en":          # Faker's plain "en" surnames are invented
                last |= names
    words, proper = set(), set()
    for dictionary in dictionaries:
        with open(dictionary, encoding="utf-8") as f:
            for w in f:
                w = w.strip()
                if not w or "'" in w:
                    continue
                if w == w.lower():
                    words.add(w)
                elif w[0].isupper() and w[1:] == w[1:].lower():
                    proper.add(w.lower())
    proper -= first | last | words
    places = set()
    for name, key in (("iso_3166-1.json", "3166-1"), ("iso_3166-2.json", "3166-2")):
        with open(os.path.join(iso_dir, name), encoding="utf-8") as f:
            for entry in json.load(f)[key]:
                for field in ("name", "common_name"):
                    place = entry.get(field, "")
                    if place and " " not in place and NAME.match(place):
                        places.add(place.lower())
    with open(zone_tab, encoding="utf-8") as f:
        for line in f:
            cols = line.split("\t")
            if len(cols) >= 3 and not line.startswith("#"):
                city = cols[2].strip().split("/")[-1]
                if "_" not in city and NAME.match(city):
                    places.add(city.lower())
    if len(first) < 3000 or len(last) < 1000 or len(words) < 30000 or len(places) < 1000:
        sys.exit("namelists.py: lists too short (%d first, %d surnames, %d words)"
                 % (len(first), len(last), len(words)))
    os.makedirs(out_dir, exist_ok=True)
    for name, items in (("names_first.txt", first), ("names_surnames.txt", last),
                        ("names_words.txt", words), ("names_proper.txt", proper),
                        ("names_places.txt", places)):
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            for item in sorted(items, key=lambda s: s.encode("utf-8")):
                f.write(item + "\n")


main()
