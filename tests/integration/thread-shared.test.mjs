// thread-shared.test.mjs: a signed-in member's thread page assembled from the rendering every
// member shares (forum/threadshared.c) is, byte for byte, the page rendered whole for them by
// a second forumd over the same database with the page cache off: for the asker (named and
// anonymous: the "this helped me" forms), a named and an anonymous replier (their Edit and
// Delete), a voter ("Helpful (undo)"), a plain reader, a sort and a specialty filter, and a
// locked thread. The request log says which pages were assembled ("shared"); a member whose
// reply waits for review and a moderator get the page rendered whole, and a write shows at
// once. The reply form kept between a member's pages is their session's, and their draft or
// follow shows at once.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, FORUMD_BIN, sleep } from './harness.mjs';
import { newMember, postDilemma, postReply, login } from './members.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const CONFIG = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'new_member_review = 0',
	'new_member_limit_replies = 1000', 'new_member_limit_threads = 100', 'workers = 1'];
const passwordOf = (handle) => `correct horse battery staple ${handle}`.split('').reverse().join('');

describe('a member\'s thread page from the shared rendering', () => {
	let dir, srv, plain, asker, named, hidden, voter, reader, mod, path, anonPath, replyNamed, replyAnon;

	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'forumd-shared-'));
		srv = await startServer({ dir, config: [...CONFIG, 'log_requests = true'] });
		plain = await startServer({ dir, config: [...CONFIG, 'page_cache = 0', 'log_requests = false'] });
		const base = srv.baseUrl;
		[asker, named, hidden, voter, reader] = await Promise.all([0, 1, 2, 3, 4].map(() =>
			newMember(base, { specialties: ['critical-care', 'cardiac'], cred: ['BSN', 'RN'] })));
		const moderator = await newMember(base);
		assert.equal(spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', moderator.handle]).status, 0);
		mod = await login(base, moderator.handle, passwordOf(moderator.handle));
		path = await postDilemma(asker, { title: 'A family member offered me cash at discharge' });
		replyNamed = await postReply(named, path, 'Thank them warmly and say the unit policy forbids it.');
		replyAnon = await postReply(hidden, path, 'I told a family once: "Your thanks is the gift."',
			{ anonymous: true, specialties: ['cardiac'] });
		await postReply(reader, path, 'Suggest a card to the unit instead, that is allowed.');
		await voter.get(path);
		assert.equal((await voter.post(`/p/${replyNamed}/helpful`)).status, 303);
		anonPath = await postDilemma(asker, { title: 'A patient found my profile online', anonymous: true });
		await postReply(named, anonPath, 'Do not accept; say you keep work and home apart.');
	});
	after(async () => {
		await srv?.stop();
		await plain?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	/* The log lines for path so far, as "shared", "kept" (the reader's last view of it, kept
	 * between writes) or "rendered". */
	const made = (p) => srv.stderr().split('\n')
		.filter((l) => l.startsWith(`GET ${p.split('?')[0]} 200 `))
		.map((l) => (/ (shared|kept)$/.exec(l)?.[1] ?? 'rendered'));

	/* m's page at p from both servers; they must agree (tried thrice: an "N minutes ago"
	 * may turn between the two reads). Returns the shared server's page and how it was made. */
	async function samePage(m, p) {
		let mine, whole;
		for (let i = 0; i < 3; i++) {
			const before = made(p).length;
			mine = await m.get(p);
			const r = await fetch(plain.baseUrl + p, { headers: { cookie: m.cookieHeader() } });
			whole = await r.text();
			assert.equal(mine.status, 200);
			assert.equal(r.status, 200);
			for (let k = 0; k < 100 && made(p).length === before; k++) await sleep(20);
			assert.equal(made(p).length, before + 1, `${p}: one new request log line`);
			const how = made(p).at(-1);
			if (mine.body === whole) return { body: mine.body, how: how === 'kept' ? 'shared' : how, made: how };
		}
		assert.equal(mine.body, whole, `${p}: the assembled page differs from the whole one`);
	}

	test('every kind of member gets exactly the page rendered for them', async () => {
		for (const m of [reader, voter, named, hidden, asker]) {
			const page = await samePage(m, path);
			assert.equal(page.how, 'shared', `${m.handle}'s page was assembled`);
		}
		for (const m of [asker, named, reader]) {
			const page = await samePage(m, anonPath);
			assert.equal(page.how, 'shared');
		}
		for (const p of [`${path}?sort=oldest`, `${path}?specialty=cardiac`, `${path}?sort=oldest&specialty=cardiac`])
			assert.equal((await samePage(voter, p)).how, 'shared', p);
	});

	test('the personal parts are the reader\'s own', async () => {
		const mine = (await samePage(voter, path)).body;
		assert.match(mine, new RegExp(`action="/p/${replyNamed}/helpful"><input type="hidden" name="csrf" value="[^"]+"><input type="hidden" name="undo" value="1">`));
		assert.doesNotMatch(mine, new RegExp(`/p/${replyAnon}/edit`));
		const author = (await samePage(hidden, path)).body;
		assert.match(author, new RegExp(`href="/p/${replyAnon}/edit"`), 'the anonymous author edits their own reply');
		assert.doesNotMatch(author, new RegExp(`href="/p/${replyNamed}/edit"`));
		assert.doesNotMatch(author, new RegExp(`href="/p/${replyAnon}/flag"`), 'nobody flags their own reply');
		const op = (await samePage(asker, anonPath)).body;
		assert.match(op, /This helped me/, 'the anonymous asker may mark a reply');
		assert.doesNotMatch((await samePage(named, anonPath)).body, /This helped me/);
		for (const [m, body] of [[voter, mine], [hidden, author]])
			assert.ok(body.includes(`value="${m.csrf}"`), 'the reader\'s own token');
	});

	test('the reply form kept between a member\'s pages is this session\'s; a draft or a follow shows at once', async () => {
		const other = await login(srv.baseUrl, reader.handle, passwordOf(reader.handle));
		for (let i = 0; i < 2; i++) await samePage(reader, path);      // the second from the kept form
		const page = await samePage(other, path);
		assert.equal(page.how, 'shared');
		assert.ok(page.body.includes(`value="${other.csrf}"`) && !page.body.includes(`value="${reader.csrf}"`),
			'the other session\'s token, everywhere');
		assert.equal((await samePage(reader, path)).how, 'shared');
		assert.equal((await reader.post(`${path}/reply`, { body: 'A draft kept for later, thank you.', draft: '1' })).status, 303);
		assert.match((await samePage(reader, path)).body, /A draft kept for later, thank you\.<\/textarea>/);
		assert.equal((await reader.post('/drafts/delete', { thread: path.split('/').pop(), from: path })).status, 303);
		assert.doesNotMatch((await samePage(reader, path)).body, /A draft kept for later/);
		await samePage(voter, path);                                   // the voter took no part: may follow
		assert.equal((await voter.post(`${path}/follow`, {})).status, 303);
		assert.match((await samePage(voter, path)).body, /aria-pressed="true">Following: stop<\/button>/);
		assert.equal((await voter.post(`${path}/follow`, { undo: '1' })).status, 303);
		assert.match((await samePage(voter, path)).body, /aria-pressed="false">Follow this dilemma<\/button>/);
	});

	test('a member\'s view is kept between writes for their session only, and a write anywhere ends it', async () => {
		const other = await login(srv.baseUrl, named.handle, passwordOf(named.handle));   // a second session
		await samePage(named, path);
		assert.equal((await samePage(named, path)).made, 'kept', 'the second view between writes');
		assert.equal((await samePage(other, path)).made, 'shared', 'the other session assembles its own (its token)');
		assert.equal((await samePage(other, path)).made, 'kept');
		// another page key, right after a kept view of the same session: not that view
		assert.equal((await samePage(other, `${path}?sort=oldest`)).made, 'shared', 'another page key');
		assert.equal((await samePage(other, `${path}?sort=oldest`)).made, 'kept');
		// a write anywhere, right after a kept view of the same key: assembled again
		assert.equal((await voter.post(`/p/${replyAnon}/helpful`)).status, 303);
		assert.equal((await samePage(other, `${path}?sort=oldest`)).made, 'shared', 'a vote anywhere ends the kept view');
	});

	test('a locked thread shows no reply form, assembled or not', async () => {
		assert.equal((await mod.post(`/moderation/thread/${Number(anonPath.split('/').pop())}/lock`)).status, 303);
		const page = await samePage(reader, anonPath);
		assert.equal(page.how, 'shared');
		assert.match(page.body, /This dilemma is locked/);
		assert.doesNotMatch(page.body, /id="reply-body"/);
	});

	test('a write shows at once on the assembled page', async () => {
		await samePage(reader, path);
		await postReply(named, path, 'A reply written after the shared page was kept.');
		const page = await samePage(reader, path);
		assert.equal(page.how, 'shared');
		assert.match(page.body, /A reply written after the shared page was kept/);
	});

	test('a member whose reply waits for review, and a moderator, get the page rendered whole', async () => {
		const held = await postReply(hidden, path, 'A reply that will wait for review.');
		const r = spawnSync('sqlite3', [srv.dbPath, `UPDATE posts SET state = 'held' WHERE id = ${held}`]);
		assert.equal(r.status, 0, String(r.stderr));
		const author = await samePage(hidden, path);
		assert.equal(author.how, 'rendered');
		assert.match(author.body, /Awaiting review/);
		const other = await samePage(reader, path);
		assert.equal(other.how, 'shared');
		assert.doesNotMatch(other.body, /A reply that will wait for review/);
		assert.equal((await samePage(mod, path)).how, 'rendered');
	});
});
