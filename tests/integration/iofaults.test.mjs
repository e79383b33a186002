/* iofaults.test.mjs: the disk fails under forumd (issue 15). A test VFS (tests/iofault/
 * faultvfs.c, in ops/test.sh's builds) fails the database's reads, writes or syncs with EIO
 * while a control file says so. forumd answers 503 with Retry-After, never a page cut short or
 * a write it did not make durable, and once the fault clears it serves and writes again, every
 * acknowledged reply there once and integrity_check ok. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, get, sleep } from './harness.mjs';
import { newMember, LONG_BODY } from './members.mjs';

const OPEN = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'new_member_review = 0',
	'post_limit_replies = 100000', 'new_member_limit_replies = 100000'];

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-batch', db, sql], { encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3 ${sql}: ${r.stderr}`);
	return r.stdout.trim();
}

/* Posts a reply; { status, id } (id on a 303 only). */
async function reply(m, thread, marker) {
	const p = new URLSearchParams([['body', `Fault reply ${marker}, with enough words to post.`], ['csrf', m.csrf]]);
	const res = await fetch(`${m.baseUrl}${thread}/reply`, {
		method: 'POST', redirect: 'manual', body: p.toString(),
		headers: { cookie: m.cookieHeader(), origin: m.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
	});
	const body = await res.text();
	return { status: res.status, body, retry: res.headers.get('retry-after'),
		id: res.status === 303 ? Number(/#p(\d+)$/.exec(res.headers.get('location'))[1]) : null };
}

/* A page without what differs between two renderings of it (the relative times). */
const strip = (html) => html.replace(/<time[^>]*>[^<]*<\/time>/g, '<time>');

describe('I/O faults', () => {
	let srv, dir, control, m, thread;
	const acked = new Map();
	const fault = async (what) => { writeFileSync(control, what); await sleep(20); };

	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'forumd-iofault-'));
		control = join(dir, 'faults');
		writeFileSync(control, '');
		mkdirSync(join(dir, 'db'));
		srv = await startServer({ dir: join(dir, 'db'), keep: true, config: OPEN, env: { FORUMD_IO_FAULTS: control } });
		assert.match(srv.stderr(), /I\/O faults from/, 'forumd was built with -Dio_faults=true (ops/test.sh builds it so)');
		m = await newMember(srv.baseUrl, { specialties: ['med-surg'] });
		await m.get('/new');
		const made = await m.post('/new', [['title', 'A thread on a failing disk'], ['body', LONG_BODY], ['topic', 'other']]);
		assert.equal(made.status, 303);
		thread = made.location;
		await m.get(thread);
		for (let i = 0; i < 3; i++) {
			const r = await reply(m, thread, `before${i}z`);
			assert.equal(r.status, 303);
			acked.set(r.id, `before${i}z`);
		}
	});
	after(async () => {
		await srv?.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	for (const op of ['sync', 'write']) {
		test(`a reply whose ${op} fails gets 503 with Retry-After, and is not acknowledged`, async () => {
			const before = srv.stderr().split('io-fault').length;
			await fault(op);
			const r = await reply(m, thread, `${op}failz`);
			await fault('');
			assert.equal(r.status, 503, r.body.slice(0, 300));
			assert.ok(Number(r.retry) > 0, 'Retry-After');
			assert.ok(srv.stderr().split('io-fault').length > before, 'a fault was injected');
			const again = await reply(m, thread, `${op}afterz`);
			assert.equal(again.status, 303, 'writes work again once the fault clears');
			acked.set(again.id, `${op}afterz`);
		});
	}

	test('a read that fails gets 503, never a page cut short, and the pages come back whole', async () => {
		const whole = await get(`${srv.baseUrl}${thread}`);
		assert.equal(whole.status, 200);
		const paths = [thread, '/', `${thread}?format=json`, '/search?q=fault', '/unanswered'];
		await fault('read');
		// another process writes (what no page shows): every connection's page cache is stale,
		// so reads reach the disk
		sqlite(srv.dbPath, 'PRAGMA busy_timeout = 5000; UPDATE members SET notes_seen_at = coalesce(notes_seen_at, 0) + 1');
		const seen = [];
		for (const path of paths) {
			const r = await get(`${srv.baseUrl}${path}`);
			const signed = await m.get(path);
			seen.push(`${path} ${r.status}/${signed.status}`);
			for (const s of [r, signed]) {
				assert.ok(s.status === 503 || (s.status === 200 && s.body === (path === thread ? whole.body : s.body)),
					`${path}: ${s.status}`);
			}
			assert.equal(r.status, 503, `${path}: the anonymous read reached the failing disk (${seen.join(', ')})`);
			assert.equal(signed.status, 503, `${path}: the signed-in read too (${seen.join(', ')})`);
		}
		await fault('');
		const back = await get(`${srv.baseUrl}${thread}`);
		assert.equal(back.status, 200);
		for (const marker of acked.values()) assert.ok(back.body.includes(marker), `${marker} shown once the fault clears`);
		assert.equal((await m.get(thread)).status, 200);
	});

	test('a read failing part way through a page gives 503 or the whole page, never a part', async () => {
		await fault('');
		const whole = { anon: await get(`${srv.baseUrl}${thread}`), signed: await m.get(thread),
			list: await get(`${srv.baseUrl}/`) };
		const statuses = [];
		for (let n = 2; n <= 40; n++) {
			await fault(`read/${n}`);
			sqlite(srv.dbPath, 'PRAGMA busy_timeout = 5000; UPDATE members SET notes_seen_at = coalesce(notes_seen_at, 0) + 1');
			const got = { anon: await get(`${srv.baseUrl}${thread}`), signed: await m.get(thread),
				list: await get(`${srv.baseUrl}/`) };
			for (const k of Object.keys(got)) {
				statuses.push(got[k].status);
				if (got[k].status === 503) continue;
				assert.equal(got[k].status, 200, `read/${n} ${k}`);
				assert.equal(strip(got[k].body), strip(whole[k].body), `read/${n} ${k}: the whole page`);
			}
		}
		await fault('');
		assert.ok(statuses.includes(503), 'faults reached these pages');
	});

	test('after the faults: every acknowledged reply is there once, and integrity_check is ok', async () => {
		await srv.stop('SIGKILL');
		assert.equal(sqlite(srv.dbPath, 'PRAGMA integrity_check'), 'ok');
		for (const [id, marker] of acked) {
			assert.equal(sqlite(srv.dbPath, `SELECT count(*) FROM posts WHERE id = ${id} AND body_md LIKE '%${marker}%'`), '1', marker);
		}
		srv = await startServer({ dir: join(dir, 'db'), keep: true, config: OPEN });
		assert.equal((await get(`${srv.baseUrl}${thread}`)).status, 200);
	});
});
