#!/usr/bin/env bash
# bench-compare.sh: the thread page beside nginx serving the same bytes: anonymous readers and signed-in ones (the 50 members in turn), the front page and /healthz, request logging off and on, a login storm, and replies posted per second; median of alternating rounds, each a ratio to nginx.
# Usage: ops/bench-compare.sh [SECONDS] (default 5: each wrk run). Environment: BENCH_ROUNDS
# (default 3), BENCH_CONNECTIONS (default 64), BENCH_THREADS (default 2), FORUMD_WORKERS
# (default: one per core), FORUMD_BIN (skip the build).
# Bounded and loopback only: every wrk run lasts SECONDS; both forumd processes and nginx
# are killed after the whole bench's budget whatever happens.
# The thread (30 replies, tagged, some anonymous, some marked helpful) is filled through
# forumd's own forms by ops/bench-compare.mjs; nginx serves the bytes an anonymous reader
# got, at the same path.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

name=bench-compare
secs=${1:-5}
rounds=${BENCH_ROUNDS:-3}
conns=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
source ops/bench-lib.sh
bench_check_secs
[[ $rounds =~ ^[1-9]$ ]] || { echo "$name: BENCH_ROUNDS must be 1..9" >&2; exit 2; }
command -v wrk >/dev/null && command -v nginx >/dev/null && command -v sqlite3 >/dev/null ||
	bash ops/install-deps.sh bench

bin=${FORUMD_BIN:-}
if [[ -z $bin ]]; then
	bench_build
	bin=build-bench/forumd
fi

# 12 runs a round, each with a 1 s warm-up, then the storm and posting runs, plus set-up.
server_lifetime=$((rounds * 12 * (secs + 2) + 4 * (secs + 2) + 180))
bench_prepare
nginx_pid=
logged_pid=
stop_others() {
	[[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null
	[[ -n $logged_pid ]] && kill "$logged_pid" 2>/dev/null
	bench_cleanup
}
trap stop_others EXIT INT TERM

# The readers, the login storm and the posters all come from 127.0.0.1: the per-client
# connection cap is raised so that the bench measures the pages, not the cap; the storm's
# logins name 50 client addresses in X-Forwarded-For (trust_proxy), as 50 people's would.
cat >"$tmp/forumd.conf" <<EOF
log_requests = false
auth_attempts_per_client = 1000000
login_attempts_per_handle = 1000000
new_member_review = 0
post_limit_replies = 1000000
new_member_limit_replies = 1000000
max_connections_per_client = 100000
trust_proxy = true
EOF
sed 's/^log_requests = false/log_requests = true/' "$tmp/forumd.conf" >"$tmp/forumd-logged.conf"
bench_start "$bin" --config "$tmp/forumd.conf"
base="http://127.0.0.1:$port"

echo "$name: filling the thread through the forms (50 members register: Argon2id)"
node ops/bench-compare.mjs fill "$base" >"$tmp/fill.json"
field() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1]))[process.argv[2]])' "$tmp/fill.json" "$1"; }
thread=$(field thread)
# The signed-in readers: the 50 members in turn (the asker, the repliers with their own posts,
# the voters, bystanders), each request with the next one's session.
node -e '
const f = JSON.parse(require("fs").readFileSync(process.argv[1]));
process.stdout.write(`local readers = {\n${f.readers.map((c) => JSON.stringify(c)).join(",\n")}\n}
local n = 0
request = function()
	n = n + 1
	wrk.headers["Cookie"] = readers[n % #readers + 1]
	return wrk.format(nil)
end
`);' "$tmp/fill.json" >"$tmp/readers.lua"

# The same forumd code with request logging on, over the same database, its log on disk.
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
lport=$(free_port)
timeout -s KILL "$server_lifetime" "$bin" --config "$tmp/forumd-logged.conf" --listen "127.0.0.1:$lport" \
	--db "$tmp/forum.db" ${FORUMD_WORKERS:+--workers "$FORUMD_WORKERS"} 2>"$tmp/requests.log" &
logged_pid=$!

# nginx serves the anonymous reader's bytes at the same path.
mkdir -p "$tmp/www/d" "$tmp/nginx"
curl -sf "$base$thread" >"$tmp/www$thread"
chmod o+rx "$tmp" "$tmp/www" "$tmp/www/d" && chmod o+r "$tmp/www$thread"  # nginx's workers: nobody
replies=$(grep -c 'class="post reply' "$tmp/www$thread" || true)
[[ $replies == 30 ]] || { echo "$name: the page shows $replies replies, not 30" >&2; exit 1; }
nport=$(free_port)
cport=$(free_port)
# A second server: forumd's anonymous pages through nginx's cache, with the cache settings of
# ops/nginx.conf.example (plain HTTP here, as the static server is: the same cost of TLS would
# be on both sides).
cat >"$tmp/nginx/nginx.conf" <<EOF
worker_processes $(nproc);
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log;
daemon off;
events { worker_connections 1024; }
http {
	access_log off;
	default_type text/html;
	client_body_temp_path $tmp/nginx/body;
	proxy_temp_path $tmp/nginx/proxy;
	fastcgi_temp_path $tmp/nginx/fastcgi;
	uwsgi_temp_path $tmp/nginx/uwsgi;
	scgi_temp_path $tmp/nginx/scgi;
	server {
		listen 127.0.0.1:$nport;
		root $tmp/www;
	}
	proxy_cache_path $tmp/nginx/cache levels=1:2 keys_zone=forumd_pages:10m max_size=256m inactive=10m use_temp_path=off;
	map \$upstream_http_cache_control \$forumd_private { default 0; ~*(private|no-store) 1; }
	upstream forumd { server 127.0.0.1:$port; keepalive 32; }
	server {
		listen 127.0.0.1:$cport;
		location / {
			proxy_pass http://forumd;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host \$http_host;
			proxy_cache forumd_pages;
			proxy_cache_key \$scheme\$http_host\$request_uri;
			proxy_ignore_headers Cache-Control Expires;
			proxy_cache_valid 200 1s;
			proxy_cache_revalidate on;
			proxy_cache_lock on;
			proxy_cache_use_stale updating;
			proxy_cache_background_update on;
			proxy_cache_bypass \$http_cookie;
			proxy_no_cache \$http_cookie \$forumd_private \$upstream_http_set_cookie;
		}
	}
}
EOF
timeout -s KILL "$server_lifetime" nginx -e "$tmp/nginx/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do
	curl -sf -o /dev/null "http://127.0.0.1:$nport$thread" && curl -sf -o /dev/null "http://127.0.0.1:$lport/healthz" && break
	sleep 0.05
