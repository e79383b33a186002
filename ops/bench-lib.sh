# bench-lib.sh: what the wrk bench scripts share: the release build, a temporary folder removed on exit, a free loopback port, starting forumd and waiting for it, and wrk with a warm-up.
# Sourced (not run) by ops/bench.sh, ops/bench-thread.sh, ops/bench-erase.sh and
# ops/bench-scale.sh from the repository's top folder, after they set: name (their messages'
# prefix), secs, conns, threads.

# Exits 2 unless secs is a whole number from 1 to 120.
bench_check_secs() {
	[[ $secs =~ ^[0-9]+$ && $secs -ge 1 && $secs -le 120 ]] || { echo "$name: SECONDS must be 1..120" >&2; exit 2; }
}

# Builds forumd for release in build-bench (reconfiguring an existing build).
bench_build() {
	if [[ -d build-bench/meson-private ]]; then
		meson setup --reconfigure build-bench --buildtype=release >/dev/null
	else
		meson setup build-bench --buildtype=release >/dev/null
	fi
	ninja -C build-bench >/dev/null
}

# Sets tmp (a fresh folder) and port (free on 127.0.0.1 a moment ago); on exit, stops the
# server started by bench_start and removes tmp.
bench_prepare() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/forumd-$name.XXXXXX")
	pid=
	trap bench_cleanup EXIT INT TERM
	port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null ||
	       echo $((20000 + RANDOM % 30000)))
}

bench_cleanup() {
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}

# Starts BINARY [ARGS...] on 127.0.0.1:$port with the database $tmp/forum.db (plus --workers
# $FORUMD_WORKERS when set), killed after server_lifetime seconds (default secs + 60)
# whatever happens; sets pid (the timeout wrapping it) and start_ms (milliseconds from
# launch to its "listening" line, give or take 20), waiting at most 30 s for that line
# (exits 1 when it does not come).
bench_start() {
	local bin=$1 workers=() t0
	shift
	[[ -n ${FORUMD_WORKERS:-} ]] && workers=(--workers "$FORUMD_WORKERS")
	t0=$(date +%s%N)
	timeout -s KILL "${server_lifetime:-$((secs + 60))}" "$bin" "$@" --listen "127.0.0.1:$port" \
		--db "$tmp/forum.db" "${workers[@]}" 2>"$tmp/forumd.log" &
	pid=$!
	for _ in $(seq 1500); do
		if grep -q 'listening on http://' "$tmp/forumd.log" 2>/dev/null; then
			start_ms=$((($(date +%s%N) - t0) / 1000000))
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || { echo "$name: forumd exited:" >&2; cat "$tmp/forumd.log" >&2; exit 1; }
		sleep 0.02
	done
	echo "$name: forumd did not start" >&2
	exit 1
}

# Warms URL up for wrk_warmup seconds (default 2; 0: none), then runs wrk on it for secs
# (its report shown, unless wrk_quiet is set, and kept in $tmp/wrk.out); sets rps and
# errors. NOTE, when given, ends the line naming the run. The array wrk_extra, when set,
# is added to both runs (a script, a timeout).
bench_wrk() {
	local url=$1 note=${2:-} warmup=${wrk_warmup:-2} extra=(${wrk_extra[@]+"${wrk_extra[@]}"})
	[[ $warmup == 0 ]] || timeout $((warmup + 30)) wrk -t2 -c8 -d"${warmup}s" "${extra[@]}" "$url" >/dev/null
	if [[ -n ${wrk_quiet:-} ]]; then
		timeout $((secs + 30)) wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "${extra[@]}" "$url" >"$tmp/wrk.out"
	else
		echo "$name: wrk -t$threads -c$conns -d${secs}s --latency ${extra[*]}${extra[*]:+ }$url${note:+ $note}"
		timeout $((secs + 30)) wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "${extra[@]}" "$url" | tee "$tmp/wrk.out"
	fi
	rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out")
	errors=$(awk '/Non-2xx or 3xx responses:|Socket errors:/' "$tmp/wrk.out")
}

# The latency at percentile Q ("50%", "99%"...) of the last bench_wrk.
bench_p() {
	awk -v q="$1" '$1 == q {print $2}' "$tmp/wrk.out"
}
