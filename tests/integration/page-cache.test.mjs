// page-cache.test.mjs: the anonymous page cache never serves a stale page. Every kind of write
// (a reply, an edit, a delete, a helpful mark, the asker's mark, a moderator's hide, pick,
// lock, title and topics, an account erased, and a write by another process) shows at once
// on the thread page and the front page a reader who is not signed in was just served from
// the cache. Also: repeat readers get 304, personal pages are never kept or shared, and
// HTML and JSON are kept apart.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, FORUMD_BIN, sleep } from './harness.mjs';
import { newMember, postDilemma, postReply, login } from './members.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const CONFIG = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'new_member_review = 0',
	'new_member_limit_replies = 1000', 'new_member_limit_threads = 100', 'log_requests = false'];
const passwordOf = (handle) => `correct horse battery staple ${handle}`.split('').reverse().join('');

async function anon(base, path, headers = {}) {
	const r = await fetch(base + path, { headers, redirect: 'manual' });
	return { status: r.status, headers: r.headers, body: await r.text() };
}

/* Reads path twice as a visitor, a second apart, and checks the second came from the cache
 * (rendered in the same second as the first: the same Last-Modified). Returns the body. */
async function cachedRead(base, path) {
	const first = await anon(base, path);
	assert.equal(first.status, 200);
	await sleep(1100);
	const second = await anon(base, path);
	assert.equal(second.headers.get('last-modified'), first.headers.get('last-modified'),
		`${path} was answered from the cache`);
	assert.equal(second.body, first.body);
	return second.body;
}

const sqlite = (db, sql) => spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });

