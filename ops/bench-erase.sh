#!/usr/bin/env bash
# bench-erase.sh: how long the purge after an erase takes (store/erase.c erase_purge: FTS5 'optimize', then wal_checkpoint(TRUNCATE)) on a database of N posts.
# Usage: ops/bench-erase.sh [POSTS] (default 10000; 100..200000). Environment: FORUMD_BIN (skip the build).
# forumd migrates a fresh database; POSTS posts (a dilemma and 9 replies a thread, about 100
# words each) are then written one transaction each, as forumd writes them, with their search
# index rows; then five rounds each erase one post's index row and time the purge, with
# forumd's pragmas (WAL, synchronous=FULL, secure_delete=ON). Needs python3 (with sqlite3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

name=bench-erase
posts=${1:-10000}
[[ $posts =~ ^[0-9]+$ && $posts -ge 100 && $posts -le 200000 ]] || { echo "$name: POSTS must be 100..200000" >&2; exit 2; }
secs=10  # bench_start's kill timer: forumd only migrates here
source ops/bench-lib.sh

bin=${FORUMD_BIN:-}
if [[ -z $bin ]]; then
	bench_build
	bin=build-bench/forumd
fi
bench_prepare
bench_start "$bin"
kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=

python3 - "$tmp/forum.db" "$posts" <<'PY'
import random, sqlite3, sys, time
db, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
vocab = [''.join(random.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(random.randint(3, 10)))
         for _ in range(20000)]
weights = [1 / (i + 1) for i in range(len(vocab))]  # Zipf-like, as words in prose
def words(k):
    return ' '.join(random.choices(vocab, weights, k=k))
c = sqlite3.connect(db, isolation_level=None)
c.execute('PRAGMA synchronous=NORMAL')  # seeding only
member = c.execute("INSERT INTO members (handle, password_hash, created_at) VALUES ('bench', '!', 0)").lastrowid
t0 = time.time()
for t in range(max(1, n // 10)):
    title = words(8)[:150]
    c.execute('BEGIN IMMEDIATE')
    tid = c.execute('INSERT INTO threads (title, member_id, created_at, last_activity_at) VALUES (?, ?, 0, 0)',
                    (title, member)).lastrowid
    c.execute('COMMIT')
    for k in range(10):
        body = words(100)
        c.execute('BEGIN IMMEDIATE')
        pid = c.execute('INSERT INTO posts (thread_id, member_id, kind, body_md, body_html, created_at)'
                        ' VALUES (?, ?, ?, ?, ?, 0)', (tid, member, 'reply' if k else 'dilemma', body,
                                                        '<p>' + body + '</p>')).lastrowid
        c.execute('INSERT INTO search_fts (rowid, title, body) VALUES (?, ?, ?)', (pid, '' if k else title, body))
        c.execute('COMMIT')
c.execute('PRAGMA wal_checkpoint(TRUNCATE)')
index = c.execute('SELECT sum(length(block)) FROM search_fts_data').fetchone()[0]
print(f'{c.execute("SELECT count(*) FROM posts").fetchone()[0]} posts written in {time.time() - t0:.0f} s; '
      f'search index {index / 1e6:.1f} MB')
for p in ('synchronous=FULL', 'secure_delete=ON', 'busy_timeout=5000'):
    c.execute('PRAGMA ' + p)
for pid in [r[0] for r in c.execute('SELECT id FROM posts ORDER BY id DESC LIMIT 5')]:
    c.execute('BEGIN IMMEDIATE')
    c.execute("UPDATE posts SET body_md = '', body_html = '' WHERE id = ?", (pid,))
    c.execute('DELETE FROM search_fts WHERE rowid = ?', (pid,))
    c.execute('COMMIT')
    t0 = time.perf_counter()
    c.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    t1 = time.perf_counter()
    busy = c.execute('PRAGMA wal_checkpoint(TRUNCATE)').fetchone()[0]
    t2 = time.perf_counter()
    print(f'purge: optimize {1e3 * (t1 - t0):6.1f} ms, checkpoint {1e3 * (t2 - t1):5.1f} ms, '
          f'total {1e3 * (t2 - t0):6.1f} ms{" (busy)" if busy else ""}')
PY
