#!/usr/bin/env bash
# bench-thread.sh: requests/s of the thread page (GET /d/ID) for a dilemma with 30 replies, with wrk on loopback against a release build.
# Usage: ops/bench-thread.sh [SECONDS] (default 10). Environment: BENCH_CONNECTIONS (default 32),
# BENCH_THREADS (default 2), FORUMD_WORKERS (default: one per core), FORUMD_BIN (skip the build).
# Bounded: wrk runs for SECONDS, the server is killed after SECONDS+60 s whatever happens.
# The thread and its replies (each tagged with two specialties, some anonymous, some marked
# helpful) are inserted with the sqlite3 shell into a fresh database forumd has migrated.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

name=bench-thread
secs=${1:-10}
conns=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-2}
source ops/bench-lib.sh
bench_check_secs
command -v wrk >/dev/null && command -v sqlite3 >/dev/null || bash ops/install-deps.sh bench

bin=${FORUMD_BIN:-}
if [[ -z $bin ]]; then
	bench_build
	bin=build-bench/forumd
fi

bench_prepare
# Start once to migrate a fresh database, stop, add the thread, start again.
start() {
	printf 'log_requests = false\n' >"$tmp/forumd.conf"
	bench_start "$bin" --config "$tmp/forumd.conf"
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
bench_wrk "$url"
echo
echo "bench-thread: thread with 30 replies: $rps requests/s; latency p50 $(bench_p 50%) p90 $(bench_p 90%) p99 $(bench_p 99%)" \
	"($(nproc) cores, $conns connections, ${secs} s)"
[[ -z $errors ]] || echo "bench-thread: $errors"
