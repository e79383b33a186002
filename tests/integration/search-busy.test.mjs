// search-busy.test.mjs: searches run on their own threads with a bounded queue: a full queue
// answers 503 with Retry-After at once, keeping the form; the rest of the forum answers as
// usual while searches are refused or running.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, get } from './harness.mjs';

/* A forum of `threads` threads of 10 posts, each post with "patient" and varied words. */
function fill(db, threads) {
	const sql = `
PRAGMA foreign_keys = ON;
BEGIN;
INSERT INTO members (id, handle, password_hash, created_at) VALUES (1, 'filler', '!', 0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${threads})
INSERT INTO threads (id, title, member_id, created_at, last_activity_at, reply_count)
SELECT i, 'A patient asked about boundaries, number ' || i, 1, i, i, 9 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${threads * 10})
INSERT INTO posts (id, thread_id, member_id, kind, body_md, body_html, created_at)
SELECT i, (i - 1) / 10 + 1, 1, CASE WHEN (i - 1) % 10 = 0 THEN 'dilemma' ELSE 'reply' END,
       'The patient and the family ' || i || ' asked me about gifts, phone numbers and visits' ||
       ' after discharge; word' || (i % 97) || ' and term' || (i % 89) || ' and the patient again.',
       '<p>text</p>', i FROM n;
INSERT INTO search_fts (rowid, title, body)
SELECT p.id, CASE p.kind WHEN 'dilemma' THEN t.title ELSE '' END, p.body_md
  FROM posts p JOIN threads t ON t.id = p.thread_id;
COMMIT;`;
	const r = spawnSync('sqlite3', [db], { input: sql, encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
}

describe('search on its own threads, with a bounded queue', () => {
	let full, busy;
	before(async () => {
		full = await startServer({ config: ['search_queue = 0'], seed: true });
		const dir = mkdtempSync(join(tmpdir(), 'forumd-search-busy-'));
		const first = await startServer({ dir });
		await first.stop();
		fill(join(dir, 'forum.db'), 2000);
		busy = await startServer({ dir, config: ['search_threads = 1', 'search_queue = 1'] });
	});
	after(async () => { await full?.stop(); await busy?.stop(); });

	test('a full queue: 503 with Retry-After at once, the form kept; other pages answer as usual', async () => {
		const r = await get(`${full.baseUrl}/search?q=gift`);
		assert.equal(r.status, 503);
		assert.equal(r.headers.get('retry-after'), '5');
		assert.match(r.body, /Search is busy right now/);
		assert.match(r.body, /name="q" value="gift"/);
		const j = await get(`${full.baseUrl}/search?q=gift`, { json: true });
		assert.equal(j.status, 503);
		assert.equal(JSON.parse(j.body).q, 'gift');
		for (const p of ['/', '/d/1', '/search']) assert.equal((await get(full.baseUrl + p)).status, 200, p);
	});

	test('many searches at once: each is answered, found or refused with Retry-After, and the front page stays up', async () => {
		const searches = Array.from({ length: 40 }, (_, i) => get(`${busy.baseUrl}/search?q=patient+word${i % 97}`));
		const front = await get(`${busy.baseUrl}/`);
		assert.equal(front.status, 200);
		const answers = await Promise.all(searches);
		const by = (s) => answers.filter((a) => a.status === s);
		assert.equal(by(200).length + by(503).length, answers.length, `statuses ${answers.map((a) => a.status)}`);
		assert.ok(by(200).length >= 1, 'some searches run');
		assert.ok(by(503).length >= 1, 'a one-place queue refuses some of 40 at once');
		for (const a of by(503)) assert.equal(a.headers.get('retry-after'), '5');
		for (const a of by(200)) assert.match(a.body, /class="search-results"/);
	});
});
