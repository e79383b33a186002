// page-writes.test.mjs: reading a page writes nothing unless something changed. A signed-in
// member's view of a thread they already read needs no write lock: it is answered at once
// while another process holds the database's write lock (before, the read mark's UPSERT
// waited the whole busy timeout, 5 s). A view with a new reply still moves the mark.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { startServer } from './harness.mjs';
import { newMember, postDilemma, postReply } from './members.mjs';

const CONFIG = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'new_member_review = 0'];

/* Holds the write lock of db from a separate sqlite3 process until release() is called. */
async function holdWriteLock(db) {
	const p = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'inherit'] });
	p.stdin.write("BEGIN IMMEDIATE;\nSELECT 'locked';\n");
	await new Promise((resolve) => p.stdout.on('data', (d) => { if (String(d).includes('locked')) resolve(); }));
	return () => new Promise((resolve) => { p.on('exit', resolve); p.stdin.end('ROLLBACK;\n.quit\n'); });
}

const inboxCount = async (m) => JSON.parse((await m.get('/inbox', { json: true })).body).count;

describe('a page view writes nothing unless something changed', () => {
	let srv, a, b, path;
	before(async () => {
		srv = await startServer({ config: CONFIG });
		[a, b] = await Promise.all([newMember(srv.baseUrl), newMember(srv.baseUrl)]);
		path = await postDilemma(a, { title: 'A thread read twice' });
		await postReply(b, path, 'A first reply to read.');
		assert.equal((await a.get(path)).status, 200);
		assert.equal(await inboxCount(a), 0, 'the first view marked the thread read');
	});
	after(async () => { await srv?.stop(); });

	test('a signed-in view of a thread already read takes no write lock', async () => {
		const release = await holdWriteLock(srv.dbPath);
		try {
			const t0 = Date.now();
			const r = await a.get(path);
			const ms = Date.now() - t0;
			assert.equal(r.status, 200);
			assert.ok(ms < 2500, `answered in ${ms} ms while another process held the write lock`);
		} finally {
			await release();
		}
	});

	test('a view with a new reply still moves the read mark', async () => {
		await postReply(b, path, 'A second reply, not yet read.');
		assert.equal(await inboxCount(a), 1);
		assert.equal((await a.get(path)).status, 200);
		assert.equal(await inboxCount(a), 0);
		const marks = spawnSync('sqlite3', [srv.dbPath, 'SELECT count(*) FROM read_marks'], { encoding: 'utf8' });
		assert.equal(marks.stdout.trim(), '2', 'one mark for each member who posted and read');
	});
});
