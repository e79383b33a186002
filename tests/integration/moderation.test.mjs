// moderation.test.mjs: moderator tools: flags, the privacy guard on submit, new-member review, the review queue's actions, picks, summaries, thread tools, suspensions, roles, the audit log and forumctl.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startServer, get, htmlDecode, FORUMD_BIN, sleep } from './harness.mjs';
import { newMember, Member, uniqueHandle, postReply as postBodyReply, login as loginAs } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const FAST_HASH = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1'];
const NO_LIMITS = ['auth_attempts_per_client = 100000', 'login_attempts_per_handle = 100000',
	'new_member_limit_threads = 100', 'new_member_limit_replies = 500'];
const LONG_BODY = 'A family member keeps asking me about boundaries after a long admission. '.repeat(2);
const PASSWORD = 'lantern orchard pebble meadow quietly';

/* Runs forumctl with args (and stdin); returns {status, stdout, stderr}. */
function ctl(db, args, input = '') {
	const r = spawnSync(FORUMCTL, ['--db', db, ...args], { input, encoding: 'utf8', timeout: 60_000 });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/* Posts a dilemma as m; returns its path (/d/ID). */
async function postDilemma(m, title = 'A family asked me to be their private nurse') {
	await m.get('/new');
	const r = await m.post('/new', [['title', title], ['body', LONG_BODY], ['topic', 'gifts-money']]);
	assert.equal(r.status, 303, `dilemma: ${r.status} ${r.body.slice(0, 300)}`);
	return r.location;
}

/* Replies as m (body only: no tags, not anonymous); returns the reply id. */
const postReply = (m, path, body = 'I would talk to my manager first and document it.') =>
	postBodyReply(m, path, body, { showTags: false });

/* Logs handle in (the password forumctl create-admin was given, unless another). */
const login = (baseUrl, handle, password = PASSWORD) => loginAs(baseUrl, handle, password);

/* The rows of the audit table, newest last, read with the sqlite3 CLI. */
function auditRows(db) {
	const r = spawnSync('sqlite3', ['-json', db, 'SELECT actor_handle, action, target_kind, target_id, public_reason FROM mod_audit ORDER BY id'], { encoding: 'utf8' });
	return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

function sql(db, query) {
	const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

describe('moderation', () => {
	let srv, admin, mod, a, b, c, d, thread, reply;

	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS, 'new_member_review = 0', 'flag_threshold = 3'] });
		const adminHandle = uniqueHandle('chief');
		const created = ctl(srv.dbPath, ['create-admin', adminHandle], PASSWORD + '\n');
		assert.equal(created.status, 0, created.stderr);
		admin = await login(srv.baseUrl, adminHandle);
		mod = await newMember(srv.baseUrl);
		assert.equal(ctl(srv.dbPath, ['promote', mod.handle]).status, 0);
		mod = await login(srv.baseUrl, mod.handle, `correct horse battery staple ${mod.handle}`.split('').reverse().join(''));
		[a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => newMember(srv.baseUrl)));
		thread = await postDilemma(a);
		reply = await postReply(b, thread);
	});
	after(async () => { await srv?.stop(); });

	test('three distinct flags hide a reply pending review; a member flags once', async () => {
		const r1 = await a.post(`/p/${reply}/flag`, { reason: 'privacy' });
		assert.equal(r1.status, 303);
		assert.equal((await a.post(`/p/${reply}/flag`, { reason: 'spam' })).status, 409);
		assert.equal((await c.post(`/p/${reply}/flag`, { reason: 'other', other: 'names the hospital' })).status, 303);
		let page = await get(srv.baseUrl + thread);
		assert.match(page.body, new RegExp(`id="p${reply}"`));
		assert.equal((await d.post(`/p/${reply}/flag`, { reason: 'harassment' })).status, 303);
		page = await get(srv.baseUrl + thread);
		assert.doesNotMatch(page.body, new RegExp(`id="p${reply}"`));
		assert.equal(sql(srv.dbPath, `SELECT state || ':' || held_reason FROM posts WHERE id = ${reply}`), 'held:flags');
	});

	test('flag needs a known reason and "other" needs text', async () => {
		const p = await postReply(c, thread, 'Another view from the night shift on this.');
		assert.equal((await d.post(`/p/${p}/flag`, { reason: 'bogus' })).status, 400);
		assert.equal((await d.post(`/p/${p}/flag`, { reason: 'other', other: '' })).status, 400);
		assert.equal((await c.post(`/p/${p}/flag`, { reason: 'spam' })).status, 400, 'own post');
		const visitor = new Member(srv.baseUrl);
		assert.equal((await visitor.post(`/p/${p}/flag`, { reason: 'spam' })).status, 401);
	});

	test('the queue lists the flagged reply with its reasons, for moderators only', async () => {
		const q = await mod.get('/moderation');
		assert.equal(q.status, 200);
		const text = htmlDecode(q.body);
		assert.match(text, /names the hospital/);
		assert.match(text, /privacy/);
		assert.equal((await a.get('/moderation')).status, 403);
		assert.equal((await get(srv.baseUrl + '/moderation')).status, 303, 'a visitor is sent to log in');
		const json = JSON.parse((await mod.get('/moderation', { json: true })).body);
		assert.ok(json.items.some((i) => i.id === reply && i.flag_count === 3));
	});

	test('a member cannot act as a moderator: 403 and nothing changes', async () => {
		const before = auditRows(srv.dbPath).length;
		for (const action of ['approve', 'hide', 'restore', 'dismiss', 'pick']) {
			const r = await a.post(`/moderation/post/${reply}/${action}`, { reason: 'spam' });
			assert.equal(r.status, 403, action);
		}
		const id = thread.split('/').pop();
		assert.equal((await a.post(`/moderation/thread/${id}/lock`)).status, 403);
		assert.equal((await a.post(`/moderation/member/${b.handle}/suspend`, { days: '3', reason: 'x' })).status, 403);
		assert.equal(sql(srv.dbPath, `SELECT state FROM posts WHERE id = ${reply}`), 'held');
		assert.equal(auditRows(srv.dbPath).length, before);
	});

	test('a moderator hides with a public reason; readers see it; the audit row has no moderator on the public log', async () => {
		const r = await mod.post(`/moderation/post/${reply}/hide`, { reason: 'contains patient identifiers' });
		assert.equal(r.status, 303);
		assert.equal(sql(srv.dbPath, `SELECT state || ':' || mod_reason FROM posts WHERE id = ${reply}`),
			'hidden:contains patient identifiers');
		const rows = auditRows(srv.dbPath);
		const last = rows.at(-1);
		assert.deepEqual([last.actor_handle, last.action, last.target_id, last.public_reason],
			[mod.handle, 'hide', reply, 'contains patient identifiers']);
		const log = await get(srv.baseUrl + '/moderation/log');
		assert.equal(log.status, 200);
		assert.match(log.body, /contains patient identifiers/);
		assert.match(log.body, new RegExp(`href="/d/\\d+#p${reply}"`));
		const pub = JSON.parse((await get(srv.baseUrl + '/moderation/log', { json: true })).body);
		const hideRow = pub.rows.find((x) => x.action === 'hide');
		assert.deepEqual(Object.keys(hideRow).sort(), ['action', 'at', 'public_reason', 'target', 'target_url']);
		assert.ok(pub.rows.every((x) => !('moderator' in x) && !('note' in x)), 'the public log never names the moderator');
		const full = await mod.get('/moderation/audit');
		assert.ok(full.body.includes(mod.handle));
		assert.equal((await a.get('/moderation/audit')).status, 403);
	});

	test('restore, approve and dismiss each write their audit row', async () => {
		assert.equal((await mod.post(`/moderation/post/${reply}/restore`)).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT state FROM posts WHERE id = ${reply}`), 'visible');
		const p = await postReply(c, thread, 'Yet another reply that gets a flag.');
		await d.post(`/p/${p}/flag`, { reason: 'off-topic' });
		assert.equal((await mod.post(`/moderation/post/${p}/dismiss`)).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM flags WHERE post_id = ${p} AND dismissed_at IS NULL`), '0');
		const actions = auditRows(srv.dbPath).map((r) => r.action);
		assert.ok(actions.includes('restore'));
		assert.ok(actions.includes('dismiss-flags'));
		assert.equal((await mod.post(`/moderation/post/${p}/restore`)).status, 409, 'not hidden');
	});

	test('edit with a note keeps the note, not the replaced text, in the revision history', async () => {
		assert.equal((await mod.post(`/moderation/post/${reply}/edit`, { body: 'Talk to your manager.', note: 'removed a name' })).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT mod_note || ':' || body_md FROM post_revisions WHERE post_id = ${reply} ORDER BY id DESC LIMIT 1`), 'removed a name:');
		assert.equal(sql(srv.dbPath, `SELECT body_md FROM posts WHERE id = ${reply}`), 'Talk to your manager.');
		assert.equal((await mod.post(`/moderation/post/${reply}/edit`, { body: 'No note given' })).status, 400);
	});

	test('pick with a note, summary, lock, pin, title and topics; curated page and feed', async () => {
		const id = thread.split('/').pop();
		assert.equal((await mod.post(`/moderation/post/${reply}/pick`, { note: 'clear, kind and safe' })).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT mod_pick || pick_note FROM posts WHERE id = ${reply}`), '1clear, kind and safe');
		assert.equal((await mod.post(`/moderation/thread/${id}/summary`, { summary: `Most replies agree: say no kindly. See [this reply](/d/${id}#p${reply}).` })).status, 303);
		for (const action of ['lock', 'pin']) assert.equal((await mod.post(`/moderation/thread/${id}/${action}`)).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT locked || pinned FROM threads WHERE id = ${id}`), '11');
		assert.equal((await b.post(`${thread}/reply`, { body: 'A reply to a locked thread' })).status, 403);
		assert.equal((await mod.post(`/moderation/thread/${id}/title`, { title: 'A family offered to hire me privately' })).status, 303);
		assert.equal((await mod.post(`/moderation/thread/${id}/title`, { title: 'short' })).status, 400);
		assert.equal((await mod.post(`/moderation/thread/${id}/topics`, [['topic', 'gifts-money'], ['topic', 'other']])).status, 303);
		assert.equal((await mod.post(`/moderation/thread/${id}/topics`, [['topic', 'no-such-topic']])).status, 400);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM thread_topics WHERE thread_id = ${id}`), '2');
		const curated = await get(srv.baseUrl + '/curated');
		assert.match(htmlDecode(curated.body), /A family offered to hire me privately/);
		const feed = await get(srv.baseUrl + '/curated/feed.atom');
		assert.equal(feed.status, 200);
		assert.match(feed.headers.get('content-type'), /application\/atom\+xml/);
		const xmllint = spawnSync('xmllint', ['--noout', '-'], { input: feed.body, encoding: 'utf8' });
		if (xmllint.error?.code !== 'ENOENT') assert.equal(xmllint.status, 0, xmllint.stderr);
		for (const action of ['unlock', 'unpin']) assert.equal((await mod.post(`/moderation/thread/${id}/${action}`)).status, 303);
		const actions = auditRows(srv.dbPath).filter((r) => r.target_kind === 'thread').map((r) => r.action);
		for (const a2 of ['summary', 'lock', 'pin', 'title', 'topics', 'unlock', 'unpin']) assert.ok(actions.includes(a2), a2);
	});

	test('suspension: the member reads but cannot post, flag or mark, and sees why', async () => {
		assert.equal((await mod.post(`/moderation/member/${d.handle}/suspend`, { days: '3', reason: 'repeated personal attacks' })).status, 303);
		assert.equal((await d.get(thread)).status, 200);
		const r = await d.post(`${thread}/reply`, { body: 'Trying to reply while suspended' });
		assert.equal(r.status, 403);
		assert.match(htmlDecode(r.body), /repeated personal attacks/);
		assert.equal((await d.post(`/p/${reply}/flag`, { reason: 'spam' })).status, 403);
		assert.equal((await d.post(`/p/${reply}/helpful`, {})).status, 403);
		assert.equal((await d.post(`/moderation/post/${reply}/pick`)).status, 403);
		assert.equal((await mod.post(`/moderation/member/${d.handle}/unsuspend`)).status, 303);
		assert.equal((await d.post(`${thread}/reply`, { body: 'Back after the suspension.' })).status, 303);
	});

	test('suspending "the author of this post" from an anonymous post never shows the account', async () => {
		await b.get(thread);
		const r = await b.post(`${thread}/reply`, [['body', 'Speaking anonymously about this one.'], ['anonymous', '1']]);
		assert.equal(r.status, 303);
		const anon = Number(/#p(\d+)$/.exec(r.location)[1]);
		const id = thread.split('/').pop();
		const tools = await mod.get(`/moderation/thread/${id}`);
		assert.equal(tools.status, 200);
		const s = await mod.post(`/moderation/post/${anon}/suspend-author`, { days: '2', reason: 'doxxing a colleague' });
		assert.equal(s.status, 303);
		const queue = await mod.get('/moderation');
		const audit = await mod.get('/moderation/audit');
		const log = await get(srv.baseUrl + '/moderation/log');
		const entry = new RegExp(`<li id="m${anon}">([\\s\\S]*?)</li>`).exec(tools.body);
		assert.ok(entry, 'the anonymous reply is on the tools page');
		assert.ok(!entry[1].includes(b.handle), 'its entry never names the account');
		for (const page of [queue.body, log.body]) assert.ok(!page.includes(b.handle));
		const row = auditRows(srv.dbPath).at(-1);
		assert.deepEqual([row.action, row.target_kind, row.target_id], ['suspend', 'post-author', anon]);
		assert.ok(!htmlDecode(audit.body).includes(`/u/${b.handle}`));
		assert.equal((await b.post(`${thread}/reply`, { body: 'Suspended now, so refused' })).status, 403);
		assert.equal((await mod.post(`/moderation/post/${anon}/unsuspend-author`)).status, 303);
	});

	test('promote and demote are for admins only', async () => {
		assert.equal((await mod.post(`/moderation/member/${c.handle}/promote`)).status, 403);
		assert.equal(sql(srv.dbPath, `SELECT role FROM members WHERE handle = '${c.handle}'`), 'member');
		assert.equal((await admin.post(`/moderation/member/${c.handle}/promote`)).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT role FROM members WHERE handle = '${c.handle}'`), 'moderator');
		assert.equal((await admin.post(`/moderation/member/${c.handle}/demote`)).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT role FROM members WHERE handle = '${c.handle}'`), 'member');
		const actions = auditRows(srv.dbPath).map((r) => r.action);
		assert.ok(actions.includes('promote') && actions.includes('demote'));
	});

	test('the audit table refuses updates and deletes', () => {
		for (const q of ['UPDATE mod_audit SET action = \'x\'', 'DELETE FROM mod_audit']) {
			const r = spawnSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' });
			assert.notEqual(r.status, 0);
			assert.match(r.stderr, /append-only/);
		}
	});

	test('the privacy guard shows the passages on submit; posting anyway holds the post', async () => {
		const body = 'Mrs. Lopez in bed 4B, DOB 03/14/1951, asked me to call her daughter at 555-201-3344.';
		await c.get(thread);
		const r = await c.post(`${thread}/reply`, { body });
		assert.equal(r.status, 422);
		const text = htmlDecode(r.body);
		assert.match(r.body, /<mark>03\/14\/1951<\/mark>/);
		assert.match(text, /date of birth/i);
		assert.match(text, /phone number/i);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM posts WHERE body_md = '${body}'`), '0');
		const anyway = await c.post(`${thread}/reply`, { body, guard_ack: '1' });
		assert.equal(anyway.status, 303);
		const id = Number(/#p(\d+)$/.exec(anyway.location)[1]);
		assert.equal(sql(srv.dbPath, `SELECT state || ':' || held_reason FROM posts WHERE id = ${id}`), 'held:guard');
		assert.doesNotMatch((await get(srv.baseUrl + thread)).body, new RegExp(`id="p${id}"`));
		const q = await mod.get('/moderation');
		assert.match(q.body, /<mark>555-201-3344<\/mark>/);
		assert.equal((await mod.post(`/moderation/post/${id}/approve`)).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT state FROM posts WHERE id = ${id}`), 'visible');
	});

	test('every moderation page is valid HTML', async () => {
		const id = thread.split('/').pop();
		for (const path of ['/moderation', `/moderation/thread/${id}`, `/moderation/member/${b.handle}`, '/moderation/audit', `/p/${reply}/flag`, thread]) {
			const r = await mod.get(path);
			assert.equal(r.status, 200, path);
			assertValidHtml(r.body, path);
		}
		for (const path of ['/moderation/log', '/curated']) assertValidHtml((await get(srv.baseUrl + path)).body, path);
		await c.get(thread);
		const guard = await c.post(`${thread}/reply`, { body: 'Her email is jane.doe@example.com, please write.' });
		assert.equal(guard.status, 422);
		assertValidHtml(guard.body, 'guard page');
	});

	test('clean text passes the guard untouched', async () => {
		await c.get(thread);
		assert.equal((await c.post(`${thread}/reply`, { body: 'A patient in room 12 asked for my number; call the unit at ext. 4.' })).status, 303);
	});
});