done
cmp -s "$tmp/www$thread" <(curl -s "http://127.0.0.1:$nport$thread") ||
	{ echo "$name: nginx does not serve the page's bytes" >&2; exit 1; }
cmp -s "$tmp/www$thread" <(curl -s "http://127.0.0.1:$cport$thread") ||
	{ echo "$name: nginx's cache does not serve the page's bytes" >&2; exit 1; }
echo "$name: $thread: $(wc -c <"$tmp/www$thread") bytes, $replies replies; $(nproc) cores;" \
	"wrk -t$threads -c$conns -d${secs}s, $rounds rounds"

# wrk's latency ("850.00us", "3.16ms", "1.02s") in milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }

# run KEY URL [wrk args...]: one wrk run; appends "KEY rps p50 p99" to $tmp/runs.
run() {
	local key=$1 url=$2
	shift 2
	wrk_extra=("$@")
	wrk_warmup=1 wrk_quiet=1 bench_wrk "$url"
	[[ -z $errors ]] || echo "$name: $key: $errors"
	echo "$key $rps $(ms "$(bench_p 50%)") $(ms "$(bench_p 99%)")" >>"$tmp/runs"
}

targets=(nginx anon cached signed front healthz anon-log signed-log front-log healthz-log)
url_of() {
	case $1 in
	nginx) echo "http://127.0.0.1:$nport$thread" ;;
	cached) echo "http://127.0.0.1:$cport$thread" ;;
	anon|signed) echo "$base$thread" ;;
	front) echo "$base/" ;;
	healthz) echo "$base/healthz" ;;
	*-log) port=$lport base="http://127.0.0.1:$lport" url_of "${1%-log}" ;;
	esac
}
: >"$tmp/runs"
for round in $(seq "$rounds"); do
	echo "$name: round $round of $rounds"
	for t in "${targets[@]}"; do
		case $t in
		signed*) run "$t" "$(url_of "$t")" -s "$tmp/readers.lua" ;;
		*) run "$t" "$(url_of "$t")" ;;
		esac
	done
done

# A login storm (50 logins at once, again and again) against the thread page's p99.
run quiet "$base$thread"
node ops/bench-compare.mjs storm "$base" $((secs + 2)) >"$tmp/storm.out" &
storm_pid=$!
sleep 1
wrk_warmup=0 run storm "$base$thread"
wait "$storm_pid"

# Replies posted and acknowledged (303) per second, synchronous=FULL, 19 members in turn.
post_to=$(field post_to)
node -e '
const f = JSON.parse(require("fs").readFileSync(process.argv[1]));
const q = (s) => JSON.stringify(s);
const list = f.posters.map((p) => `{ cookie = ${q(p.cookie)}, csrf = ${q(encodeURIComponent(p.csrf))} }`).join(",\n");
process.stdout.write(`local posters = {\n${list}\n}
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = ${q(process.argv[2])}
request = function()
	n = n + 1
	local p = posters[n % #posters + 1]
	wrk.headers["Cookie"] = p.cookie
	return wrk.format(nil, ${q(f.post_to + "/reply")}, nil, "csrf=" .. p.csrf ..
		"&body=A+reply+posted+by+the+bench%2C+number+" .. n .. "+of+this+connection%2C+long+enough+to+count.")
end
`);' "$tmp/fill.json" "$base" >"$tmp/post.lua"
before=$(sqlite3 "$tmp/forum.db" "SELECT count(*) FROM posts WHERE kind = 'reply'")
wrk_warmup=0 run post "$base$post_to/reply" -s "$tmp/post.lua"
after=$(sqlite3 "$tmp/forum.db" "SELECT count(*) FROM posts WHERE kind = 'reply'")

# Medians of the rounds, and each target's ratio to nginx.
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() { awk -v k="$1" -v c="$2" '$1 == k { print $c }' "$tmp/runs" | median; }
nginx_rps=$(col nginx 2)
echo
printf '%-13s %10s %9s %9s %8s\n' target req/s p50-ms p99-ms x-nginx
for t in "${targets[@]}" quiet storm post; do
	rps=$(col "$t" 2)
	printf '%-13s %10.0f %9s %9s %8.2f\n' "$t" "$rps" "$(col "$t" 3)" "$(col "$t" 4)" \
		"$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN { print a / b }')"
done
echo
echo "$name: cached: forumd's anonymous thread page through nginx's cache (ops/nginx.conf.example's settings: kept 1 s, then revalidated)."
echo "$name: -log: the same forumd with request logging on (stderr to a file on disk)."
echo "$name: storm: the thread page while 50 logins hash at once; logins answered: $(cat "$tmp/storm.out")."
echo "$name: p99 during the storm / quiet: $(awk -v a="$(col storm 4)" -v b="$(col quiet 4)" 'BEGIN { printf "%.2f", a / b }')"
echo "$name: post: replies acknowledged (303) per second; $((after - before)) replies stored during the run."
