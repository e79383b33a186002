// durability.test.mjs: acknowledged writes survive kill -9 at random under write load, and a full disk answers 503 without a false acknowledgement or a damaged database.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, sleep } from './harness.mjs';
import { newMember } from './members.mjs';

const OPEN = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'auth_attempts_per_client = 100000',
	'login_attempts_per_handle = 100000', 'new_member_limit_threads = 100000', 'new_member_limit_replies = 100000',
	'post_limit_threads = 100000', 'post_limit_replies = 100000', 'new_member_review = 0'];
const KILLS = 5;             // kill -9 this many times ...
const KILL_WINDOW_MS = 15_000; // ... spread at random over about this long
const WRITERS = 4;
const LONG_BODY = 'A situation on my unit that I keep thinking about after a long shift. '.repeat(2);

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-batch', db, sql], { encoding: 'utf8', maxBuffer: 64 << 20 });
	assert.equal(r.status, 0, `sqlite3 ${sql}: ${r.stderr}`);
	return r.stdout.trim();
}

/* Posts a reply with marker text; resolves the reply id on a 303, else null. */
async function tryReply(m, threadPath, marker, timeoutMs = 5_000) {
	try {
		const p = new URLSearchParams([['body', `Durability reply ${marker} with enough words.`], ['csrf', m.csrf]]);
		const res = await fetch(`${m.baseUrl}${threadPath}/reply`, {
			method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), body: p.toString(),
			headers: { cookie: m.cookieHeader(), origin: m.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
		});
		await res.text();
		if (res.status !== 303) return { status: res.status, id: null };
		return { status: 303, id: Number(/#p(\d+)$/.exec(res.headers.get('location'))[1]) };
	} catch {
		return { status: 0, id: null };
	}
}

describe('crash durability', () => {
	test(`kill -9 ${KILLS} times under write load: every acknowledged reply is there once`, async () => {
		const dir = mkdtempSync(join(tmpdir(), 'forumd-crash-'));
		let srv = await startServer({ dir, keep: true, config: OPEN });
		try {
			const members = [];
			for (let i = 0; i < WRITERS; i++) members.push(await newMember(srv.baseUrl, { specialties: ['med-surg'] }));
			await members[0].get('/new');
			const made = await members[0].post('/new', [['title', 'A thread that survives crashes'], ['body', LONG_BODY], ['topic', 'other']]);
			assert.equal(made.status, 303);
			const thread = made.location;
			for (const m of members) await m.get(thread);
			const acked = new Map();  // id -> marker
			let running = true, seq = 0, refused = 0;
			const writer = async (m, w) => {
				while (running) {
					const marker = `w${w}n${++seq}z`;
					const r = await tryReply(m, thread, marker);
					if (r.id) acked.set(r.id, marker);
					else { refused++; await sleep(20); }
				}
			};
			const writers = members.map((m, w) => writer(m, w));
			const t0 = Date.now();
			for (let k = 0; k < KILLS; k++) {
				await sleep(300 + Math.random() * (2 * KILL_WINDOW_MS / KILLS - 600));
				await srv.stop('SIGKILL');
				srv = await startServer({ dir, keep: true, config: OPEN });
				for (const m of members) m.baseUrl = srv.baseUrl;
			}
			await sleep(300);
			running = false;
			await Promise.all(writers);
			console.log(`# ${KILLS} kills in ${Date.now() - t0} ms: ${acked.size} replies acknowledged, ${refused} lost in flight or refused`);
			await srv.stop();
			assert.ok(acked.size > 20, `enough writes were acknowledged (${acked.size})`);
			const db = join(dir, 'forum.db');
			assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
			assert.equal(sqlite(db, 'PRAGMA foreign_key_check'), '');
			const rows = sqlite(db, "SELECT id || ' ' || body_md FROM posts WHERE body_md LIKE 'Durability reply %'").split('\n');
			const byId = new Map(rows.map((l) => { const i = l.indexOf(' '); return [Number(l.slice(0, i)), l.slice(i + 1)]; }));
			const markers = rows.map((l) => /reply (w\d+n\d+z)/.exec(l)?.[1]);
			const missing = [...acked].filter(([id, marker]) => !(byId.get(id) ?? '').includes(` ${marker} `));
			assert.deepEqual(missing, [], 'every acknowledged reply is present with its text');
			assert.equal(new Set(markers).size, markers.length, 'no reply is stored twice');
		} finally {
			await srv.stop('SIGKILL');
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

/* Mounts a small tmpfs; returns its path, or null when this machine does not allow it. */
function smallDisk(bytes) {
	const dir = mkdtempSync(join(tmpdir(), 'forumd-full-'));
	const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { encoding: 'utf8' });
	if (r.status !== 0) {
		rmSync(dir, { recursive: true, force: true });
		return null;
	}
	return dir;
}

/* Fills the file system at dir to the last byte with a file; returns its path. */
function fill(dir) {
	const path = join(dir, 'filler');
	const fd = openSync(path, 'w');
	const chunk = Buffer.alloc(64 * 1024);
	let size = chunk.length;
	try {
		for (;;) {
			try { writeSync(fd, chunk, 0, size); } catch (e) {
				if (e.code !== 'ENOSPC') throw e;
				if (size === 1) break;
				size = Math.max(1, size >> 1);
			}
		}
	} finally {
		closeSync(fd);
	}
	return path;
}

describe('disk full', () => {
	test('a write on a full disk gets 503, never a false acknowledgement, and the database stays intact', async (t) => {
		const disk = smallDisk(8 << 20);
		if (!disk) {
			t.skip('mount -t tmpfs is not allowed here (needs root): the disk-full case is untested');
			return;
		}
		let srv = null;
		try {
			srv = await startServer({ dir: disk, keep: true, config: OPEN });
			const m = await newMember(srv.baseUrl, { specialties: ['med-surg'] });
			await m.get('/new');
			const made = await m.post('/new', [['title', 'A thread on a small disk'], ['body', LONG_BODY], ['topic', 'other']]);
			assert.equal(made.status, 303);
			const thread = made.location;
			await m.get(thread);
			const filler = fill(disk);
			const acked = new Map(), statuses = [];
			for (let i = 0; i < 40; i++) {
				const marker = `full${i}z`;
				const r = await tryReply(m, thread, `${marker} ${'word '.repeat(3000)}`, 10_000);
				statuses.push(r.status);
				if (r.id) acked.set(r.id, marker);
			}
			const counts = statuses.reduce((o, s) => ({ ...o, [s]: (o[s] ?? 0) + 1 }), {});
			console.log(`# on a full disk: ${JSON.stringify(counts)}`);
			assert.ok(statuses.includes(503), `some writes were refused with 503: ${JSON.stringify(counts)}`);
			assert.ok(statuses.every((s) => s === 303 || s === 503), `only 303 or 503: ${JSON.stringify(counts)}`);
			assert.equal((await fetch(`${srv.baseUrl}/healthz`)).status < 600, true, 'the server still answers');
			unlinkSync(filler);
			const after = await tryReply(m, thread, 'afterfreez');
			assert.equal(after.status, 303, 'writes work again once space is free');
			acked.set(after.id, 'afterfreez');
			await srv.stop();
			srv = null;
			const db = join(disk, 'forum.db');
			assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
			for (const [id, marker] of acked) {
				assert.match(sqlite(db, `SELECT body_md FROM posts WHERE id = ${id}`), new RegExp(`reply ${marker} `), `acknowledged reply ${id}`);
			}
		} finally {
			if (srv) await srv.stop('SIGKILL');
			spawnSync('umount', [disk]);
			rmSync(disk, { recursive: true, force: true });
		}
	});
});
