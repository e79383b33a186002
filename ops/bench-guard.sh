#!/bin/bash
# bench-guard.sh: the privacy guard on the project's corpus (tests/guard/corpus): recall and
# false-positive rate on the part the rules are tuned on and on the part kept for measuring
# only, every miss and false alarm with its category, and the time to scan a 20,000-character
# post. Builds build-bench/ (release) first. Targets (issue 12): recall >= 95 %, false
# positives <= 2 %, on the measure-only part.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=tests/guard/corpus
if [ ! -d build-bench ]; then
	meson setup build-bench --buildtype=release >/dev/null
fi
ninja -C build-bench guardbench >/dev/null
build-bench/guardbench \
	tune "$corpus/tune-identifying.tsv" "$corpus/tune-clean.tsv" \
	tune2 "$corpus/tune2-identifying.tsv" "$corpus/tune2-clean.tsv" \
	tune3 /dev/null "$corpus/tune3-clean.tsv" \
	tune4 "$corpus/tune4-identifying.tsv" /dev/null \
	measure "$corpus/measure-identifying.tsv" "$corpus/measure-clean.tsv"
