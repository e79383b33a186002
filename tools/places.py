#!/usr/bin/env python3
# places.py: writes the migration that holds the places nurses practise in (issue 14), from
# Debian's iso-codes: every country of ISO 3166-1 (its common name where it has one:
# "Bolivia", "South Korea"), and for the countries whose nurses are licensed by a state or a
# province (United States, Canada, Australia) their states, provinces, territories and the
# District of Columbia from ISO 3166-2 (not the uninhabited US-UM). The output is committed
# (migrations never change once applied); run it again only for a new migration.
# usage: places.py ISO_CODES_JSON_DIR > migrations/NNNN_places.sql
import json
import os
import sys
import unicodedata

BY_STATE = ["US", "CA", "AU"]
LEFT_OUT = {"US-UM"}


def collate(name):
    """name without accents, for a sort readers expect ("Åland" among the A's)."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)).casefold()


def sql_text(s):
    return "'" + s.replace("'", "''") + "'"


def main(src):
    countries = json.load(open(os.path.join(src, "iso_3166-1.json"), encoding="utf-8"))["3166-1"]
    parts = json.load(open(os.path.join(src, "iso_3166-2.json"), encoding="utf-8"))["3166-2"]
    rows = []
    for c in sorted(countries, key=lambda c: collate(c.get("common_name", c["name"]))):
        code = c["alpha_2"]
        rows.append((code, c.get("common_name", c["name"]), code))
        if code in BY_STATE:
            subs = [p for p in parts if p["code"].startswith(code + "-") and p["code"] not in LEFT_OUT]
            rows += [(p["code"], p["name"], code) for p in sorted(subs, key=lambda p: collate(p["name"]))]
    print("-- 0017_places.sql: where nurses practise (issue 14). Every country of ISO 3166-1 and, for the")
    print("-- countries whose nurses are licensed by a state or a province (United States, Canada,")
    print("-- Australia), their states, provinces and territories (ISO 3166-2). Made by tools/places.py")
    print("-- from Debian's iso-codes; a member's place and a dilemma's (later migrations) name one code.")
    print("-- `country` is a state's country, a country's own code; `sort` orders a list of them all.")
    print("CREATE TABLE places (")
    print("\tcode    TEXT    NOT NULL PRIMARY KEY CHECK (length(code) BETWEEN 2 AND 6),")
    print("\tname    TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 80),")
    print("\tcountry TEXT    NOT NULL REFERENCES places(code),")
    print("\tsort    INTEGER NOT NULL UNIQUE")
    print(") STRICT, WITHOUT ROWID;")
    print()
    print("INSERT INTO places (code, name, country, sort) VALUES")
    print(",\n".join(f"\t({sql_text(code)}, {sql_text(name)}, {sql_text(country)}, {i + 1})"
                     for i, (code, name, country) in enumerate(rows)) + ";")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: places.py ISO_CODES_JSON_DIR > migrations/NNNN_places.sql")
    main(sys.argv[1])
