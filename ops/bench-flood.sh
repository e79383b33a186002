#!/usr/bin/env bash
# bench-flood.sh: a normal reader's latency and refusals while up to 10,000 connections from
# up to 500 loopback addresses trickle their headers (slowloris), forumd's memory per open
# connection, and malformed framing (ops/bench-flood.mjs). Loopback only, bounded (about
# 3 minutes). Run by hand on an idle machine; figures go in docs/PERFORMANCE.md.
# Usage: ops/bench-flood.sh [READER_SECONDS]   (default 20, at most 60)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash ops/install-deps.sh build >/dev/null
if [[ -d build-bench/meson-private ]]; then
	meson setup --reconfigure build-bench --buildtype=release >/dev/null
else
	meson setup build-bench --buildtype=release >/dev/null
fi
ninja -C build-bench >/dev/null
# the attackers' sockets need files too: as many as the system allows
ulimit -n "$(ulimit -Hn)"
FORUMD_BIN=build-bench/forumd exec node ops/bench-flood.mjs "${1:-20}"
