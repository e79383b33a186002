#!/usr/bin/env bash
# bench-scale.sh: forumd at scale: on a database of 10,000 posts and one of 1,000,000 (built once by tools/benchfill.c and cached), the lists, a thread page and search measured with wrk and curl on loopback against a release build; prints each figure, the ratio big/small, RSS and start-up, and a Markdown table.
# Usage: ops/bench-scale.sh [--quick] [SECONDS]   (SECONDS of wrk per page, default 5; --quick:
#   2,000 and 20,000 posts, 2 s). Environment: BENCH_SCALE_POSTS ("SMALL BIG", default
#   "10000 1000000"), FORUMD_BENCH_CACHE (default ~/.cache/forumd-bench), FORUMD_BIN (bench that
#   binary), BENCHFILL_BIN, BENCH_CONNECTIONS (32), BENCH_THREADS (2),
#   BENCH_SEARCH_CONNECTIONS (4), FORUMD_WORKERS (default: one per core).
# The databases are cached by schema and generator (the newest migration's name and a hash of
# migrations/, tools/benchfill.c, tools/benchtext.* and the sealing code) and never changed:
# forumd runs on a copy. Bounded: every wrk run lasts SECONDS, every curl at most 15 s, the
# one-at-a-time searches at most SEARCH_BUDGET s a case, forumd is killed after 30 min.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

name=bench-scale
quick=
if [[ ${1:-} == --quick ]]; then
	quick=1
	shift
