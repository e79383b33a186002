#!/bin/bash
# bench-guard.sh: the privacy guard on the project's corpus (tests/guard/corpus): recall and
# false-positive rate on the parts the rules are tuned on and on the part kept for measuring
# only, every miss and false alarm with its category, and the time to scan a 20,000-character
# post. Builds build-bench/ (release) first. Targets (issue 12): recall >= 95 %, false
# positives <= 2 %, on the measure-only part.
#   --hide-measure   print the measure part's totals but not its misses (what a rule writer
#                    runs: reading those misses would make the part one more tune part)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=tests/guard/corpus
show() {
	if [ "$hide" = 1 ]; then grep -v '^  measure'; else cat; fi
}
hide=0
[ "${1:-}" = --hide-measure ] && hide=1
if [ ! -d build-bench ]; then
	meson setup build-bench --buildtype=release >/dev/null
fi
ninja -C build-bench guardbench >/dev/null
parts=()
for part in tune tune2 tune3 tune4 tune5 tune6 tune7 tune8 measure2; do
	id="$corpus/$part-identifying.tsv"
	clean="$corpus/$part-clean.tsv"
	[ -f "$id" ] || [ -f "$clean" ] || continue
	[ -f "$id" ] || id=/dev/null
	[ -f "$clean" ] || clean=/dev/null
	parts+=("${part/measure2/measure}" "$id" "$clean")
done
build-bench/guardbench "${parts[@]}" | show
