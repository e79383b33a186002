// page-cursors.test.mjs: every paginated page answers a page link that was cut short or
// changed (?before=, ?page=) the same way: 400, with a link to that list's first page, in
// HTML and in JSON; and a thread list's "next" link is opaque: it shows no time (an
// anonymous post's exact time least of all), yet pages on with no thread skipped or repeated.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startServer, get, htmlDecode, FORUMD_BIN, REPO } from './harness.mjs';
import { newMember, postDilemma, postReply } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const FAST_HASH = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1'];
const PAGE = Number(/#define PAGE_SIZE_THREADS\s+(\d+)/.exec(readFileSync(join(REPO, 'forumd/base/limits.h'), 'utf8'))[1]);

describe('page cursors', () => {
	let srv, mod;
	before(async () => {
		srv = await startServer({ config: ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1'] });
		mod = await newMember(srv.baseUrl);
		spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', mod.handle], { encoding: 'utf8' });
	});
	after(async () => { await srv?.stop(); });

	const BAD = [
		['/?before=yesterday', '/'],
		['/unanswered?before=12', '/unanswered'],
		['/t/gifts-money?before=abc.1', '/t/gifts-money'],
		['/s/critical-care?before=1.-5', '/s/critical-care'],
		['/?before=9999999999.5', '/'],   // the old cursor, time in clear: no longer taken
		['/?before=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/'],
		['/search?q=patient&page=abc', '/search?q=patient&page=1'],
		['/search?q=patient&page=9999', '/search?q=patient&page=1'],
		['/search?q=patient&page=0', '/search?q=patient&page=1'],
		['/search?page=abc', '/search?q=&page=1'],
		['/moderation/log?before=abc', '/moderation/log'],
		['/moderation/audit?before=-1', '/moderation/audit'],
	];

	for (const [path, first] of BAD) {
		test(`${path}: 400 with a link to ${first}`, async () => {
			const r = await mod.get(path);
			assert.equal(r.status, 400);
			assert.ok(htmlDecode(r.body).includes(`href="${first}"`), `links to ${first}`);
			assert.match(htmlDecode(r.body), /page link is not valid/);
			assertValidHtml(r.body, path);
			const j = await mod.get(path, { json: true });
			assert.equal(j.status, 400);
			assert.equal(JSON.parse(j.body).error.url, first);
		});
	}

	test('good cursors still page', async () => {
		for (const path of ['/search?q=patient&page=2', '/moderation/log?before=5']) {
			assert.equal((await get(srv.baseUrl + path)).status, 200, path);
		}
	});
});

/* The bytes a value could be written as in a cursor: decimal, 4- and 8-byte integers. */
function encodings(n) {
	const out = [Buffer.from(String(n))];
	for (const size of [4, 8]) {
		const le = Buffer.alloc(size), be = Buffer.alloc(size);
		if (size === 4) { le.writeUInt32LE(n); be.writeUInt32BE(n); }
		else { le.writeBigInt64LE(BigInt(n)); be.writeBigInt64BE(BigInt(n)); }
		out.push(le, be);
	}
	return out;
}

describe('a thread list\'s next link is opaque', () => {
	let srv, writer, anon, older, anonThread, newer, exact;
	const threadId = (path) => Number(path.slice(3));
	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, 'new_member_review = 0', 'post_limit_threads = 1000',
			'new_member_limit_threads = 1000', 'auth_attempts_per_client = 100000'] });
		[writer, anon] = await Promise.all([newMember(srv.baseUrl), newMember(srv.baseUrl)]);
		// a few threads for page 2, then the one an anonymous reply brings up, then enough newer
		// ones that it is the last thread of page 1: its last activity is what the cursor holds
		older = [];
		for (let i = 0; i < 3; i++) older.push(await postDilemma(writer, { title: `An older dilemma for page two, number ${i}` }));
		anonThread = await postDilemma(writer, { title: 'The dilemma an anonymous reply brings up' });
		await postReply(anon, anonThread, 'An anonymous answer whose exact second must stay unknown.', { anonymous: true });
		newer = [];
		for (let i = 0; i < PAGE - 1; i++) newer.push(await postDilemma(writer, { title: `A newer dilemma on page one, number ${i}` }));
		const r = spawnSync('sqlite3', [srv.dbPath, `SELECT last_activity_at FROM threads WHERE id = ${threadId(anonThread)}`], { encoding: 'utf8' });
		exact = Number(r.stdout.trim());
		assert.ok(exact > 0, r.stderr);
	});
	after(async () => { await srv?.stop(); });

	for (const list of ['/', '/t/contact-social-media']) {
		test(`${list}: the next link after an anonymous last activity holds no time, and pages on`, async () => {
			const first = JSON.parse((await writer.get(list, { json: true })).body);
			assert.equal(first.threads.length, PAGE);
			assert.equal(first.threads.at(-1).url, anonThread, 'the anonymously answered thread ends page 1');
			assert.match(first.threads.at(-1).last_activity, /T\d\d:00:00Z$/);
			const next = first.next_url;
			assert.ok(next?.startsWith(`${list}?before=`), `next_url ${next}`);
			const html = htmlDecode((await writer.get(list)).body);
			assert.ok(html.includes(`href="${next}"`), 'the HTML links the same next page');
			const cursor = decodeURIComponent(next.slice(next.indexOf('=') + 1));
			assert.match(cursor, /^[A-Za-z0-9_-]+$/, 'URL-safe');
			assert.ok(!next.includes(String(exact)), 'the link holds the exact time');
			assert.ok(!next.includes(String(exact - exact % 3600)), 'the link holds the hour');
			const bytes = Buffer.from(cursor, 'base64url');
			for (const t of [exact, exact - exact % 3600]) {
				for (const enc of encodings(t)) assert.equal(bytes.indexOf(enc), -1, `the cursor decodes to ${t}`);
				assert.ok(!bytes.toString('hex').includes(t.toString(16)), 'the cursor holds the time in hex');
			}
			const second = JSON.parse((await writer.get(next, { json: true })).body);
			assert.equal(second.next_url, null);
			const seen = [...first.threads, ...second.threads].map((t) => t.url);
			assert.deepEqual(seen, [...newer].reverse().concat([anonThread], [...older].reverse()),
				'every thread once, in order');
		});
	}

	test('the cursor is the same for the same place (cacheable), and a changed one is refused', async () => {
		const a = JSON.parse((await writer.get('/', { json: true })).body).next_url;
		const b = JSON.parse((await get(srv.baseUrl + '/', { json: true })).body).next_url;
		assert.equal(a, b);
		const cursor = a.slice(a.indexOf('=') + 1);
		const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
		const bad = [cursor.slice(0, -1), cursor.slice(0, 20), cursor + 'A', flip(cursor, 0),
			flip(cursor, Math.floor(cursor.length / 2)), flip(cursor, cursor.length - 1), `${cursor}=`, ''];
		for (const c of bad) {
			const r = await writer.get(`/?before=${c}`);
			assert.equal(r.status, 400, `?before=${c}`);
			assert.match(htmlDecode(r.body), /page link is not valid/);
		}
		// a cursor another server sealed (another key) means nothing here
		const other = await startServer({ config: FAST_HASH });
		try {
			const r = await get(`${other.baseUrl}/?before=${cursor}`);
			assert.equal(r.status, 400);
		} finally {
			await other.stop();
		}
	});
});