fi
secs=${1:-$([[ -n $quick ]] && echo 2 || echo 5)}
read -r -a sizes <<<"${BENCH_SCALE_POSTS:-$([[ -n $quick ]] && echo "2000 20000" || echo "10000 1000000")}"
conns=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
search_conns=${BENCH_SEARCH_CONNECTIONS:-4}
cache=${FORUMD_BENCH_CACHE:-$HOME/.cache/forumd-bench}
SEARCH_SAMPLES=20        # one-at-a-time searches per case
SEARCH_BUDGET=60         # seconds those may take in all, per case
MAX_TIME=15              # seconds any one curl request may take
server_lifetime=1800     # forumd is killed after this, whatever happens
source ops/bench-lib.sh
bench_check_secs
[[ ${#sizes[@]} == 2 && ${sizes[0]} =~ ^[0-9]+$ && ${sizes[1]} =~ ^[0-9]+$ ]] ||
	{ echo "$name: BENCH_SCALE_POSTS must be two numbers of posts, small then big" >&2; exit 2; }
for tool in wrk sqlite3 curl; do
	command -v "$tool" >/dev/null || { bash ops/install-deps.sh bench; break; }
done

# ================================================================ binaries and databases

bin=${FORUMD_BIN:-}
fill=${BENCHFILL_BIN:-}
built=
build_once() {
	[[ -n $built ]] || { echo "$name: building build-bench (release)"; bench_build; built=1; }
}
if [[ -z $bin ]]; then
	build_once
	bin=build-bench/forumd
fi

# The cache key: the newest migration and a hash of what decides the database's bytes.
cache_key() {
	local newest
	newest=$(basename "$(printf '%s\n' migrations/*.sql | sort | tail -1)" .sql)
	echo "$newest-$(cat migrations/*.sql tools/benchfill.c tools/benchtext.c tools/benchtext.h \
		forumd/store/authorship.c forumd/store/alias.c | sha256sum | cut -c1-12)"
}

# Prints the path of the cached database of POSTS posts, building it first when missing.
cached_db() {
	local posts=$1 path t0
	path="$cache/forumd-bench-$posts-$(cache_key).db"
	if [[ ! -s $path || ! -s $path.key ]]; then
		[[ -n $fill ]] || { build_once >&2; fill=build-bench/benchfill; }
		mkdir -p -m 0700 "$cache"
		rm -f "$path.tmp" "$path.tmp.key"
		echo "$name: building $path (once; cached)" >&2
		t0=$SECONDS
		"$fill" --db "$path.tmp" --posts "$posts" >&2
		mv "$path.tmp.key" "$path.key"
		mv "$path.tmp" "$path"
		sync "$path"   # written back now, not while the benches run
		echo "$name: built $posts posts in $((SECONDS - t0)) s" >&2
	fi
	echo "$path"
}

# ================================================================ measuring

# "10 k", "1 M", "2 k": a size for headings.
human() {
	awk -v n="$1" 'BEGIN { if (n >= 1e6) printf "%g M", n / 1e6; else if (n >= 1e3) printf "%g k", n / 1e3; else print n }'
}

# Microseconds as "0.84 ms", "12.3 ms", "2.41 s"; "-" for nothing.
ms() {
	awk -v u="$1" 'BEGIN { if (u == "" || u == "-") print "-"; else if (u < 1e4) printf "%.2f ms", u / 1e3;
		else if (u < 1e6) printf "%.1f ms", u / 1e3; else printf "%.2f s", u / 1e6 }'
}

# forumd's own process id (bench_start's pid is the timeout around it).
server_pid() {
	{ cat "/proc/$pid/task/$pid/children" 2>/dev/null || pgrep -P "$pid"; } | awk 'NR == 1 {print $1}'
}

# Waits until forumd has used under 4 % of a core for half a second (slow requests the
# last run left behind have drained), at most 120 s; says how long that took.
wait_idle() {
	local spid t0=$SECONDS a b
	spid=$(server_pid)
	[[ -n $spid ]] || return 0
	b=$(awk '{print $14 + $15}' "/proc/$spid/stat")
	while ((SECONDS - t0 < 120)); do
		sleep 0.5
		a=$b
		b=$(awk '{print $14 + $15}' "/proc/$spid/stat" 2>/dev/null) || return 0
		((b - a <= 2)) && break
	done
	((SECONDS - t0 <= 2)) || echo "    (forumd finished the requests left in flight for $((SECONDS - t0)) s)"
}

# The wrk scripts: done() prints "PCT p50 p95 p99 requests timeouts" (microseconds);
# thread.lua also picks a random listed thread for each request.
write_lua() {
	cat >"$tmp/pct.lua" <<'LUA'
done = function(summary, latency, requests)
	io.write(string.format("PCT %d %d %d %d %d\n", latency:percentile(50), latency:percentile(95),
		latency:percentile(99), summary.requests, summary.errors.timeout))
end
LUA
	{
		printf 'local ids = {'
		sqlite3 -readonly "$tmp/forum.db" \
			"SELECT id FROM threads WHERE state = 'visible' ORDER BY random() LIMIT 2000" | paste -sd, -
		printf '}\n'
		cat <<'LUA'
init = function(args)
	math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1e6) + #tostring({}))
end
request = function()
	return wrk.format(nil, "/d/" .. ids[math.random(#ids)])
end
LUA
		cat "$tmp/pct.lua"
	} >"$tmp/thread.lua"
}

declare -A R   # "size|label" -> a page's "req/s p50 p95 p99 alone", a search's "first n p50 p95 p99 req/s" (µs)
labels=()      # page labels, in order
slabels=()     # search labels, in order

# Parses the PCT line of file into p50 p95 p99, wrk_requests and wrk_timeouts ("-" for the
# percentiles when no request completed).
read_pct() {
	read -r p50 p95 p99 wrk_requests wrk_timeouts < <(awk '$1 == "PCT" {print $2, $3, $4, $5, $6}' "$1")
	if ((${wrk_requests:-0} == 0)); then
		p50=- p95=- p99=- wrk_requests=0
	fi
}

# req/s as printed: "none in 5 s" when wrk saw no request complete; unit_rate adds "req/s".
shown_rate() {
	if [[ $1 == 0 || $1 == 0.00 ]]; then echo "none in ${secs} s"; else rate "$1"; fi
}
unit_rate() {
	if [[ $1 == 0 || $1 == 0.00 ]]; then shown_rate "$1"; else echo "$(rate "$1") req/s"; fi
}

# Times `count` requests of path one at a time; sets alone (their median, microseconds).
time_alone() {
	local path=$1 count=$2 out times=()
	for ((i = 0; i < count; i++)); do
		out=$(curl -s -o /dev/null --max-time "$MAX_TIME" -w '%{time_total}' "http://127.0.0.1:$port$path") || continue
		times+=("$(awk -v s="$out" 'BEGIN {printf "%d", s * 1e6}')")
	done
	alone=$(printf '%s\n' "${times[@]}" | sort -n | awk '{v[NR] = $1} END {print NR ? v[int((NR + 1) / 2)] : "-"}')
}

# Measures GET path: the median of 3 requests one at a time (after one more to warm it),
# then wrk (script: pct or thread, whose own path replaces `path`); records it as label.
# A slow page (over 100 ms alone) gets no wrk warm-up: it would leave a backlog behind.
page() {
	local label=$1 path=$2 script=${3:-pct} note= warmup=2
	time_alone "$path" 4
	[[ $alone == - || $alone -le 100000 ]] || warmup=0
	wrk_extra=(--timeout "${MAX_TIME}s" -s "$tmp/$script.lua")
	wrk_warmup=$warmup wrk_quiet=1 bench_wrk "http://127.0.0.1:$port$path"
	read_pct "$tmp/wrk.out"
	[[ $size != "${sizes[0]}" ]] || labels+=("$label")
	R["$size|$label"]="$rps $p50 $p95 $p99 $alone"
	[[ -z $errors ]] || note=" [${errors//$'\n'/; }]"
	((wrk_timeouts == 0)) || note+=" [$wrk_timeouts timed out at ${MAX_TIME} s]"
	printf '  %-34s alone %-9s %-14s p50 %-9s p95 %-9s p99 %s%s\n' "$label" "$(ms "$alone")" \
		"$(unit_rate "$rps")" "$(ms "$p50")" "$(ms "$p95")" "$(ms "$p99")" "$note"
	wait_idle
}

# The page reached by following "next" from / (JSON) up to page 200; sets deep and deep_n.
follow_next() {
	local body next
	deep=/ deep_n=1
	while ((deep_n < 200)); do
		body=$(curl -s --max-time "$MAX_TIME" -H 'Accept: application/json' "http://127.0.0.1:$port$deep") || break
		next=$(grep -o '"next_url":"[^"]*"' <<<"$body" | sed 's/^"next_url":"//; s/"$//' || true)
		[[ -n $next ]] || break
		deep=$next
		deep_n=$((deep_n + 1))
	done
}

# SEARCH_SAMPLES requests of path one at a time (within SEARCH_BUDGET s); sets first, n, p50,
# p95, p99 (microseconds, nearest rank), timeouts and results (on the first page).
one_at_a_time() {
	local path=$1 t0=$SECONDS out rc times=()
	timeouts=0 results=
	for ((i = 0; i < SEARCH_SAMPLES && SECONDS - t0 < SEARCH_BUDGET; i++)); do
		out=$(curl -s -o "$tmp/search.html" --max-time "$MAX_TIME" -w '%{time_total} %{http_code}' \
			"http://127.0.0.1:$port$path") && rc=0 || rc=$?
		if ((rc != 0)); then
			timeouts=$((timeouts + 1))
			continue
		fi
		[[ ${out#* } == 200 ]] || echo "    $path answered ${out#* }"
		[[ -n $results ]] || results=$(grep -c 'class="snippet"' "$tmp/search.html" || true)
		times+=("$(awk -v s="${out% *}" 'BEGIN {printf "%d", s * 1e6}')")
	done
	n=${#times[@]}
	first=${times[0]:--} p50=- p95=- p99=-
	((n == 0)) || read -r p50 p95 p99 < <(printf '%s\n' "${times[@]}" | sort -n |
		awk '{v[NR] = $1} END {split("50 95 99", q, " ")
			for (i = 1; i <= 3; i++) {k = int(q[i] * NR / 100 + 0.999); printf "%s ", v[k]} print ""}')
}

# Measures search path: one at a time, then wrk with BENCH_SEARCH_CONNECTIONS.
search() {
	local label=$1 path=$2 note=
	one_at_a_time "$path"
	wrk_extra=(--timeout "${MAX_TIME}s" -s "$tmp/pct.lua")
	conns=$search_conns wrk_warmup=0 wrk_quiet=1 bench_wrk "http://127.0.0.1:$port$path"
	[[ $size != "${sizes[0]}" ]] || slabels+=("$label")
	R["$size|$label"]="$first $n $p50 $p95 $p99 $rps"
	((timeouts == 0)) || note=" [$timeouts of $SEARCH_SAMPLES timed out at ${MAX_TIME} s]"
	((n + timeouts == SEARCH_SAMPLES)) || note+=" [only $((n + timeouts)) in ${SEARCH_BUDGET} s]"
	[[ -z $errors ]] || note+=" [wrk: ${errors//$'\n'/; }]"
	printf '  %-34s first %-9s p50 %-9s p95 %-9s p99 %-9s %-14s %s results%s\n' "$label" \
		"$(ms "$first")" "$(ms "$p50")" "$(ms "$p95")" "$(ms "$p99")" "$(unit_rate "$rps")" "${results:-?}" "$note"
	wait_idle
}

# The searches: four kinds of query, each alone and with each filter the form has (topic,
# specialty, moderator pick, a year's date range); a long prefix, OR and -word; newest first.
searches() {
	local q qs label filter year
	year=$(date -u -d '2 years ago' +%Y)
	local -A query=([patient]=patient [neighbour]=neighbour ['"malpractice insurance"']=%22malpractice%20insurance%22
		[pati*]=pati%2A [patien*]=patien%2A ['gift OR card']=gift%20OR%20card ['patient -family']=patient%20-family)
	for q in patient neighbour '"malpractice insurance"' 'pati*'; do
		qs=${query[$q]}
		for filter in "" "&topic=gifts-money" "&specialty=critical-care" "&picked=1" "&from=$year-01-01&to=$year-12-31"; do
			label="search $q${filter:+ ${filter#&}}"
			label=${label/from=$year-01-01&to=$year-12-31/in $year}
			search "$label" "/search?q=$qs$filter"
		done
	done
	for q in 'patien*' 'gift OR card' 'patient -family'; do
		search "search $q" "/search?q=${query[$q]}"
	done
	for q in patient neighbour; do
		search "search $q sort=newest" "/search?q=${query[$q]}&sort=newest"
	done
}

# While 32 clients search for "patient", a thread page's latency from 4 more (and alone).
stall() {
	local url="http://127.0.0.1:$port/search?q=patient" alone busy
	wrk_extra=(--timeout "${MAX_TIME}s" -s "$tmp/thread.lua")
	conns=4 threads=1 wrk_warmup=0 wrk_quiet=1 bench_wrk "http://127.0.0.1:$port/"
	read_pct "$tmp/wrk.out"
	alone="$rps $p50 $p95 $p99"
	timeout $((secs + 40)) wrk -t1 -c32 -d"$((secs + 2))s" --timeout "${MAX_TIME}s" -s "$tmp/pct.lua" \
		"$url" >"$tmp/wrk-search.out" &
	local loader=$!
	sleep 1
	conns=4 threads=1 wrk_warmup=0 wrk_quiet=1 bench_wrk "http://127.0.0.1:$port/"
	read_pct "$tmp/wrk.out"
	busy="$rps $p50 $p95 $p99"
	wait "$loader" || true
	read_pct "$tmp/wrk-search.out"
	R["$size|stall alone"]=$alone
	R["$size|stall busy"]=$busy
	R["$size|search 32"]="$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk-search.out") $p50 $p95 $p99 $wrk_timeouts"
	read -r a_rps _ _ a99 <<<"$alone"
	read -r b_rps _ _ b99 <<<"$busy"
	printf '  %-34s alone %s, p99 %s; while 32 clients search "patient": %s, p99 %s\n' \
		"thread page, 4 clients" "$(unit_rate "$a_rps")" "$(ms "$a99")" "$(unit_rate "$b_rps")" "$(ms "$b99")"
	read -r s_rps s50 _ s99 s_to <<<"${R["$size|search 32"]}"
	printf '  %-34s %s, p50 %s, p99 %s%s\n' 'search "patient", 32 clients' "$(unit_rate "$s_rps")" "$(ms "$s50")" \
		"$(ms "$s99")" "$( ((s_to == 0)) || echo " [$s_to timed out at ${MAX_TIME} s]")"
	wait_idle
}

# Stops forumd; records how long it took and its memory just before.
stop_server() {
	local spid t0
	spid=$(server_pid)
	R["$size|rss"]=$(awk '/^VmRSS:/ {r = $2} /^VmHWM:/ {h = $2} END {printf "%.0f %.0f", r / 1024, h / 1024}' \
		"/proc/$spid/status")
	t0=$(date +%s%N)
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null || true
	pid=
	R["$size|stop"]=$((($(date +%s%N) - t0) / 1000000))
}

# Everything above on a copy of the cached database of `size` posts.
run_size() {
	local db=$1 bytes
	bytes=$(stat -c %s "$db")
	R["$size|bytes"]=$bytes
	echo
	echo "$name: $(human "$size") posts: copying $db ($((bytes / 1048576)) MB)"
	rm -f "$tmp"/forum.db*
	cp "$db" "$tmp/forum.db"
	cp "$db.key" "$tmp/forum.db.key"
	chmod 600 "$tmp/forum.db" "$tmp/forum.db.key"
	sync "$tmp/forum.db"   # the copy written back before measuring, not during
	write_lua
	printf 'log_requests = false\n' >"$tmp/forumd.conf"
	bench_start "$bin" --config "$tmp/forumd.conf"
	R["$size|start"]=$start_ms
	echo "$name: forumd listening after $start_ms ms; wrk -t$threads -c$conns -d${secs}s per page"
	page "front page" /
	follow_next
	R["$size|deep"]=$deep_n
	page "page 200 of the front page" "$deep"
	[[ $deep_n == 200 ]] || echo "    (the list ends at page $deep_n: measured that one)"
	page "a random thread page" / thread
	page "topic /t/gifts-money" /t/gifts-money
	page "specialty /s/critical-care" /s/critical-care
	page "/unanswered" /unanswered
	echo "$name: searches: $SEARCH_SAMPLES one at a time (first = the first of them), then wrk -c$search_conns -d${secs}s"
	searches
	stall
	stop_server
	read -r rss hwm <<<"${R["$size|rss"]}"
	echo "$name: forumd VmRSS $rss MB, VmHWM $hwm MB; stopped in ${R["$size|stop"]} ms"
	rm -f "$tmp"/forum.db*
}

# ================================================================ the report

# Requests/s for tables: whole and grouped by thousands from 100 up ("8,150"), else "49.6".
rate() {
	awk -v r="$1" 'BEGIN { if (r == "" || r == "-") { print "-"; exit } if (r < 100) { printf "%.1f\n", r; exit }
		s = sprintf("%d", r + 0.5); o = ""; while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
		print s o }'
}

# b / a: "1.25", "0.004"; "-" when either is missing or zero.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 <= 0 || b + 0 <= 0) { print "-"; exit } r = b / a
		if (r >= 0.1) printf "%.2f\n", r; else printf "%.2g\n", r }'
}

pages_table() {
	local s=${sizes[0]} b=${sizes[1]} label
	echo "| page | $(human "$s") alone | $(human "$s") req/s | $(human "$s") p50 / p95 / p99 | $(human "$b") alone | $(human "$b") req/s | $(human "$b") p50 / p95 / p99 | $(human "$b") / $(human "$s") req/s |"
	echo "|---|---|---|---|---|---|---|---|"
	for label in "${labels[@]}"; do
		read -r r1 a1 b1 c1 o1 <<<"${R["$s|$label"]}"
		read -r r2 a2 b2 c2 o2 <<<"${R["$b|$label"]}"
		[[ $label != "page 200"* || ${R["$s|deep"]} == 200 ]] ||
			label+=" ($(human "$s"): page ${R["$s|deep"]}, the last)"
		echo "| $label | $(ms "$o1") | $(shown_rate "$r1") | $(ms "$a1") / $(ms "$b1") / $(ms "$c1") | $(ms "$o2") | $(shown_rate "$r2") | $(ms "$a2") / $(ms "$b2") / $(ms "$c2") | $(ratio "$r1" "$r2") |"
	done
}

search_table() {
	local s=${sizes[0]} b=${sizes[1]} label
	echo "| search | $(human "$s") p50 / p95 / p99 | $(human "$s") req/s | $(human "$b") first | $(human "$b") p50 / p95 / p99 | $(human "$b") req/s | p95 $(human "$b") / $(human "$s") |"
	echo "|---|---|---|---|---|---|---|"
	for label in "${slabels[@]}"; do
		if [[ ${R["$s|$label"]} == n/a ]]; then
			echo "| ${label% sort=new} sorted by date | n/a (not supported yet) | | | | | |"
			continue
		fi
		read -r f1 n1 a1 b1 c1 r1 <<<"${R["$s|$label"]}"
		read -r f2 n2 a2 b2 c2 r2 <<<"${R["$b|$label"]}"
		echo "| $label | $(ms "$a1") / $(ms "$b1") / $(ms "$c1") | $(shown_rate "$r1") | $(ms "$f2") | $(ms "$a2") / $(ms "$b2") / $(ms "$c2") | $(shown_rate "$r2") | $(ratio "$b1" "$b2") |"
	done
}

others_table() {
	local s=${sizes[0]} b=${sizes[1]} size x1 x2
	echo "| | $(human "$s") | $(human "$b") |"
	echo "|---|---|---|"
	for x in "stall alone" "stall busy"; do
		read -r r1 _ _ p1 <<<"${R["$s|$x"]}"
		read -r r2 _ _ p2 <<<"${R["$b|$x"]}"
		echo "| thread page, 4 clients, ${x#stall }$([[ $x == "stall busy" ]] && echo ' (32 clients searching "patient")') | $(unit_rate "$r1"), p99 $(ms "$p1") | $(unit_rate "$r2"), p99 $(ms "$p2") |"
	done
	read -r r1 a1 _ p1 _ <<<"${R["$s|search 32"]}"
	read -r r2 a2 _ p2 _ <<<"${R["$b|search 32"]}"
	echo "| search \"patient\", 32 clients | $(unit_rate "$r1"), p50 $(ms "$a1"), p99 $(ms "$p1") | $(unit_rate "$r2"), p50 $(ms "$a2"), p99 $(ms "$p2") |"
	read -r x1 h1 <<<"${R["$s|rss"]}"
	read -r x2 h2 <<<"${R["$b|rss"]}"
	echo "| forumd VmRSS / VmHWM after the run | $x1 MB / $h1 MB | $x2 MB / $h2 MB |"
	echo "| start-up to \"listening\" | ${R["$s|start"]} ms | ${R["$b|start"]} ms |"
	echo "| stop (SIGTERM to exit) | ${R["$s|stop"]} ms | ${R["$b|stop"]} ms |"
	echo "| database file | $((R["$s|bytes"] / 1048576)) MB | $((R["$b|bytes"] / 1048576)) MB |"
}

# ================================================================ main

bench_prepare
echo "$name: $(nproc) cores; $(uptime | sed 's/^.*load/load/')"
dbs=()
for size in "${sizes[@]}"; do
	dbs+=("$(cached_db "$size")")
done
for i in 0 1; do
	size=${sizes[$i]}
	run_size "${dbs[$i]}"
done

echo
echo "$name: results ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, release build, wrk -t$threads -c$conns -d${secs}s per page;"
echo "searches: $SEARCH_SAMPLES one at a time, then wrk -c$search_conns -d${secs}s; latency in ms unless marked s)"
echo
pages_table
echo
search_table
echo
others_table
