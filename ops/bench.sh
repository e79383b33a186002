#!/usr/bin/env bash
# bench.sh: measures the front page's requests/s and latency with wrk on loopback against a release build seeded with the demo content.
# Usage: ops/bench.sh [SECONDS] (default 10). Environment: BENCH_PATH (default /), BENCH_CONNECTIONS
# (default 32), BENCH_THREADS (default 2), FORUMD_WORKERS (default: one per core).
# Bounded: wrk runs for SECONDS, the server is killed after SECONDS+60 s whatever happens.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

secs=${1:-10}
path=${BENCH_PATH:-/}
conns=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
[[ $secs =~ ^[0-9]+$ && $secs -ge 1 && $secs -le 120 ]] || { echo "bench: SECONDS must be 1..120" >&2; exit 2; }

bash ops/install-deps.sh bench
if [[ -d build-bench/meson-private ]]; then
	meson setup --reconfigure build-bench --buildtype=release >/dev/null
else
	meson setup build-bench --buildtype=release >/dev/null
fi
ninja -C build-bench >/dev/null

tmp=$(mktemp -d "${TMPDIR:-/tmp}/forumd-bench.XXXXXX")
pid=
cleanup() {
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null ||
       echo $((20000 + RANDOM % 30000)))
workers=()
[[ -n ${FORUMD_WORKERS:-} ]] && workers=(--workers "$FORUMD_WORKERS")
timeout -s KILL $((secs + 60)) build-bench/forumd --listen "127.0.0.1:$port" --db "$tmp/forum.db" \
	--seed-demo "${workers[@]}" 2>"$tmp/forumd.log" &
pid=$!
for _ in $(seq 100); do
	grep -q 'listening on http://' "$tmp/forumd.log" 2>/dev/null && break
	kill -0 "$pid" 2>/dev/null || { echo "bench: forumd exited:" >&2; cat "$tmp/forumd.log" >&2; exit 1; }
	sleep 0.1
done
grep -q 'listening on http://' "$tmp/forumd.log" || { echo "bench: forumd did not start" >&2; exit 1; }

url="http://127.0.0.1:$port$path"
status=$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || echo "?")
echo "bench: $url answers $status; warming up 2 s"
timeout 30 wrk -t2 -c8 -d2s "$url" >/dev/null
echo "bench: wrk -t$threads -c$conns -d${secs}s --latency $url (forumd logs each request to a file)"
timeout $((secs + 30)) wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$url" | tee "$tmp/wrk.out"

rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out")
p() { awk -v q="$1" '$1 == q {print $2}' "$tmp/wrk.out"; }
errors=$(awk '/Non-2xx or 3xx responses:|Socket errors:/' "$tmp/wrk.out")
echo
echo "bench: $path: $rps requests/s; latency p50 $(p 50%) p75 $(p 75%) p90 $(p 90%) p99 $(p 99%)" \
	"($(nproc) cores, $conns connections, ${secs} s)"
[[ -z $errors ]] || echo "bench: $errors"
