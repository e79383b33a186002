#!/usr/bin/env bash
# bench.sh: measures the front page's requests/s and latency with wrk on loopback against a release build seeded with the demo content.
# Usage: ops/bench.sh [SECONDS] (default 10). Environment: BENCH_PATH (default /), BENCH_CONNECTIONS
# (default 32), BENCH_THREADS (default 2), FORUMD_WORKERS (default: one per core).
# Bounded: wrk runs for SECONDS, the server is killed after SECONDS+60 s whatever happens.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

name=bench
secs=${1:-10}
path=${BENCH_PATH:-/}
conns=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
source ops/bench-lib.sh
bench_check_secs

bash ops/install-deps.sh bench
bench_build
bench_prepare
bench_start build-bench/forumd --seed-demo

url="http://127.0.0.1:$port$path"
status=$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || echo "?")
echo "bench: $url answers $status; warming up 2 s"
bench_wrk "$url" "(forumd logs each request to a file)"

echo
echo "bench: $path: $rps requests/s; latency p50 $(bench_p 50%) p75 $(bench_p 75%) p90 $(bench_p 90%) p99 $(bench_p 99%)" \
	"($(nproc) cores, $conns connections, ${secs} s)"
[[ -z $errors ]] || echo "bench: $errors"
