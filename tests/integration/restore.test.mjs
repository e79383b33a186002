/* restore.test.mjs: the backup and restore drill (issue 16). A backup taken with forumctl
 * under write load is restored with `forumctl restore` into a new folder, with the key file's
 * own backup; forumd started on it shows every reply acknowledged before the backup began,
 * and its anonymous author still edits their own post (the key came back). Restore refuses to
 * overwrite a database, a damaged backup, one from a newer forumd, and a restore without a key;
 * forumd refuses a database with data whose key file is missing. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, get, sleep, runForumd, FORUMD_BIN } from './harness.mjs';
import { newMember, postDilemma, postReply, login } from './members.mjs';

const FORUMCTL = join(dirname(FORUMD_BIN), 'forumctl');
const OPEN = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'new_member_review = 0',
	'post_limit_replies = 100000', 'new_member_limit_replies = 100000'];
const ctl = (...args) => spawnSync(FORUMCTL, args, { encoding: 'utf8' });

describe('backup and restore drill', () => {
	let live, work, backup, restoredDb, thread, anonId, author;
	const acked = new Map();   // reply id -> marker, acknowledged before the backup began

	before(async () => {
		work = mkdtempSync(join(tmpdir(), 'forumd-drill-'));
		live = await startServer({ config: OPEN });
		author = await newMember(live.baseUrl, { specialties: ['med-surg'] });
		thread = await postDilemma(author);
		anonId = await postReply(author, thread, 'An anonymous answer from the asker, with enough words.', { anonymous: true });
		const writers = [author, await newMember(live.baseUrl, { specialties: ['med-surg'] })];
		let running = true, seq = 0, backingUp = false;
		const load = writers.map(async (w) => {
			while (running) {
				const marker = `drill${++seq}z`;
				try {
					const id = await postReply(w, thread, `Drill reply ${marker} with enough words to post.`, { showTags: false });
					// acknowledged before the backup began (it runs with the event loop held)
					if (!backingUp) acked.set(id, marker);
				} catch { await sleep(10); }
			}
		});
		await sleep(1500);
		backingUp = true;
		backup = join(work, 'forum-backup.db');
		const b = ctl('--db', live.dbPath, 'backup', backup);
		await sleep(500);
		running = false;
		await Promise.all(load);
		assert.equal(b.status, 0, b.stderr);
		assert.ok(acked.size >= 10, `${acked.size} replies acknowledged before the backup`);
		copyFileSync(`${live.dbPath}.key`, join(work, 'key-backup'));
		restoredDb = join(work, 'restored', 'forum.db');
	});
	after(async () => {
		await live?.stop();
		rmSync(work, { recursive: true, force: true });
	});

	test('a restore without the key is refused, and makes nothing', () => {
		const r = ctl('--db', restoredDb, 'restore', backup);
		assert.equal(r.status, 1);
		assert.match(r.stderr, /no key file/);
		assert.ok(!existsSync(restoredDb));
	});

	test('restores into a new folder, with the key, 0600', () => {
		const r = ctl('--db', restoredDb, 'restore', backup, '--key', join(work, 'key-backup'));
		assert.equal(r.status, 0, r.stderr);
		assert.equal(statSync(restoredDb).mode & 0o777, 0o600);
		assert.equal(statSync(`${restoredDb}.key`).mode & 0o777, 0o600);
	});

	test('never overwrites a database, even the one it just made', () => {
		const r = ctl('--db', restoredDb, 'restore', backup, '--key', join(work, 'key-backup'));
		assert.equal(r.status, 1);
		assert.match(r.stderr, /is there: restore never overwrites/);
		const l = ctl('--db', live.dbPath, 'restore', backup);
		assert.equal(l.status, 1, 'nor the live one');
	});

	test('refuses a damaged backup and one a newer forumd made', () => {
		const damaged = join(work, 'damaged.db');
		copyFileSync(backup, damaged);
		const fd = openSync(damaged, 'r+');
		const size = statSync(damaged).size;
		for (let at = 4096 * 2; at < size; at += 4096 * 3) writeSync(fd, Buffer.alloc(200, 0x41), 0, 200, at + 100);
		closeSync(fd);
		const d = ctl('--db', join(work, 'd', 'forum.db'), 'restore', damaged, '--key', join(work, 'key-backup'));
		assert.equal(d.status, 1);
		assert.match(d.stderr, /integrity_check|malformed|not a database/);
		const newer = join(work, 'newer.db');
		copyFileSync(backup, newer);
		const s = spawnSync('sqlite3', [newer, "INSERT INTO schema_migrations(version, applied_at) VALUES ('9999_from_the_future', 0)"], { encoding: 'utf8' });
		assert.equal(s.status, 0, s.stderr);
		const n = ctl('--db', join(work, 'n', 'forum.db'), 'restore', newer, '--key', join(work, 'key-backup'));
		assert.equal(n.status, 1);
		assert.match(n.stderr, /9999_from_the_future.*newer than this forumctl/);
	});

	test('forumd on the restored database shows every reply acknowledged before the backup; the anonymous author is still theirs', async () => {
		const srv = await startServer({ dir: dirname(restoredDb), keep: true, config: OPEN });
		try {
			const page = await get(`${srv.baseUrl}${thread}`);
			assert.equal(page.status, 200);
			const shown = page.body;
			for (const [id, marker] of acked) {
				// the thread page shows its first replies; every one is in the restored database
				const row = spawnSync('sqlite3', [restoredDb, `SELECT count(*) FROM posts WHERE id = ${id} AND body_md LIKE '%${marker}%' AND state = 'visible'`], { encoding: 'utf8' });
				assert.equal(row.stdout.trim(), '1', `reply ${id} (${marker})`);
			}
			const first = [...acked.values()][0];
			assert.ok(shown.includes(first), 'and the thread page shows them');
			const password = `correct horse battery staple ${author.handle}`.split('').reverse().join('');
			const again = await login(srv.baseUrl, author.handle, password);
			const mine = await again.get(thread);
			assert.match(mine.body, new RegExp(`href="/p/${anonId}/edit"`), 'the anonymous reply is still its author\'s');
		} finally {
			await srv.stop();
		}
	});

	test('forumd refuses a database with data whose key file is missing', async () => {
		renameSync(`${restoredDb}.key`, join(work, 'moved-key'));
		const r = await runForumd(['--db', restoredDb, '--listen', '127.0.0.1:1']);
		assert.notEqual(r.code, 0);
		assert.match(r.stderr, /forum\.db\.key: missing/);
		assert.ok(!existsSync(`${restoredDb}.key`), 'no new key was made');
	});
});
