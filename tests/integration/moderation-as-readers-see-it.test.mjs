// moderation-as-readers-see-it.test.mjs: moderation as readers and members meet it: pins on the front page and topic pages, picks first in "best" with their badge, the moderators' summary byline, the locked notice, the removal placeholder, the queue's order, the flag reasons and a configured threshold, suspended members' login and end date, the curated page's order, and new-member review by default.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, get, htmlDecode, FORUMD_BIN } from './harness.mjs';
import { newMember, Member, postReply as postBodyReply } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const FAST_HASH = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1'];
const NO_LIMITS = ['auth_attempts_per_client = 100000', 'login_attempts_per_handle = 100000',
	'new_member_limit_threads = 100', 'new_member_limit_replies = 500'];
const LONG_BODY = 'A family member keeps asking me about boundaries after a long admission. '.repeat(2);

function ctl(db, args, input = '') {
	const r = spawnSync(FORUMCTL, ['--db', db, ...args], { input, encoding: 'utf8', timeout: 60_000 });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function sql(db, query) {
	const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

async function postDilemma(m, title, topic = 'gifts-money') {
	await m.get('/new');
	const r = await m.post('/new', [['title', title], ['body', LONG_BODY], ['topic', topic]]);
	assert.equal(r.status, 303, `dilemma: ${r.status} ${r.body.slice(0, 300)}`);
	return r.location;
}

const postReply = (m, path, body) => postBodyReply(m, path, body, { showTags: false });

const json = async (m, path) => JSON.parse((await m.get(path, { json: true })).body);
const idOf = (path) => Number(path.split('/').pop());

describe('what readers see of moderators\' work', () => {
	let srv, mod, a, b, c;

	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS, 'new_member_review = 0', 'flag_threshold = 2'] });
		[mod, a, b, c] = await Promise.all([1, 2, 3, 4].map(() => newMember(srv.baseUrl)));
		assert.equal(ctl(srv.dbPath, ['promote', mod.handle]).status, 0);
		await mod.get('/');
	});
	after(async () => { await srv?.stop(); });

	test('a pinned thread comes first on the front page and on its topic\'s page, once, with a badge; unpinning puts it back', async () => {
		const older = await postDilemma(a, 'An older dilemma about a gift card from a family', 'gifts-money');
		await postDilemma(b, 'A newer dilemma about a friend request from a patient', 'gifts-money');
		const visitor = new Member(srv.baseUrl);
		assert.notEqual((await json(visitor, '/')).threads[0].id, idOf(older));
		assert.equal((await mod.post(`/moderation/thread/${idOf(older)}/pin`)).status, 303);
		for (const path of ['/', '/t/gifts-money']) {
			const model = await json(visitor, path);
			assert.equal(model.threads[0].id, idOf(older), path);
			assert.equal(model.threads[0].pinned, true, path);
			assert.equal(model.threads.filter((t) => t.id === idOf(older)).length, 1, `${path}: listed once`);
			const page = await visitor.get(path);
			assert.match(page.body, new RegExp(`<span class="badge badge-pinned">Pinned</span> <a href="${older}">`), path);
			assertValidHtml(page.body, path);
		}
		assert.ok(!(await json(visitor, '/t/other')).threads.some((t) => t.id === idOf(older)), 'not on other topics');
		assert.equal((await mod.post(`/moderation/thread/${idOf(older)}/unpin`)).status, 303);
		const after = await json(visitor, '/');
		assert.notEqual(after.threads[0].id, idOf(older));
		assert.ok(after.threads.some((t) => t.id === idOf(older) && !t.pinned), 'back in its place');
	});

	test('a moderator pick sorts first under "best" and carries its badge and note', async () => {
		const thread = await postDilemma(a, 'A patient asked me to witness a will on my shift');
		const first = await postReply(b, thread, 'Ask the charge nurse; most units forbid it.');
		const picked = await postReply(c, thread, 'Decline kindly and call the social worker.');
		await mod.post(`/p/${first}/helpful`, {});
		assert.equal((await json(a, thread)).replies[0].id, first, 'before the pick, helpful first');
		assert.equal((await mod.post(`/moderation/post/${picked}/pick`, { note: 'the policy answer' })).status, 303);
		const model = await json(new Member(srv.baseUrl), thread);
		assert.equal(model.replies[0].id, picked);
		assert.equal(model.replies[0].mod_pick, true);
		const page = await get(srv.baseUrl + thread);
		assert.match(page.body, new RegExp(`id="p${picked}"[\\s\\S]*?<span class="badge-pick">Moderator pick</span> <span class="pick-note">the policy answer</span>`));
	});

	test('a summary shows atop the thread as by "moderators", with its links, and never names the moderator', async () => {
		const thread = await postDilemma(a, 'Relatives keep bringing me home-made food');
		const r1 = await postReply(b, thread, 'Share it with the whole team and thank them.');
		const summary = `Most agree: share it with the team. See [this reply](${thread}#p${r1}).`;
		assert.equal((await mod.post(`/moderation/thread/${idOf(thread)}/summary`, { summary })).status, 303);
		const page = await get(srv.baseUrl + thread);
		assert.match(page.body, /<h2 id="summary-heading">Summary by the moderators<\/h2>/);
		assert.match(page.body, new RegExp(`<a [^>]*href="${thread}#p${r1}">this reply</a>`));
		assert.ok(!page.body.includes(mod.handle));
		assert.ok(page.body.indexOf('summary-heading') < page.body.indexOf('replies-heading'), 'atop the replies');
	});

	test('readers see that a locked thread is locked, and members get no reply form', async () => {
		const thread = await postDilemma(a, 'A patient wants to add me on a dating app');
		assert.equal((await mod.post(`/moderation/thread/${idOf(thread)}/lock`)).status, 303);
		const page = await get(srv.baseUrl + thread);
		assert.match(page.body, /This dilemma is locked: it takes no more replies\./);
		const own = await b.get(thread);
		assert.match(own.body, /This dilemma is locked/);
		assert.doesNotMatch(own.body, /id="reply-body"/);
	});

	test('readers see "removed by a moderator: <reason>" in place of a hidden reply', async () => {
		const thread = await postDilemma(a, 'Should I tell a family about a colleague error');
		const p = await postReply(b, thread, 'The patient in question was the retired teacher, the one in the corner.');
		assert.equal((await mod.post(`/moderation/post/${p}/hide`, { reason: 'contains patient identifiers' })).status, 303);
		const page = await get(srv.baseUrl + thread);
		const entry = new RegExp(`<article[^>]*id="p${p}"[\\s\\S]*?</article>`).exec(page.body);
		assert.ok(entry, 'a placeholder stands in its place');
		assert.match(htmlDecode(entry[0]), /removed by a moderator: contains patient identifiers/);
		assert.ok(!entry[0].includes('retired teacher'));
	});

	test('the flag form offers each reason of the issue; a configured threshold of 2 hides after two members', async () => {
		const thread = await postDilemma(a, 'A family offered me their holiday cottage');
		const p = await postReply(b, thread, 'Buy my supplement at my shop, link in bio.');
		const form = htmlDecode((await c.get(`/p/${p}/flag`)).body);
		for (const label of [/Patient privacy/, /Harassment or a personal attack/, /Spam/, /Unsafe clinical advice/, /Off-topic/, /Other/])
			assert.match(form, label);
		assert.equal((await c.post(`/p/${p}/flag`, { reason: 'unsafe' })).status, 303);
		assert.match((await get(srv.baseUrl + thread)).body, new RegExp(`id="p${p}"`));
		assert.equal((await a.post(`/p/${p}/flag`, { reason: 'other', other: 'selling supplements' })).status, 303);
		assert.doesNotMatch((await get(srv.baseUrl + thread)).body, new RegExp(`id="p${p}"`));
		assert.equal(sql(srv.dbPath, `SELECT state FROM posts WHERE id = ${p}`), 'held');
		const queue = htmlDecode((await mod.get('/moderation')).body);
		assert.match(queue, /<p>2 open flags:<\/p>/);
		assert.doesNotMatch(queue, /\(s\)/);
	});

	test('the review queue lists items oldest first, with the dilemma as context', async () => {
		const thread = await postDilemma(a, 'A patient keeps asking for my home address');
		const p1 = await postReply(b, thread, 'Say you cannot share it and tell your manager.');
		const p2 = await postReply(c, thread, 'Never give it; document the request.');
		for (const p of [p1, p2]) assert.equal((await a.post(`/p/${p}/flag`, { reason: 'spam' })).status, 303);
		sql(srv.dbPath, `UPDATE flags SET created_at = created_at - 1000 WHERE post_id = ${p2}`);
		const ids = (await json(mod, '/moderation')).items.map((i) => i.id);
		assert.ok(ids.includes(p1) && ids.includes(p2));
		assert.ok(ids.indexOf(p2) < ids.indexOf(p1), 'the one flagged earlier comes first');
		const waited = ids.map((id) => Number(sql(srv.dbPath,
			`SELECT coalesce(held_at, (SELECT min(created_at) FROM flags WHERE post_id = ${id} AND dismissed_at IS NULL)) FROM posts WHERE id = ${id}`)));
		assert.deepEqual(waited, [...waited].sort((x, y) => x - y));
		const item = new RegExp(`<li class="mod-item" id="q${p1}">[\\s\\S]*?</li>\\s*(?=<li class="mod-item"|</ol>)`).exec((await mod.get('/moderation')).body);
		assert.ok(item, 'the item is on the page');
		assert.match(htmlDecode(item[0]), /The dilemma: A family member keeps asking/);
		assert.match(htmlDecode(item[0]), /spam \(1\)/);
	});

	test('a suspended member can still log in and read, and sees the reason and the end date when refused', async () => {
		const s = await newMember(srv.baseUrl);
		const thread = await postDilemma(a, 'My manager asked me to cover for a friend');
		assert.equal(ctl(srv.dbPath, ['suspend', s.handle, '--days', '3', '--reason', 'personal attacks']).status, 0);
		const fresh = new Member(srv.baseUrl);
		await fresh.get('/login');
		const password = `correct horse battery staple ${s.handle}`.split('').reverse().join('');
		const login = await fresh.post('/login', { handle: s.handle, password });
		assert.equal(login.status, 303, 'login works while suspended');
		assert.equal((await fresh.get(thread)).status, 200);
		const r = await fresh.post(`${thread}/reply`, { body: 'Trying to reply while suspended.' });
		assert.equal(r.status, 403);
		const end = new Date(Number(sql(srv.dbPath,
			`SELECT ends_at FROM suspensions s JOIN members m ON m.id = s.member_id WHERE m.handle = '${s.handle}'`)) * 1000);
		const text = htmlDecode(r.body);
		assert.match(text, /personal attacks/);
		assert.ok(text.includes(end.toISOString().slice(0, 10)), `the end date ${end.toISOString().slice(0, 10)} is shown: ${text.slice(0, 400)}`);
	});

	test('a suspended member sees the reason and the end date on every page, before trying to post', async () => {
		const s = await newMember(srv.baseUrl);
		assert.equal(ctl(srv.dbPath, ['suspend', s.handle, '--days', '2', '--reason', 'sharing a patient photo']).status, 0);
		const fresh = new Member(srv.baseUrl);
		await fresh.get('/login');
		const password = `correct horse battery staple ${s.handle}`.split('').reverse().join('');
		assert.equal((await fresh.post('/login', { handle: s.handle, password })).status, 303);
		const end = new Date(Number(sql(srv.dbPath,
			`SELECT ends_at FROM suspensions s JOIN members m ON m.id = s.member_id WHERE m.handle = '${s.handle}'`)) * 1000);
		for (const path of ['/', '/topics']) {
			const page = await fresh.get(path);
			assert.equal(page.status, 200);
			const notice = /<p class="alert" role="status">Your account is suspended until <time datetime="([^"]+)">[\s\S]*?<\/p>/.exec(page.body);
			assert.ok(notice, `${path} shows the suspension notice`);
			assert.equal(notice[1], end.toISOString().replace(/\.\d{3}Z$/, 'Z'));
			assert.match(htmlDecode(notice[0]), /sharing a patient photo/);
		}
		const other = await newMember(srv.baseUrl);
		assert.doesNotMatch((await other.get('/')).body, /Your account is suspended/, 'others see no notice');
		assert.equal(ctl(srv.dbPath, ['unsuspend', s.handle]).status, 0);
		assert.doesNotMatch((await fresh.get('/')).body, /Your account is suspended/, 'the notice goes with the suspension');
	});

	test('the curated page groups threads by topic, newest first, and the public log shows when', async () => {
		const older = await postDilemma(a, 'First curated dilemma about boundaries', 'other');
		const newer = await postDilemma(a, 'Second curated dilemma about boundaries', 'other');
		for (const t of [older, newer]) {
			assert.equal((await mod.post(`/moderation/thread/${idOf(t)}/summary`, { summary: 'Most agree: keep it professional.' })).status, 303);
		}
		sql(srv.dbPath, `UPDATE thread_summaries SET written_at = written_at - 100 WHERE thread_id = ${idOf(older)}`);
		sql(srv.dbPath, `UPDATE threads SET last_activity_at = last_activity_at - 100 WHERE id = ${idOf(older)}`);
		const page = (await get(srv.baseUrl + '/curated')).body;
		const section = /<section class="curated-topic">\s*<h2><a href="\/t\/other">[\s\S]*?<\/section>/.exec(page);
		assert.ok(section, 'a section for the topic');
		assert.ok(section[0].indexOf(newer) >= 0 && section[0].indexOf(newer) < section[0].indexOf(older), 'newest first');
		const log = await get(srv.baseUrl + '/moderation/log');
		assert.match(log.body, /<time datetime="\d{4}-\d\d-\d\dT/);
	});

	test('counts read as words: "1 pick", "2 picks", never "pick(s)"', async () => {
		const one = await postDilemma(a, 'A dilemma with one moderator pick', 'other');
		const two = await postDilemma(a, 'A dilemma with two moderator picks', 'other');
		const picked = [await postReply(b, one, 'The one picked reply, kind and firm.')];
		for (const body of ['First picked reply of two, kind.', 'Second picked reply of two, firm.'])
			picked.push(await postReply(b, two, body));
		await mod.get('/moderation');
		for (const id of picked)
			assert.equal((await mod.post(`/moderation/post/${id}/pick`, { note: '' })).status, 303);
		const page = (await get(srv.baseUrl + '/curated')).body;
		const line = (path) => new RegExp(`href="${path}">[^<]*</a> <span class="meta">([^<]*)</span>`).exec(page)?.[1];
		assert.match(line(one), /^1 pick · /);
		assert.match(line(two), /^2 picks · /);
		assert.doesNotMatch(page, /\(s\)/);
		const feed = (await get(srv.baseUrl + '/curated/feed.atom')).body;
		assert.match(feed, /1 moderator pick\./);
		assert.match(feed, /2 moderator picks\./);
	});
});

describe('new members by default', () => {
	let srv;
	before(async () => { srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS] }); });
	after(async () => { await srv?.stop(); });

	test('with the default setting, an account\'s first post waits for review and its second does not', async () => {
		const m = await newMember(srv.baseUrl);
		const first = await postDilemma(m, 'My very first dilemma on this forum');
		assert.equal(sql(srv.dbPath, `SELECT held_reason FROM posts WHERE thread_id = ${idOf(first)}`), 'new-member');
		const second = await postDilemma(m, 'My second dilemma on this forum here');
		assert.equal(sql(srv.dbPath, `SELECT state FROM posts WHERE thread_id = ${idOf(second)}`), 'visible');
		assert.equal((await get(srv.baseUrl + second)).status, 200);
	});
});
