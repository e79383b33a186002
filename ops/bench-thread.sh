#!/usr/bin/env bash
# bench-thread.sh: requests/s of the thread page (GET /d/ID) for a dilemma with 30 replies, with wrk on loopback against a release build.
# Usage: ops/bench-thread.sh [SECONDS] (default 10). Environment: BENCH_CONNECTIONS (default 32),
# BENCH_THREADS (default 2), FORUMD_WORKERS (default: one per core), FORUMD_BIN (skip the build).
# Bounded: wrk runs for SECONDS, the server is killed after SECONDS+60 s whatever happens.
# The thread and its replies (each tagged with two specialties, some anonymous, some marked
# helpful) are inserted with the sqlite3 shell into a fresh database forumd has migrated.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

secs=${1:-10}
conns=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
[[ $secs =~ ^[0-9]+$ && $secs -ge 1 && $secs -le 120 ]] || { echo "bench-thread: SECONDS must be 1..120" >&2; exit 2; }
command -v wrk >/dev/null && command -v sqlite3 >/dev/null || bash ops/install-deps.sh bench

bin=${FORUMD_BIN:-}
if [[ -z $bin ]]; then
	if [[ -d build-bench/meson-private ]]; then
		meson setup --reconfigure build-bench --buildtype=release >/dev/null
	else
		meson setup build-bench --buildtype=release >/dev/null
	fi
	ninja -C build-bench >/dev/null
	bin=build-bench/forumd
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/forumd-bench-thread.XXXXXX")
pid=
cleanup() {
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# Start once to migrate a fresh database, stop, add the thread, start again.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})' 2>/dev/null ||
       echo $((20000 + RANDOM % 30000)))
start() {
	local workers=()
	[[ -n ${FORUMD_WORKERS:-} ]] && workers=(--workers "$FORUMD_WORKERS")
	printf 'log_requests = false\n' >"$tmp/forumd.conf"
	timeout -s KILL $((secs + 60)) "$bin" --config "$tmp/forumd.conf" --listen "127.0.0.1:$port" \
		--db "$tmp/forum.db" "${workers[@]}" 2>"$tmp/forumd.log" &
	pid=$!
	for _ in $(seq 100); do
		grep -q 'listening on http://' "$tmp/forumd.log" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || { echo "bench-thread: forumd exited:" >&2; cat "$tmp/forumd.log" >&2; exit 1; }
		sleep 0.1
	done
	echo "bench-thread: forumd did not start" >&2
	exit 1
}
start
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=

body='I would thank them warmly and explain that our policy does not let us accept cash, then suggest a card for the whole team. **Boundaries protect the patient too**: see [the guidance](https://example.org/guidance).'
sqlite3 "$tmp/forum.db" <<SQL
PRAGMA foreign_keys = ON;
BEGIN;
INSERT INTO members (handle, password_hash, credentials, created_at)
	SELECT 'bench' || value, '!', 'BSN, RN', 0 FROM generate_series(1, 31);
INSERT INTO member_specialties (member_id, specialty_id, position)
	SELECT m.id, (m.id % 30) + 1, 1 FROM members m WHERE m.handle LIKE 'bench%';
INSERT INTO threads (id, title, member_id, created_at, last_activity_at, reply_count)
	VALUES (9000, 'A family offered me cash after a long admission', (SELECT id FROM members WHERE handle = 'bench1'), 1, 100, 30);
INSERT INTO thread_topics VALUES (9000, (SELECT id FROM topics WHERE slug = 'gifts-money'));
INSERT INTO posts (thread_id, member_id, kind, body_md, body_html, created_at)
	VALUES (9000, (SELECT id FROM members WHERE handle = 'bench1'), 'dilemma', '$body', '<p>$body</p>', 1);
INSERT INTO posts (thread_id, member_id, kind, anonymous, anon_alias, credentials, body_md, body_html, created_at, helpful_count)
	SELECT 9000, m.id, 'reply', m.id % 4 = 0, CASE WHEN m.id % 4 = 0 THEN 'Heron' END, 'BSN, RN',
	       '$body', '<p>I would thank them warmly and explain that our policy does not let us accept cash, then suggest a card for the whole team. <strong>Boundaries protect the patient too</strong>: see <a rel="nofollow ugc noopener" href="https://example.org/guidance">the guidance</a>.</p>',
	       m.id + 1, m.id % 5
	  FROM members m WHERE m.handle LIKE 'bench%' AND m.handle <> 'bench1';
INSERT INTO post_specialties (post_id, specialty_id, position)
	SELECT p.id, (p.id % 30) + 1, 1 FROM posts p WHERE p.kind = 'reply' AND p.thread_id = 9000;
INSERT INTO post_specialties (post_id, specialty_id, position)
	SELECT p.id, (p.id % 7) + 31, 2 FROM posts p WHERE p.kind = 'reply' AND p.thread_id = 9000;
COMMIT;
SQL
start

url="http://127.0.0.1:$port/d/9000"
replies=$(curl -s -H 'Accept: application/json' "$url" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).replies.length))')
echo "bench-thread: $url shows $replies replies; warming up 2 s"
[[ $replies == 30 ]] || { echo "bench-thread: expected 30 replies" >&2; exit 1; }
timeout 30 wrk -t2 -c8 -d2s "$url" >/dev/null
echo "bench-thread: wrk -t$threads -c$conns -d${secs}s --latency $url"
timeout $((secs + 30)) wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$url" | tee "$tmp/wrk.out"
rps=$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.out")
p() { awk -v q="$1" '$1 == q {print $2}' "$tmp/wrk.out"; }
errors=$(awk '/Non-2xx or 3xx responses:|Socket errors:/' "$tmp/wrk.out")
echo
echo "bench-thread: thread with 30 replies: $rps requests/s; latency p50 $(p 50%) p90 $(p 90%) p99 $(p 99%)" \
	"($(nproc) cores, $conns connections, ${secs} s)"
[[ -z $errors ]] || echo "bench-thread: $errors"
