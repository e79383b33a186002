#!/usr/bin/env bash
# test.sh: command two: installs what is missing, builds forumd plain and with ASan+UBSan, runs every test, and ends with "N passed, N failed".
# Stages: unit (meson test), integration and browser (node --test) on build/; unit and integration
# again on build-asan/; the ops tests (node --test tests/ops/: the Debian package built,
# checked, installed, run, removed and purged); then each fuzz target for FORUMD_FUZZ_SECONDS (default 20) under
# libFuzzer, ASan and UBSan (ops/fuzz.sh, build-fuzz/). A failing stage does not stop the
# others; the exit status is 1 if any failed.
# Logs and TAP files: build/test-logs/. Screenshots: build/screenshots/.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

STAGE_TIMEOUT=${FORUMD_STAGE_TIMEOUT:-1200}   # seconds one stage may run
LOGS=build/test-logs
total_pass=0
total_fail=0
lines=()

# record STAGE PASSED FAILED: adds one stage's counts to the totals and the summary.
record() {
	total_pass=$((total_pass + $2))
	total_fail=$((total_fail + $3))
	lines+=("$(printf '  %-30s %4d passed, %d failed' "$1" "$2" "$3")")
}

banner() { printf '\n==== %s ====\n' "$*"; }

# build DIR MESON_OPTION...: configures (or reconfigures) and compiles DIR; 0 when it built.
build() {
	local dir=$1; shift
	banner "build $dir"
	if [[ -d $dir/meson-private ]]; then
		meson setup --reconfigure "$dir" "$@" || meson setup --wipe "$dir" "$@" || return 1
	else
		meson setup "$dir" "$@" || return 1
	fi
	ninja -C "$dir"
}

# unit NAME DIR [VAR=VALUE...]: runs meson test in DIR and records its summary (Ok / Fail / Timeout ...).
unit() {
	local name=$1 dir=$2 log="$LOGS/$1.log" rc; shift 2
	banner "$name"
	env "$@" timeout -k 10 "$STAGE_TIMEOUT" meson test -C "$dir" --print-errorlogs 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	local ok fail
	ok=$(awk '/^Ok:/ {a+=$2} /^Expected Fail:/ {a+=$3} END {print a+0}' "$log")
	fail=$(awk '/^Fail:/ {f+=$2} /^Unexpected Pass:/ {f+=$3} /^Timeout:/ {f+=$2} END {print f+0}' "$log")
	if ((rc != 0 && fail == 0)); then fail=1; fi
	record "$name" "$ok" "$fail"
}

# node_tests NAME DIR [VAR=VALUE...]: runs node --test on DIR and records the TAP summary.
node_tests() {
	local name=$1 dir=$2 tap="$LOGS/$1.tap" rc; shift 2
	banner "$name"
	rm -f "$tap"
	env "$@" timeout -k 10 "$STAGE_TIMEOUT" node --test \
		--test-reporter=spec --test-reporter-destination=stdout \
		--test-reporter=tap --test-reporter-destination="$tap" "$dir"
	rc=$?
	local pass fail cancelled
	pass=$(awk '/^# pass / {n=$3} END {print n+0}' "$tap" 2>/dev/null || echo 0)
	fail=$(awk '/^# fail / {n=$3} END {print n+0}' "$tap" 2>/dev/null || echo 0)
	cancelled=$(awk '/^# cancelled / {n=$3} END {print n+0}' "$tap" 2>/dev/null || echo 0)
	fail=$((fail + cancelled))
	if ((rc != 0 && fail == 0)); then fail=1; fi
	record "$name" "$pass" "$fail"
}

banner "dependencies"
if ! bash ops/install-deps.sh test; then
	record "dependencies" 0 1
fi

asan_env=(ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1)

# Both test builds hold the I/O-fault VFS (tests/iofault/faultvfs.c) for iofaults.test.mjs.
if build build --buildtype=debugoptimized -Dio_faults=true; then
	mkdir -p "$LOGS"
	unit "unit" build
	node_tests "integration" tests/integration FORUMD_BIN=build/forumd
	node_tests "browser" tests/browser FORUMD_BIN=build/forumd
else
	record "build (build/)" 0 1
fi

if build build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false -Dio_faults=true; then
	mkdir -p "$LOGS"
	unit "unit-asan" build-asan "${asan_env[@]}"
	node_tests "integration-asan" tests/integration FORUMD_BIN=build-asan/forumd "${asan_env[@]}"
else
	record "build (build-asan/)" 0 1
fi

node_tests "ops" tests/ops FORUMD_BIN=build/forumd

# fuzz: ops/fuzz.sh's own summary line gives the counts (a target that crashed fails)
banner "fuzz"
mkdir -p "$LOGS"
timeout -k 10 "$STAGE_TIMEOUT" bash ops/fuzz.sh "${FORUMD_FUZZ_SECONDS:-20}" 2>&1 | tee "$LOGS/fuzz.log"
fuzz_line=$(grep '^fuzz: [0-9]* passed, [0-9]* failed' "$LOGS/fuzz.log" | tail -1)
if [[ -n $fuzz_line ]]; then
	record "fuzz" "$(awk '{print $2}' <<<"$fuzz_line")" "$(awk '{print $4}' <<<"$fuzz_line")"
else
	record "fuzz (build)" 0 1
fi

if ((total_pass + total_fail == 0)); then
	record "no test ran" 0 1
fi

printf '\n==== summary ====\n'
printf '%s\n' "${lines[@]}"
echo "$total_pass passed, $total_fail failed"
((total_fail == 0))