describe('new member review', () => {
	let srv;
	before(async () => { srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS, 'new_member_review = 1'] }); });
	after(async () => { await srv?.stop(); });

	test("an account's first post waits for review, the next does not", async () => {
		const m = await newMember(srv.baseUrl);
		const path = await postDilemma(m, 'My first dilemma on this forum here');
		const id = path.split('/').pop();
		assert.equal(sql(srv.dbPath, `SELECT state FROM threads WHERE id = ${id}`), 'held');
		assert.equal(sql(srv.dbPath, `SELECT held_reason FROM posts WHERE thread_id = ${id}`), 'new-member');
		assert.equal((await get(srv.baseUrl + path)).status, 404);
		const q = ctl(srv.dbPath, ['queue']);
		assert.equal(q.status, 0);
		assert.match(q.stdout, /new-member/);
	});
});

describe('forumctl', () => {
	let srv;
	before(async () => { srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS, 'new_member_review = 0'] }); });
	after(async () => { await srv?.stop(); });

	test('--help for each command, and clear errors with a non-zero exit', () => {
		for (const cmd of ['create-admin', 'promote', 'demote', 'suspend', 'unsuspend', 'queue', 'backup', 'migrations']) {
			const r = spawnSync(FORUMCTL, [cmd, '--help'], { encoding: 'utf8' });
			assert.equal(r.status, 0, cmd);
			assert.match(r.stdout, new RegExp(`usage: forumctl .*${cmd}`));
		}
		assert.notEqual(ctl(srv.dbPath, ['no-such-command']).status, 0);
		const missing = spawnSync(FORUMCTL, ['--db', join(srv.dir, 'missing.db'), 'queue'], { encoding: 'utf8' });
		assert.equal(missing.status, 1);
		assert.match(missing.stderr, /cannot open the database/);
		assert.match(ctl(srv.dbPath, ['promote', 'nobody_here']).stderr, /no member has the handle/);
		assert.equal(ctl(srv.dbPath, ['promote', 'nobody_here']).status, 1);
		assert.equal(ctl(srv.dbPath, ['create-admin', uniqueHandle('lead')], 'short\n').status, 1);
		assert.equal(ctl(srv.dbPath, ['create-admin', 'admin'], PASSWORD + '\n').status, 1, 'reserved handle');
		assert.equal(ctl(srv.dbPath, ['suspend', 'someone']).status, 1, 'needs --days and --reason');
	});

	test('promote, demote, suspend, unsuspend on the running server', async () => {
		const m = await newMember(srv.baseUrl);
		assert.equal(ctl(srv.dbPath, ['promote', m.handle]).status, 0);
		assert.equal((await m.get('/moderation')).status, 200, 'role read on the next request');
		assert.equal(ctl(srv.dbPath, ['promote', m.handle]).status, 1, 'already a moderator');
		assert.equal(ctl(srv.dbPath, ['demote', m.handle]).status, 0);
		assert.equal((await m.get('/moderation')).status, 403);
		const s = ctl(srv.dbPath, ['suspend', m.handle, '--days', '2', '--reason', 'cooling off']);
		assert.equal(s.status, 0, s.stderr);
		const path = await postDilemma(await newMember(srv.baseUrl));
		const r = await m.post(`${path}/reply`, { body: 'I am suspended right now' });
		assert.equal(r.status, 403);
		assert.match(htmlDecode(r.body), /cooling off/);
		assert.equal(ctl(srv.dbPath, ['unsuspend', m.handle]).status, 0);
		assert.equal(ctl(srv.dbPath, ['unsuspend', m.handle]).status, 1, 'not suspended');
		const actions = auditRows(srv.dbPath).filter((x) => x.actor_handle === 'forumctl').map((x) => x.action);
		assert.deepEqual(actions.slice(-4), ['promote', 'demote', 'suspend', 'unsuspend']);
	});

	test('migrations lists applied and pending', () => {
		const r = ctl(srv.dbPath, ['migrations']);
		assert.equal(r.status, 0);
		assert.match(r.stdout, /0001_core\s+applied/);
		assert.match(r.stdout, /0006_moderation\s+applied/);
		assert.match(r.stdout, /0 pending/);
	});

	test('a backup taken under write load opens and passes integrity_check', async () => {
		const writers = await Promise.all([1, 2, 3].map(() => newMember(srv.baseUrl)));
		const path = await postDilemma(writers[0]);
		let writing = true, written = 0;
		const load = Promise.all(writers.map(async (w) => {
			while (writing) {
				await w.get(path);
				const r = await w.post(`${path}/reply`, { body: `Reply number ${written} under load.` });
				if (r.status === 303) written += 1;
			}
		}));
		await sleep(300);
		const file = join(srv.dir, 'backup.db');
		const r = await new Promise((ok) => {
			const p = spawn(FORUMCTL, ['--db', srv.dbPath, 'backup', file]);
			let err = '';
			p.stderr.on('data', (s) => { err += s; });
			p.on('exit', (code) => ok({ code, err }));
		});
		await sleep(200);
		writing = false;
		await load;
		assert.equal(r.code, 0, r.err);
		assert.ok(written > 0, 'writes happened during the backup');
		assert.ok(!existsSync(file + '.tmp'));
		const check = spawnSync('sqlite3', [file, 'PRAGMA integrity_check; SELECT count(*) > 0 FROM posts;'], { encoding: 'utf8' });
		assert.equal(check.status, 0, check.stderr);
		assert.equal(check.stdout.trim(), 'ok\n1');
		rmSync(file);
	});
});

