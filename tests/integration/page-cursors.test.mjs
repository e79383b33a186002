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

describe('thread lists page both ways, and a topic or specialty sorts by helpful marks', () => {
	let srv, writer, voters, threads;
	const N = 2 * PAGE + 5;
	const urls = (m) => m.threads.map((t) => t.url);
	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, 'new_member_review = 0', 'post_limit_threads = 1000',
			'new_member_limit_threads = 1000', 'new_member_limit_replies = 1000', 'auth_attempts_per_client = 100000'] });
		writer = await newMember(srv.baseUrl);
		voters = await Promise.all([1, 2, 3].map(() => newMember(srv.baseUrl, { specialties: ['dialysis'] })));
		threads = [];
		for (let i = 0; i < N; i++) threads.push(await postDilemma(writer, { title: `Paged dilemma number ${i} of many`, topics: ['gifts-money'], specialty: 'dialysis' }));
		// helpful marks: thread 3 gets three, thread 7 two, thread 11 one (on replies of voters[0])
		for (const [t, marks] of [[3, 3], [7, 2], [11, 1]]) {
			const reply = await postReply(voters[0], threads[t], `An answer to dilemma ${t}.`, { specialties: ['dialysis'] });
			for (const v of [writer, voters[1], voters[2]].slice(0, marks)) {
				await v.get(threads[t]);
				assert.equal((await v.post(`/p/${reply}/helpful`)).status, 303);
			}
		}
	});
	after(async () => { await srv?.stop(); });

	for (const list of ['/', '/t/gifts-money', '/s/dialysis', '/unanswered']) {
		test(`${list}: older pages, then newer pages back to the first, each thread once`, async () => {
			const get1 = async (path) => JSON.parse((await writer.get(path, { json: true })).body);
			const pages = [await get1(list)];
			assert.equal(pages[0].prev_url, null, 'the first page has no newer page');
			while (pages.at(-1).next_url) pages.push(await get1(pages.at(-1).next_url));
			const down = pages.flatMap(urls);
			assert.equal(new Set(down).size, down.length, 'no thread twice');
			const expected = list === '/unanswered' ? N - 3 : N;
			assert.equal(down.filter((u) => threads.includes(u)).length, expected, 'every thread once');
			assert.ok(pages.length >= 2);
			// back up from the last page through prev_url
			const up = [pages.at(-1)];
			while (up.at(-1).prev_url) up.push(await get1(up.at(-1).prev_url));
			assert.equal(up.length, pages.length, 'as many pages up as down');
			assert.deepEqual(up.map(urls).reverse(), pages.map(urls), 'the same pages on the way up');
			const html = htmlDecode((await writer.get(pages[1].next_url ?? pages.at(-1).prev_url ?? list)).body);
			assert.match(html, /rel="prev">Newer dilemmas</);
		});
	}

	test('a topic and a specialty sort by helpful marks, and page that way too', async () => {
		for (const list of ['/t/gifts-money', '/s/dialysis']) {
			const first = JSON.parse((await writer.get(`${list}?sort=helpful`, { json: true })).body);
			assert.deepEqual(urls(first).slice(0, 3), [threads[3], threads[7], threads[11]], `${list} most helpful first`);
			assert.ok(first.next_url.startsWith(`${list}?sort=helpful&before=`), first.next_url);
			const second = JSON.parse((await writer.get(first.next_url, { json: true })).body);
			assert.equal(new Set([...urls(first), ...urls(second)]).size, urls(first).length + urls(second).length);
			assert.ok(second.prev_url.startsWith(`${list}?sort=helpful&after=`));
			const back = JSON.parse((await writer.get(second.prev_url, { json: true })).body);
			assert.deepEqual(urls(back), urls(first));
			const html = (await writer.get(`${list}?sort=helpful`)).body;
			assert.match(html, /<a href="[^"]*\?sort=helpful" aria-current="page">Most helpful<\/a>/);
			assertValidHtml(html, `${list}?sort=helpful`);
		}
	});

	test('a bad sort or cursor is a 400; both directions at once too', async () => {
		assert.equal((await writer.get('/t/gifts-money?sort=bogus')).status, 400);
		const first = JSON.parse((await writer.get('/', { json: true })).body);
		const cursor = first.next_url.slice(first.next_url.indexOf('=') + 1);
		for (const path of [`/?after=${cursor.slice(1)}`, `/?before=${cursor}&after=${cursor}`, '/s/dialysis?after=xyz'])
			assert.equal((await writer.get(path)).status, 400, path);
	});
});