describe('the page cache never serves a stale page', () => {
	let srv, base, asker, replier, voter, mod, path, id, reply;
	before(async () => {
		srv = await startServer({ config: [...CONFIG, 'workers = 1'] });
		base = srv.baseUrl;
		[asker, replier, voter] = await Promise.all([0, 1, 2].map(() => newMember(base)));
		const moderator = await newMember(base);
		assert.equal(spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', moderator.handle]).status, 0);
		mod = await login(base, moderator.handle, passwordOf(moderator.handle));
		path = await postDilemma(asker, { title: 'A cached dilemma about a gift card' });
		id = Number(path.split('/').pop());
		reply = await postReply(replier, path, 'The first reply, before any cache.');
	});
	after(async () => { await srv?.stop(); });

	/* Warms the thread page and the front page in the cache, runs the write, and checks
	 * that both show what it changed. */
	async function afterWrite(write, shows, front = null) {
		await cachedRead(base, path);
		if (front) await cachedRead(base, '/');
		await write();
		const page = await anon(base, path);
		assert.equal(page.status, 200);
		shows(page.body);
		if (front) front((await anon(base, '/')).body);
	}

	test('a new reply', () => afterWrite(
		() => postReply(voter, path, 'A second reply, written after the page was cached.'),
		(b) => assert.match(b, /A second reply, written after the page was cached/),
		(b) => assert.match(b, /2 replies/)));

	test('an edit of a reply', () => afterWrite(
		async () => {
			await replier.get(`/p/${reply}/edit`);
			assert.equal((await replier.post(`/p/${reply}/edit`, { body: 'The first reply, edited since.' })).status, 303);
		},
		(b) => assert.match(b, /The first reply, edited since/)));

	test('a helpful mark and the asker\'s mark', async () => {
		await afterWrite(async () => {
			await voter.get(path);
			assert.equal((await voter.post(`/p/${reply}/helpful`, {})).status, 303);
		}, (b) => assert.match(b, /1 found this helpful/));
		await afterWrite(async () => {
			await asker.get(path);
			assert.equal((await asker.post(`/p/${reply}/mark`, {})).status, 303);
		}, (b) => assert.match(b, /Helped the OP/));
	});

	test('a moderator\'s pick, hide, lock, title and topics', async () => {
		await afterWrite(async () => {
			assert.equal((await mod.post(`/moderation/post/${reply}/pick`, { note: 'kind and clear' })).status, 303);
		}, (b) => assert.match(b, /Moderator pick/));
		await afterWrite(async () => {
			assert.equal((await mod.post(`/moderation/post/${reply}/hide`, { reason: 'contains patient identifiers' })).status, 303);
		}, (b) => assert.doesNotMatch(b, /The first reply, edited since/));
		await afterWrite(async () => {
			assert.equal((await mod.post(`/moderation/thread/${id}/lock`)).status, 303);
		}, (b) => assert.match(b, /This dilemma is locked/));
		await afterWrite(async () => {
			assert.equal((await mod.post(`/moderation/thread/${id}/title`, { title: 'A retitled dilemma about a gift card' })).status, 303);
		}, (b) => assert.match(b, /A retitled dilemma about a gift card/),
		(b) => assert.match(b, /A retitled dilemma about a gift card/));
		await afterWrite(async () => {
			assert.equal((await mod.post(`/moderation/thread/${id}/topics`, [['topic', 'other']])).status, 303);
		}, (b) => assert.match(b, /href="\/t\/other"/));
	});

	test('a reply deleted by its author, and an account erased', async () => {
		await mod.post(`/moderation/thread/${id}/unlock`);
		const mine = await postReply(voter, path, 'A reply its author will delete.');
		await afterWrite(async () => {
			await voter.get(path);
			assert.equal((await voter.post(`/p/${mine}/delete`, { confirm: '1' })).status, 303);
		}, (b) => assert.doesNotMatch(b, /A reply its author will delete/));
		await afterWrite(async () => {
			await voter.get('/account/delete');
			const r = await voter.post('/account/delete', { mode: 'erase', password: passwordOf(voter.handle) });
			assert.ok(r.status < 400, `account erased: ${r.status}`);
		}, (b) => assert.doesNotMatch(b, new RegExp(voter.handle)));
	});

	test('a write by another process', () => afterWrite(
		() => assert.equal(sqlite(srv.dbPath, `UPDATE threads SET title = 'Retitled from outside' WHERE id = ${id}`).status, 0),
		(b) => assert.match(b, /Retitled from outside/),
		(b) => assert.match(b, /Retitled from outside/)));
});

describe('what the cache keeps, and for whom', () => {
	let srv, base, member, path;
	before(async () => {
		srv = await startServer({ config: [...CONFIG, 'workers = 2'] });
		base = srv.baseUrl;
		member = await newMember(base);
		path = await postDilemma(member, { title: 'A dilemma read by everyone' });
	});
	after(async () => { await srv?.stop(); });

	test('a repeat reader gets 304, and the page again once it changed', async () => {
		const first = await anon(base, path);
		const etag = first.headers.get('etag');
		assert.match(etag, /^"[0-9a-f]{24}"$/);
		assert.equal(first.headers.get('cache-control'), 'no-cache');
		assert.match(first.headers.get('vary'), /Cookie/);
		const again = await anon(base, path, { 'if-none-match': etag });
		assert.equal(again.status, 304);
		assert.equal(again.body, '');
		const since = await anon(base, path, { 'if-modified-since': new Date(Date.now() + 1000).toUTCString() });
		assert.equal(since.status, 200, 'a date to come is no date');
		await postReply(member, path, 'A reply that changes the page.');
		const changed = await anon(base, path, { 'if-none-match': etag });
		assert.equal(changed.status, 200);
		assert.notEqual(changed.headers.get('etag'), etag);
	});

	test('a member\'s page is never kept nor shared, and a visitor never gets it', async () => {
		await cachedRead(base, path);
		const mine = await member.get(path);
		assert.match(mine.body, new RegExp(`>${member.handle}</a></li>`), 'the member sees their own menu');
		assert.equal(mine.headers.get('cache-control'), 'private, no-store');
		assert.equal(mine.headers.get('etag'), null);
		const visitor = await anon(base, path);
		assert.doesNotMatch(visitor.body, /Log out/);
		assert.match(visitor.body, /Log in<\/a> or <a href="\/register">register<\/a> to reply/);
	});

	test('HTML and JSON are kept apart', async () => {
		await cachedRead(base, path);
		const json = await anon(base, path, { accept: 'application/json' });
		assert.equal(json.status, 200);
		assert.match(json.headers.get('content-type'), /application\/json/);
		assert.equal(JSON.parse(json.body).thread.title, 'A dilemma read by everyone');
		const html = await anon(base, path);
		assert.match(html.headers.get('content-type'), /text\/html/);
	});

	test('a page holding a visitor\'s own token is not kept', async () => {
		const r = await anon(base, '/login');
		assert.equal(r.headers.get('cache-control'), 'private, no-store');
		assert.equal(r.headers.get('etag'), null);
	});
});