describe('moderation: edits through the guard, held dilemmas, authorization of every action', () => {
	const IDENTIFYING = 'Update: it was Mr. Okafor in bed 12A, DOB 02/09/1948; his son is on 555-303-7788.';
	let srv, admin, mod, mod2, a, b, c, s, thread, threadId, reply;

	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS, 'new_member_review = 0', 'flag_threshold = 3'] });
		const adminHandle = uniqueHandle('chief');
		assert.equal(ctl(srv.dbPath, ['create-admin', adminHandle], PASSWORD + '\n').status, 0);
		admin = await login(srv.baseUrl, adminHandle);
		[mod, mod2, a, b, c, s] = await Promise.all([1, 2, 3, 4, 5, 6].map(() => newMember(srv.baseUrl)));
		for (const m of [mod, mod2]) assert.equal(ctl(srv.dbPath, ['promote', m.handle]).status, 0);
		assert.equal(ctl(srv.dbPath, ['suspend', s.handle, '--days', '5', '--reason', 'cooling off']).status, 0);
		assert.equal(ctl(srv.dbPath, ['suspend', mod2.handle, '--days', '5', '--reason', 'on leave']).status, 0);
		thread = await postDilemma(a, 'A patient relative keeps messaging me after discharge');
		threadId = Number(thread.split('/').pop());
		reply = await postReply(b, thread, 'I would block them kindly and tell the charge nurse.');
	});
	after(async () => { await srv?.stop(); });

	test('editing a reply runs the privacy guard; posting anyway holds the edit for review', async () => {
		await b.get(`/p/${reply}/edit`);
		const before = sql(srv.dbPath, `SELECT body_md FROM posts WHERE id = ${reply}`);
		const r = await b.post(`/p/${reply}/edit`, { body: IDENTIFYING });
		assert.equal(r.status, 422);
		assert.match(r.body, /<mark>02\/09\/1948<\/mark>/);
		assert.match(r.body, new RegExp(`action="/p/${reply}/edit"`));
		assert.match(htmlDecode(r.body), /phone number/i);
		assertValidHtml(r.body, 'guard page for an edit');
		assert.equal(sql(srv.dbPath, `SELECT body_md FROM posts WHERE id = ${reply}`), before, 'nothing saved');
		const count = Number(sql(srv.dbPath, `SELECT reply_count FROM threads WHERE id = ${threadId}`));
		const anyway = await b.post(`/p/${reply}/edit`, { body: IDENTIFYING, guard_ack: '1' });
		assert.equal(anyway.status, 303);
		assert.equal(sql(srv.dbPath, `SELECT state || ':' || held_reason FROM posts WHERE id = ${reply}`), 'held:guard');
		assert.match(sql(srv.dbPath, `SELECT guard_passages FROM posts WHERE id = ${reply}`), /555-303-7788/);
		assert.equal(sql(srv.dbPath, `SELECT body_md FROM post_revisions WHERE post_id = ${reply} ORDER BY id DESC LIMIT 1`), before);
		assert.equal(Number(sql(srv.dbPath, `SELECT reply_count FROM threads WHERE id = ${threadId}`)), count - 1);
		assert.doesNotMatch((await get(srv.baseUrl + thread)).body, new RegExp(`id="p${reply}"`), 'readers no longer see it');
		assert.doesNotMatch((await c.get(thread)).body, new RegExp(`id="p${reply}"`), 'other members neither');
		const own = await b.get(thread);
		assert.match(own.body, new RegExp(`id="p${reply}"[\\s\\S]*?class="badge-review"`), 'its author sees it, marked');
		const q = await mod.get('/moderation');
		assert.match(q.body, /<mark>555-303-7788<\/mark>/);
	});

	test('the author can edit a held reply again; it stays held and the stale passages are dropped', async () => {
		assert.equal((await b.get(`/p/${reply}/edit`)).status, 200);
		const r = await b.post(`/p/${reply}/edit`, { body: 'I would block them kindly and tell the charge nurse first.' });
		assert.equal(r.status, 303);
		assert.equal(sql(srv.dbPath, `SELECT state || ':' || coalesce(guard_passages, 'none') FROM posts WHERE id = ${reply}`), 'held:none');
		assert.equal((await mod.post(`/moderation/post/${reply}/approve`)).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT state FROM posts WHERE id = ${reply}`), 'visible');
	});

	test('a clean edit passes the guard and stays visible', async () => {
		const r = await b.post(`/p/${reply}/edit`, { body: 'Block them kindly; tell the charge nurse and document it.' });
		assert.equal(r.status, 303);
		assert.equal(sql(srv.dbPath, `SELECT state FROM posts WHERE id = ${reply}`), 'visible');
	});

	test('deleting a held reply leaves the reply count alone', async () => {
		const p = await postReply(c, thread, 'A reply that will be held and then deleted.');
		const count = sql(srv.dbPath, `SELECT reply_count FROM threads WHERE id = ${threadId}`);
		assert.equal((await c.post(`/p/${p}/edit`, { body: IDENTIFYING, guard_ack: '1' })).status, 303);
		assert.equal(Number(sql(srv.dbPath, `SELECT reply_count FROM threads WHERE id = ${threadId}`)), Number(count) - 1);
		assert.equal((await c.post(`/p/${p}/delete`, { confirm: '1' })).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT state FROM posts WHERE id = ${p}`), 'removed');
		assert.equal(Number(sql(srv.dbPath, `SELECT reply_count FROM threads WHERE id = ${threadId}`)), Number(count) - 1);
	});

	test("the author's own held reply has no Quote link; visible replies keep theirs", async () => {
		const p = await postReply(c, thread, 'A reply that the guard will hold for review.');
		assert.equal((await c.post(`/p/${p}/edit`, { body: IDENTIFYING, guard_ack: '1' })).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT state FROM posts WHERE id = ${p}`), 'held');
		const page = await c.get(thread);
		assert.match(page.body, new RegExp(`id="p${p}"[\\s\\S]*?class="badge-review"`), 'the author sees the held reply');
		assert.doesNotMatch(page.body, new RegExp(`\\?quote=${p}#reply`), 'but no Quote link on it');
		assert.match(page.body, new RegExp(`\\?quote=${reply}#reply`), 'a visible reply keeps its Quote link');
		const model = JSON.parse((await c.get(thread, { json: true })).body);
		assert.equal(model.replies.find((x) => x.id === p).can_quote, false);
		assert.equal(model.replies.find((x) => x.id === reply).can_quote, true);
		assert.equal((await c.post(`/p/${p}/delete`, { confirm: '1' })).status, 303);
	});

	test("a dilemma's title goes through the privacy guard; its passages are shown; posting anyway holds it", async () => {
		const title = 'Her son gave me his number 555-404-1212 at discharge';
		const fields = [['title', title], ['body', LONG_BODY], ['topic', 'gifts-money']];
		await c.get('/new');
		const r = await c.post('/new', fields);
		assert.equal(r.status, 422);
		assert.match(r.body, /<mark>555-404-1212<\/mark>/, 'the title passage is highlighted');
		assert.match(htmlDecode(r.body), /phone number/i);
		assert.match(r.body, /<input type="text" id="guard-title" name="title" value="Her son gave me his number 555-404-1212 at discharge"/,
			'the title is there to edit');
		assert.equal((r.body.match(/name="title"/g) ?? []).length, 1, 'and not carried twice');
		assertValidHtml(r.body, 'guard page for a title');
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM threads WHERE title = '${title}'`), '0', 'nothing posted');
		const json = JSON.parse((await c.post('/new', fields, { json: true })).body);
		assert.ok(json.passages.some((x) => x.field === 'title' && x.text === '555-404-1212'));
		const anyway = await c.post('/new', [...fields, ['guard_ack', '1']]);
		assert.equal(anyway.status, 303);
		const id = anyway.location.split('/').pop();
		assert.equal(sql(srv.dbPath, `SELECT state FROM threads WHERE id = ${id}`), 'held');
		assert.equal(sql(srv.dbPath, `SELECT state || ':' || held_reason FROM posts WHERE thread_id = ${id}`), 'held:guard');
		assert.match(sql(srv.dbPath, `SELECT guard_passages FROM posts WHERE thread_id = ${id}`), /"field":"title"/);
		assert.equal((await c.get(anyway.location)).status, 200, 'its author sees it');
		assert.equal((await a.get(anyway.location)).status, 404, 'nobody else does');
		const q = await mod.get('/moderation');
		assert.match(q.body, /<mark>555-404-1212<\/mark>/, 'the queue shows the title passage');
		const post = sql(srv.dbPath, `SELECT id FROM posts WHERE thread_id = ${id}`);
		assert.equal((await mod.post(`/moderation/post/${post}/approve`)).status, 303);
	});

	test("editing a dilemma's title goes through the privacy guard", async () => {
		const post = sql(srv.dbPath, `SELECT id FROM posts WHERE thread_id = ${threadId} AND kind = 'dilemma'`);
		const before = sql(srv.dbPath, `SELECT title FROM threads WHERE id = ${threadId}`);
		await a.get(`/p/${post}/edit`);
		const r = await a.post(`/p/${post}/edit`, { title: 'Her email is jane.doe@example.com, what now', body: LONG_BODY });
		assert.equal(r.status, 422);
		assert.match(r.body, /<mark>jane\.doe@example\.com<\/mark>/);
		assert.match(r.body, new RegExp(`action="/p/${post}/edit"`));
		assertValidHtml(r.body, 'guard page for a title edit');
		assert.equal(sql(srv.dbPath, `SELECT title FROM threads WHERE id = ${threadId}`), before, 'nothing saved');
		assert.equal(sql(srv.dbPath, `SELECT state FROM posts WHERE id = ${post}`), 'visible');
	});

	test('a NUL (%00) in a moderation reason or note: 400, nothing changed, no audit row', async () => {
		const audit = auditRows(srv.dbPath).length;
		const state = () => sql(srv.dbPath, `SELECT state || mod_pick || coalesce(mod_reason, '') || coalesce(pick_note, '') FROM posts WHERE id = ${reply};`
			+ ' SELECT count(*) FROM suspensions');
		const before = state();
		const cases = [
			[`/moderation/post/${reply}/hide`, { reason: 'other', reason_other: 'names the ward\u0000 and more' }],
			[`/moderation/post/${reply}/pick`, { note: 'clear and kind\u0000 hidden tail' }],
			[`/moderation/member/${c.handle}/suspend`, { days: '2', reason: 'rude\u0000 hidden tail' }],
			[`/moderation/post/${reply}/suspend-author`, { days: '2', reason: 'rude\u0000 hidden tail' }],
		];
		for (const [path, fields] of cases) {
			const r = await mod.post(path, fields);
			assert.equal(r.status, 400, path);
			assert.match(htmlDecode(r.body), /NUL character/, path);
		}
		assert.equal(state(), before);
		assert.equal(auditRows(srv.dbPath).length, audit);
	});

	test('a held dilemma: its author sees it marked "awaiting review", moderators see it, everyone else 404', async () => {
		await c.get('/new');
		const fields = [['title', 'A resident family wants my number for updates'], ['body', `${LONG_BODY} ${IDENTIFYING}`], ['topic', 'gifts-money']];
		assert.equal((await c.post('/new', fields)).status, 422);
		const r = await c.post('/new', [...fields, ['guard_ack', '1']]);
		assert.equal(r.status, 303);
		const path = r.location;
		const id = path.split('/').pop();
		assert.equal(sql(srv.dbPath, `SELECT state FROM threads WHERE id = ${id}`), 'held');
		const own = await c.get(path);
		assert.equal(own.status, 200);
		assert.match(own.body, /class="badge-review"/);
		assert.match(htmlDecode(own.body), /Awaiting review/);
		assertValidHtml(own.body, 'held dilemma, author');
		assert.equal((await c.get(path, { json: true })).status, 200);
		const seen = await mod.get(path);
		assert.equal(seen.status, 200);
		assert.match(seen.body, /class="badge-review"/);
		assert.equal((await admin.get(path)).status, 200);
		for (const [who, m] of [['another member', a], ['a visitor', new Member(srv.baseUrl)]]) {
			assert.equal((await m.get(path)).status, 404, who);
			const json = await m.get(path, { json: true });
			assert.equal(json.status, 404, `${who} (JSON)`);
			assert.ok(!json.body.includes('resident family'), `${who} learns nothing of it`);
		}
		assert.equal((await a.post(`${path}/reply`, { body: 'Replying to a held dilemma' })).status, 404);
		assert.equal((await mod.post(`/moderation/post/${sql(srv.dbPath, `SELECT id FROM posts WHERE thread_id = ${id}`)}/approve`)).status, 303);
		assert.equal((await a.get(path)).status, 200, 'approved: everyone sees it');
	});

	test('moderator pages are never cached', async () => {
		for (const path of ['/moderation', `/moderation/thread/${threadId}`, `/moderation/member/${b.handle}`, '/moderation/audit', '/moderation/log']) {
			const r = await mod.get(path);
			assert.equal(r.status, 200, path);
			assert.equal(r.headers.get('cache-control'), 'private, no-store', path);
		}
		for (const path of ['/moderation', '/moderation/audit']) {
			assert.equal((await a.get(path)).headers.get('cache-control'), 'private, no-store', `${path} refused`);
		}
	});

	/* Every moderation POST route, with the fields that make it succeed for a moderator. */
	function actions(post) {
		return [
			[`/moderation/post/${post}/hide`, { reason: 'spam' }],
			[`/moderation/post/${post}/restore`, {}],
			[`/moderation/post/${post}/approve`, {}],
			[`/moderation/post/${post}/dismiss`, {}],
			[`/moderation/post/${post}/pick`, { note: 'clear and kind' }],
			[`/moderation/post/${post}/unpick`, {}],
			[`/moderation/post/${post}/edit`, { body: 'Edited by a moderator.', note: 'tidied' }],
			[`/moderation/post/${post}/suspend-author`, { days: '1', reason: 'a test' }],
			[`/moderation/post/${post}/unsuspend-author`, {}],
			[`/moderation/thread/${threadId}/lock`, {}],
			[`/moderation/thread/${threadId}/unlock`, {}],
			[`/moderation/thread/${threadId}/pin`, {}],
			[`/moderation/thread/${threadId}/unpin`, {}],
			[`/moderation/thread/${threadId}/title`, { title: 'A relative keeps messaging me after discharge' }],
			[`/moderation/thread/${threadId}/topics`, [['topic', 'gifts-money']]],
			[`/moderation/thread/${threadId}/summary`, { summary: 'Most agree: block kindly and tell your manager.' }],
			[`/moderation/member/${c.handle}/suspend`, { days: '1', reason: 'a test' }],
			[`/moderation/member/${c.handle}/unsuspend`, {}],
			[`/moderation/member/${c.handle}/promote`, {}],
			[`/moderation/member/${c.handle}/demote`, {}],
		];
	}

	test('every moderation POST refuses members, suspended members, suspended moderators and a missing CSRF token: 403, nothing changes', async () => {
		await s.get('/'); await mod2.get('/');
		const audit = auditRows(srv.dbPath).length;
		const snapshot = () => sql(srv.dbPath, `SELECT group_concat(state || mod_pick || coalesce(mod_reason, '') || body_md, '|') FROM posts WHERE thread_id = ${threadId};`
			+ ` SELECT title || locked || pinned FROM threads WHERE id = ${threadId}; SELECT count(*) FROM suspensions WHERE lifted_at IS NULL;`
			+ ` SELECT group_concat(role) FROM members; SELECT count(*) FROM thread_summaries`);
		const state = snapshot();
		const visitor = new Member(srv.baseUrl);
		for (const [path, fields] of actions(reply)) {
			assert.equal((await a.post(path, fields)).status, 403, `member: ${path}`);
			assert.equal((await s.post(path, fields)).status, 403, `suspended member: ${path}`);
			assert.equal((await mod2.post(path, fields)).status, 403, `suspended moderator: ${path}`);
			assert.equal((await mod.post(path, fields, { csrf: false })).status, 403, `moderator without CSRF: ${path}`);
			const forged = Array.isArray(fields) ? [...fields, ['csrf', 'forged']] : { ...fields, csrf: 'forged' };
			assert.equal((await mod.post(path, forged)).status, 403, `moderator with a wrong CSRF token: ${path}`);
			assert.equal((await visitor.post(path, fields, { csrf: false })).status, 401, `visitor: ${path}`);
		}
		assert.equal(snapshot(), state);
		assert.equal(auditRows(srv.dbPath).length, audit);
	});

	test('admin-only actions are refused to moderators', async () => {
		assert.equal(ctl(srv.dbPath, ['promote', a.handle]).status, 0);
		const audit = auditRows(srv.dbPath).length;
		assert.equal((await mod.post(`/moderation/member/${c.handle}/promote`)).status, 403);
		assert.equal((await mod.post(`/moderation/member/${a.handle}/demote`)).status, 403);
		assert.equal((await mod.post(`/moderation/member/${a.handle}/suspend`, { days: '1', reason: 'x' })).status, 403, 'suspending a moderator');
		assert.equal((await mod.post(`/moderation/member/${admin.handle}/suspend`, { days: '1', reason: 'x' })).status, 403, 'suspending an admin');
		assert.equal(sql(srv.dbPath, `SELECT role FROM members WHERE handle = '${a.handle}'`), 'moderator');
		assert.equal(sql(srv.dbPath, `SELECT role FROM members WHERE handle = '${c.handle}'`), 'member');
		assert.equal(auditRows(srv.dbPath).length, audit);
		assert.equal(ctl(srv.dbPath, ['demote', a.handle]).status, 0);
	});

	test('each moderation action, done by a moderator (an admin for promote and demote), writes its audit row', async () => {
		await mod.get('/moderation');
		const expect = {
			hide: ['hide', 'post'], restore: ['restore', 'post'], approve: ['approve', 'post'],
			dismiss: ['dismiss-flags', 'post'], pick: ['pick', 'post'], unpick: ['unpick', 'post'],
			edit: ['edit', 'post'], 'suspend-author': ['suspend', 'post-author'],
			'unsuspend-author': ['unsuspend', 'post-author'], lock: ['lock', 'thread'],
			unlock: ['unlock', 'thread'], pin: ['pin', 'thread'], unpin: ['unpin', 'thread'],
			title: ['title', 'thread'], topics: ['topics', 'thread'], summary: ['summary', 'thread'],
			suspend: ['suspend', 'member'], unsuspend: ['unsuspend', 'member'],
			promote: ['promote', 'member'], demote: ['demote', 'member'],
		};
		for (const [path, fields] of actions(reply)) {
			const name = path.split('/').pop();
			const who = name === 'promote' || name === 'demote' ? admin : mod;
			const before = auditRows(srv.dbPath).length;
			const r = await who.post(path, fields);
			assert.equal(r.status, 303, `${path}: ${r.status} ${htmlDecode(r.body).slice(0, 200)}`);
			const rows = auditRows(srv.dbPath);
			assert.equal(rows.length, before + 1, path);
			const row = rows.at(-1);
			assert.deepEqual([row.action, row.target_kind, row.actor_handle], [...expect[name], who.handle], path);
		}
		assert.equal(sql(srv.dbPath, `SELECT body_md FROM posts WHERE id = ${reply}`), 'Edited by a moderator.');
	});

	test('the layout links moderators to the review queue with its count, and everyone to the logs', async () => {
		const p = await postReply(b, thread, 'One more reply that three members flag.');
		for (const m of [a, c, admin]) assert.equal((await m.post(`/p/${p}/flag`, { reason: 'spam' })).status, 303);
		const waiting = Number(sql(srv.dbPath, "SELECT count(*) FROM (SELECT id FROM posts WHERE state = 'held' UNION SELECT post_id FROM flags WHERE dismissed_at IS NULL)"));
		assert.ok(waiting >= 1);
		const page = await mod.get('/');
		assert.match(page.body, new RegExp(`<a href="/moderation">Review queue <span class="badge badge-queue">${waiting}<`));
		assert.match((await mod.get('/moderation')).body, /<a href="\/moderation" aria-current="page">Review queue/);
		assert.match((await admin.get('/')).body, /href="\/moderation">Review queue/);
		for (const m of [a, new Member(srv.baseUrl)]) {
			const body = (await m.get('/')).body;
			assert.doesNotMatch(body, /Review queue/);
			assert.match(body, /<a href="\/moderation\/log">/);
			assert.match(body, /<a href="\/curated">/);
		}
	});
});
