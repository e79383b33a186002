// access.test.mjs: dispatch enforces each route's access level, read from the route table
// itself (`forumd --routes`): every route, every kind of visitor, the right refusal and
// nothing changed; an action on a member through one of their posts obeys the member's role rules.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, htmlDecode, FORUMD_BIN } from './harness.mjs';
import { newMember, Member, uniqueHandle, postDilemma, postReply, login } from './members.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const CONFIG = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'new_member_review = 0',
	'auth_attempts_per_client = 100000', 'login_attempts_per_handle = 100000',
	'new_member_limit_threads = 100', 'new_member_limit_replies = 500'];
const PASSWORD = 'lantern orchard pebble meadow quietly';
const LEVELS = ['public', 'member', 'writer', 'moderator', 'admin'];

function ctl(db, args, input = '') {
	const r = spawnSync(FORUMCTL, ['--db', db, ...args], { input, encoding: 'utf8', timeout: 60_000 });
	assert.equal(r.status, 0, `forumctl ${args.join(' ')}: ${r.stderr}`);
	return r.stdout;
}

function sql(db, query) {
	const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

/* The route table as forumd prints it: [{method, pattern, access}]. */
function routeTable() {
	const r = spawnSync(FORUMD_BIN, ['--routes'], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim().split('\n').map((line) => {
		const [method, pattern, access] = line.split(/\s+/);
		return { method, pattern, access };
	});
}

/* What a kind of visitor must get from a route of this access level: null (let through),
 * 'login' (sent to log in, or 401 for a POST or JSON), 'role' (403: not their role) or
 * 'suspended' (403 naming the suspension). */
function expectedRefusal(access, kind) {
	if (access === 'public') return null;
	if (kind === 'visitor') return 'login';
	if (access === 'member') return null;
	if (access === 'writer') return kind.startsWith('suspended') ? 'suspended' : null;
	if (access === 'moderator') {
		if (kind === 'member' || kind === 'suspended member') return 'role';
		return kind === 'suspended moderator' ? 'suspended' : null;
	}
	return kind === 'admin' ? null : 'role';
}

describe('access: dispatch enforces the route table', () => {
	let srv, table, kinds, paths, admin, target;

	before(async () => {
		table = routeTable();
		srv = await startServer({ config: CONFIG });
		const adminHandle = uniqueHandle('chief');
		ctl(srv.dbPath, ['create-admin', adminHandle], PASSWORD + '\n');
		admin = await login(srv.baseUrl, adminHandle, PASSWORD);
		const [member, suspended, moderator, suspendedMod, author] =
			await Promise.all([1, 2, 3, 4, 5].map(() => newMember(srv.baseUrl)));
		target = await newMember(srv.baseUrl);
		for (const m of [moderator, suspendedMod]) ctl(srv.dbPath, ['promote', m.handle]);
		for (const m of [suspended, suspendedMod]) ctl(srv.dbPath, ['suspend', m.handle, '--days', '2', '--reason', 'a test suspension']);
		kinds = { visitor: new Member(srv.baseUrl), member, 'suspended member': suspended, moderator,
			'suspended moderator': suspendedMod, admin };
		for (const m of Object.values(kinds)) await m.get('/');
		const thread = await postDilemma(author);
		const reply = await postReply(target, thread, 'I would say no kindly and tell my manager.');
		const threadId = thread.split('/').pop();
		paths = (pattern) => pattern
			.replace('/d/:id', `/d/${threadId}`).replace('/moderation/thread/:id', `/moderation/thread/${threadId}`)
			.replace(':id', String(reply)).replace(':handle', target.handle)
			.replace('/t/:slug', '/t/gifts-money').replace('/s/:slug', '/s/critical-care')
			.replace('/moderation/post/' + reply + '/:action', `/moderation/post/${reply}/hide`)
			.replace(`/moderation/thread/${threadId}/:action`, `/moderation/thread/${threadId}/lock`)
			.replace(`/moderation/member/${target.handle}/:action`, `/moderation/member/${target.handle}/suspend`)
			.replace('*', 'forum.css');
	});
	after(async () => { await srv?.stop(); });

	/* Everything a refused request must leave as it was. */
	const snapshot = () => sql(srv.dbPath, 'SELECT (SELECT count(*) FROM posts), (SELECT group_concat(state) FROM posts),'
		+ ' (SELECT count(*) FROM members), (SELECT group_concat(role) FROM members), (SELECT count(*) FROM sessions),'
		+ ' (SELECT count(*) FROM flags), (SELECT count(*) FROM suspensions WHERE lifted_at IS NULL),'
		+ ' (SELECT count(*) FROM mod_audit), (SELECT group_concat(locked) FROM threads), (SELECT count(*) FROM helpful_votes)');

	test('the route table gives every route one known access level', () => {
		assert.ok(table.length >= 50, `only ${table.length} routes`);
		for (const r of table) assert.ok(LEVELS.includes(r.access), `${r.method} ${r.pattern}: ${r.access}`);
		const level = (m, p) => table.find((r) => r.method === m && r.pattern === p)?.access;
		assert.equal(level('GET', '/'), 'public');
		assert.equal(level('POST', '/d/:id/reply'), 'writer');
		assert.equal(level('GET', '/inbox'), 'member');
		assert.equal(level('POST', '/moderation/post/:id/:action'), 'moderator');
	});

	test('every route refuses each kind of visitor it must, before its handler runs', async () => {
		const before = snapshot();
		for (const route of table) {
			const path = paths(route.pattern);
			for (const [kind, who] of Object.entries(kinds)) {
				const want = expectedRefusal(route.access, kind);
				const where = `${kind}: ${route.method} ${path} (${route.access})`;
				if (route.method === 'GET') {
					const r = await who.get(path);
					if (want === 'login') {
						assert.equal(r.status, 303, where);
						assert.equal(r.headers.get('location'), `/login?next=${encodeURIComponent(path)}`, where);
						assert.equal((await who.get(path, { json: true })).status, 401, `${where} as JSON`);
					} else if (want) {
						assert.equal(r.status, 403, where);
						assert.match(htmlDecode(r.body), want === 'role' ? /Only (moderators|an admin)/ : /suspended/, where);
					} else {
						assert.ok(r.status !== 401 && !(r.status === 303 && /^\/login/.test(r.headers.get('location') ?? '')), `${where}: ${r.status}`);
						if (r.status === 403) assert.doesNotMatch(htmlDecode(r.body), /Only (moderators|an admin) can|Your account is suspended/, where);
					}
					continue;
				}
				if (want) {
					/* a valid CSRF token: the access gate, not the CSRF check, must refuse */
					const r = await who.post(path, { days: '1', reason: 'spam', body: 'x'.repeat(40) }, { csrf: kind !== 'visitor' });
					assert.equal(r.status, want === 'login' ? 401 : 403, where);
				} else {
					const r = await who.post(path, { days: '1', reason: 'spam' }, { csrf: false });
					assert.equal(r.status, 403, `${where} without a CSRF token`);
					assert.match(htmlDecode(r.body), /expired or was sent from another site/, where);
				}
			}
		}
		assert.equal(snapshot(), before, 'nothing changed');
	});

	test('a moderator cannot suspend an admin through one of their posts, nor lift a moderator\'s suspension', async () => {
		const mod = kinds.moderator;
		const thread = await postDilemma(admin, { title: 'An admin asks about gifts at discharge' });
		const adminPost = Number(sql(srv.dbPath, `SELECT id FROM posts WHERE thread_id = ${thread.split('/').pop()}`));
		await mod.get('/moderation');
		const r = await mod.post(`/moderation/post/${adminPost}/suspend-author`, { days: '3', reason: 'rogue' });
		assert.equal(r.status, 403, 'the same answer as /moderation/member/ADMIN/suspend');
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM suspensions s JOIN members m ON m.id = s.member_id WHERE m.handle = '${admin.handle}'`), '0');
		assert.equal((await admin.get('/moderation')).status, 200, 'the admin can still moderate');

		const other = await newMember(srv.baseUrl);
		const otherThread = await postDilemma(other, { title: 'A moderator asks about a colleague' });
		ctl(srv.dbPath, ['promote', other.handle]);
		const otherPost = Number(sql(srv.dbPath, `SELECT id FROM posts WHERE thread_id = ${otherThread.split('/').pop()}`));
		await admin.get('/moderation');
		assert.equal((await admin.post(`/moderation/member/${other.handle}/suspend`, { days: '3', reason: 'by the admin' })).status, 303);
		assert.equal((await mod.post(`/moderation/post/${otherPost}/unsuspend-author`, {})).status, 403);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM suspensions s JOIN members m ON m.id = s.member_id WHERE m.handle = '${other.handle}' AND lifted_at IS NULL`), '1');
		assert.equal((await admin.post(`/moderation/post/${otherPost}/unsuspend-author`, {})).status, 303, 'an admin may');
	});
});
