#!/bin/sh
# bench-login.sh: front-page latency percentiles on loopback, alone and while 20 logins
# hash at once (Argon2id on the pool). Bounded: a fixed number of requests, loopback only.
# usage: ops/bench-login.sh [BUILD_DIR]   (default: build; FORUMD_BIN overrides the binary)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
export FORUMD_BIN="${FORUMD_BIN:-$here/../$build/forumd}"
exec node "$here/bench-login.mjs"
