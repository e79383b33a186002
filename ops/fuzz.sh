#!/usr/bin/env bash
# fuzz.sh: builds the fuzz targets of tests/fuzz/ with clang, libFuzzer, ASan and UBSan
# (build-fuzz/), and runs each for SECONDS (default 60) on its seed corpus and what earlier
# runs found. Ends with "fuzz: N passed, N failed"; exits 1 if any target crashed.
# Usage: ops/fuzz.sh [SECONDS] [TARGET...]   (targets: the names in meson.build's fuzz_targets)
# Corpora grow in build-fuzz/corpus/TARGET; a crash is saved as build-fuzz/crashes/TARGET-*
# and its log in build-fuzz/logs/TARGET.log. Keep a crash as a regression: copy it into
# tests/fuzz/corpus/TARGET/ (the unit tests replay every file there), then fix it.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-60}
shift || true
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2; }
all=(framing decode router template markdown ftsq privacy config)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")

dir=build-fuzz
if [[ -d $dir/meson-private ]]; then
	meson setup --reconfigure "$dir" >/dev/null || exit 1
else
	CC=clang meson setup "$dir" --buildtype=debugoptimized -Dfuzz=true \
		-Db_sanitize=address,undefined -Db_lundef=false >/dev/null || exit 1
fi
ninja -C "$dir" $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null || { echo "fuzz: build failed" >&2; exit 1; }
mkdir -p "$dir/corpus" "$dir/crashes" "$dir/logs"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
passed=0
failed=0
for t in "${targets[@]}"; do
	[[ -x $dir/fuzz_$t ]] || { echo "fuzz: no target $t" >&2; failed=$((failed + 1)); continue; }
	mkdir -p "$dir/corpus/$t"
	log=$dir/logs/$t.log
	# the first folder takes what this run finds; the seeds are read, never written
	"$dir/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$dir/crashes/$t-" "$dir/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	runs=$(awk '/^stat::number_of_executed_units:/ {print $2}' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	if ((rc == 0)); then
		passed=$((passed + 1))
		printf 'fuzz %-9s ok      %s s, %s runs, coverage %s edges, corpus %s\n' "$t" "$seconds" \
			"${runs:-?}" "${cov:-?}" "$(ls "$dir/corpus/$t" | wc -l)"
	else
		failed=$((failed + 1))
		printf 'fuzz %-9s CRASHED (exit %d): see %s\n' "$t" "$rc" "$log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*property failed|artifact_prefix|Test unit written)' "$log" | head -5
	fi
done
echo "fuzz: $passed passed, $failed failed"
((failed == 0))
