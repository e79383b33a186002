// anonymity.test.mjs: the attacks on anonymous posting, played as each observer of docs/PRIVACY.md: the holder of the database and the log (without the key file), a moderator working the UI (and forumctl), and a reader.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, FORUMD_BIN, REPO } from './harness.mjs';
import { newMember, postDilemma, postReply, login, uniqueHandle } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const FAST_HASH = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1'];
const NO_LIMITS = ['auth_attempts_per_client = 100000', 'login_attempts_per_handle = 100000',
	'new_member_limit_threads = 100', 'new_member_limit_replies = 500'];
const PASSWORD = 'lantern orchard pebble meadow quietly';

function sqlJson(db, q) {
	const r = spawnSync('sqlite3', ['-json', '-cmd', '.timeout 5000', db, q], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

function ctl(db, args, input = '') {
	const r = spawnSync(FORUMCTL, ['--db', db, ...args], { input, encoding: 'utf8', timeout: 60_000 });
	assert.equal(r.status, 0, `forumctl ${args.join(' ')}: ${r.stderr}`);
}

/* Every row of every table (FTS shadow tables included), as {table, row}. Blobs come as hex. */
function everyRow(db) {
	const tables = sqlJson(db, "SELECT name FROM sqlite_schema WHERE type = 'table'").map((t) => t.name);
	const rows = [];
	for (const t of tables) {
		const cols = sqlJson(db, `SELECT name, type FROM pragma_table_info('${t}')`);
		if (!cols.length) continue;
		const sel = cols.map((c) => `CASE WHEN typeof("${c.name}") = 'blob' THEN 'x' || hex("${c.name}") ELSE "${c.name}" END AS "${c.name}"`).join(', ');
		for (const row of sqlJson(db, `SELECT ${sel} FROM "${t}"`)) rows.push({ table: t, row });
	}
	return rows;
}

describe('anonymity against the holder of the database and the log', () => {
	let srv, a, b, c;
	const anon = {};   // member handle -> [{thread, post}] of their anonymous posts
	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS, 'new_member_review = 0'] });
		[a, b, c] = await Promise.all([1, 2, 3].map(() => newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['oncology'] })));
		const t1 = await postDilemma(c, { title: 'First thread where people answer anonymously' });
		const t2 = await postDilemma(c, { title: 'Second thread where people answer anonymously' });
		for (const m of [a, b]) {
			anon[m.handle] = [];
			for (const t of [t1, t2]) {
				const post = await postReply(m, t, `An anonymous answer by someone in ${t}.`, { anonymous: true });
				anon[m.handle].push({ thread: Number(t.slice(3)), post });
			}
			await postReply(m, t1, 'And a named reply beside it.', {});
			// each reads the thread again, as a member would
			await m.get(t2);
		}
		const own = await postDilemma(a, { title: 'An anonymous dilemma of my own here', anonymous: true });
		anon[a.handle].push({ thread: Number(own.slice(3)), dilemma: true });
		await postReply(b, own, 'A named answer to the anonymous dilemma.', {});
		await a.get(own);
	});
	after(async () => { await srv?.stop(); });

	test('no column in any table holds the author id or handle next to an anonymous post or thread', () => {
		const ids = Object.fromEntries(sqlJson(srv.dbPath, 'SELECT id, handle FROM members').map((m) => [m.handle, m.id]));
		for (const rec of everyRow(srv.dbPath)) {
			const { table, row } = rec;
			const isAnonPost = table === 'posts' && row.anonymous === 1;
			const isAnonThread = table === 'threads' && row.anonymous === 1;
			if (isAnonPost || isAnonThread) {
				for (const h of [a.handle, b.handle]) {
					for (const [k, v] of Object.entries(row)) {
						if (/member|author|user|actor|owner|seal|tag/.test(k)) assert.notEqual(v, ids[h], `${table}.${k} of an anonymous row equals the author's id`);
						assert.ok(!String(v).toLowerCase().includes(h.toLowerCase()), `${table}.${k} names the author`);
					}
				}
				continue;
			}
			// any other row holding a member id and the id of a thread that member wrote in only
			// anonymously links them (a reading history, a participation list)
			for (const h of [a.handle, b.handle]) {
				if (!Object.entries(row).some(([k, v]) => v === ids[h] && /member|author|user|actor|owner/.test(k))) continue;
				for (const { thread } of anon[h]) {
					if (table === 'members' || table === 'member_specialties') continue;
					const named = sqlJson(srv.dbPath, `SELECT 1 FROM posts WHERE thread_id = ${thread} AND member_id = ${ids[h]}`).length;
					if (named) continue;
					assert.ok(!Object.entries(row).some(([k, v]) => v === thread && /thread|post/.test(k)),
						`${table} ${JSON.stringify(row)} ties member ${h} to thread ${thread} they wrote in anonymously`);
				}
			}
		}
	});

	test('nothing is equal for one author\'s anonymous posts in two threads that differs from another author\'s', () => {
		const posts = sqlJson(srv.dbPath, 'SELECT *, hex(author_tag) AS author_tag, hex(author_seal) AS author_seal FROM posts WHERE anonymous = 1 AND kind = \'reply\'');
		const byId = new Map(posts.map((p) => [p.id, p]));
		const [a1, a2] = anon[a.handle].slice(0, 2).map((x) => byId.get(x.post));
		const [b1] = anon[b.handle].slice(0, 1).map((x) => byId.get(x.post));
		assert.ok(a1 && a2 && b1);
		// anon_alias is one of a list of animals by a keyed hash of (member, thread): two threads
		// share one by chance now and then; that it spreads over threads is test_alias.c's.
		const skip = new Set(['id', 'thread_id', 'created_at', 'body_md', 'body_html', 'anon_alias']);
		for (const k of Object.keys(a1)) {
			if (skip.has(k)) continue;
			if (a1[k] === a2[k]) assert.equal(b1[k], a1[k], `posts.${k} is the same for one author's anonymous posts in two threads (${a1[k]}) and differs for another author`);
		}
		// and the database's other tables hold no value shared by exactly those two posts
		const marks = sqlJson(srv.dbPath, 'SELECT hex(reader) AS r FROM read_marks').map((x) => x.r);
		assert.equal(new Set(marks).size, marks.length);
	});

	test('the ledgers do not say which accounts post anonymously', () => {
		const cols = sqlJson(srv.dbPath, "SELECT name FROM pragma_table_info('anon_ledgers')").map((x) => x.name).sort();
		assert.deepEqual(cols, ['owner', 'seal']);
		const lengths = new Set(sqlJson(srv.dbPath, 'SELECT length(seal) AS n FROM anon_ledgers').map((x) => x.n));
		assert.equal(lengths.size, 1, 'ledgers of different sizes have one padded length');
	});

	test('the request log names no member', () => {
		const log = srv.stderr();
		for (const m of [a, b]) assert.ok(!log.toLowerCase().includes(m.handle.toLowerCase()), 'the log holds a handle');
	});

	test('read marks exist only for threads the member posted in, under no member id', async () => {
		const cols = sqlJson(srv.dbPath, "SELECT name FROM pragma_table_info('read_marks')").map((x) => x.name);
		assert.deepEqual(cols.sort(), ['last_post_id', 'reader']);
		const before = sqlJson(srv.dbPath, 'SELECT count(*) AS n FROM read_marks')[0].n;
		const reader = await newMember(srv.baseUrl);
		await reader.get('/d/1');
		await reader.get('/d/2');
		assert.equal(sqlJson(srv.dbPath, 'SELECT count(*) AS n FROM read_marks')[0].n, before, 'reading alone leaves a mark');
		assert.equal(sqlJson(srv.dbPath, "SELECT count(*) AS n FROM sqlite_schema WHERE name = 'thread_reads'")[0].n, 0);
	});

	test('the author still finds their own anonymous posts: inbox, edit, export', async () => {
		const { thread, post } = anon[a.handle][0];
		await postReply(c, `/d/${thread}`, 'A fresh reply for the anonymous author to see.', {});
		const inbox = await a.get('/inbox');
		assert.match(inbox.body, new RegExp(`href="/d/${thread}`), 'the inbox shows the thread answered anonymously');
		const edit = await a.get(`/p/${post}/edit`);
		assert.equal(edit.status, 200, 'the author can edit their anonymous reply');
		assert.equal((await b.get(`/p/${post}/edit`)).status, 404, 'another member cannot');
		const exp = JSON.parse((await a.get('/account/export')).body);
		const mine = exp.posts.filter((p) => p.anonymous).map((p) => p.id);
		for (const x of anon[a.handle].filter((x) => x.post)) assert.ok(mine.includes(x.post), 'the export holds the anonymous reply');
		assert.equal(exp.posts.filter((p) => p.anonymous && p.kind === 'dilemma').length, 1);
	});
});

describe('anonymity against a moderator', () => {
	let srv, mod, author, other, adminAuthor, modAuthor, thread;
	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS, 'new_member_review = 0'] });
		const adminHandle = uniqueHandle('chief');
		ctl(srv.dbPath, ['create-admin', adminHandle], PASSWORD + '\n');
		adminAuthor = await login(srv.baseUrl, adminHandle, PASSWORD);
		mod = await newMember(srv.baseUrl);
		const mod2 = await newMember(srv.baseUrl);
		ctl(srv.dbPath, ['promote', mod.handle]);
		ctl(srv.dbPath, ['promote', mod2.handle]);
		const pw = (h) => `correct horse battery staple ${h}`.split('').reverse().join('');
		mod = await login(srv.baseUrl, mod.handle, pw(mod.handle));
		modAuthor = await login(srv.baseUrl, mod2.handle, pw(mod2.handle));
		[author, other] = await Promise.all([1, 2].map(() => newMember(srv.baseUrl)));
		thread = await postDilemma(other, { title: 'A thread for the moderator attack' });
	});
	after(async () => { await srv?.stop(); });

	const act = async (post, action, fields = {}) => {
		await mod.get('/moderation');
		const r = await mod.post(`/moderation/post/${post}/${action}`, fields);
		return r.status;
	};
	const memberAct = async (handle, action, fields = {}) => {
		await mod.get(`/moderation/member/${handle}`);
		return (await mod.post(`/moderation/member/${handle}/${action}`, fields)).status;
	};
	const shown = async (handle) => {
		const page = await mod.get(`/moderation/member/${handle}`);
		return /suspended/i.test(page.body.replace(/<form[^]*?<\/form>/g, ''));
	};

	test('(a) suspending the author of an anonymous post shows on no member page', async () => {
		const post = await postReply(author, thread, 'An anonymous reply the moderator acts on.', { anonymous: true });
		assert.equal(await act(post, 'suspend-author', { days: '2', reason: 'testing the attack' }), 303);
		assert.equal(await shown(author.handle), false, 'the author\'s member page shows the suspension');
		assert.equal(await shown(other.handle), false);
		// the author is suspended all the same, and told so
		const page = await author.get('/');
		assert.match(page.body, /suspended/i);
		assert.equal(await act(post, 'unsuspend-author'), 303);
	});

	test('(b) unsuspend-author answers the same whoever the moderator suspended by name', async () => {
		const answers = [];
		for (const candidate of [author, other]) {
			const post = await postReply(author, thread, `Another anonymous reply ${candidate.handle}.`, { anonymous: true });
			const seq = [];
			seq.push(await memberAct(candidate.handle, 'suspend', { days: '1', reason: 'candidate' }));
			seq.push(await act(post, 'unsuspend-author'));
			seq.push(await act(post, 'suspend-author', { days: '1', reason: 'through the post' }));
			seq.push(await memberAct(candidate.handle, 'unsuspend'));
			seq.push(await act(post, 'unsuspend-author'));
			seq.push(await act(post, 'unsuspend-author'));
			seq.push(await shown(candidate.handle));
			answers.push(seq);
		}
		assert.deepEqual(answers[0], answers[1]);
		assert.deepEqual(answers[0], [303, 409, 303, 303, 303, 409, false]);
	});

	test('(c) the public log names no member', async () => {
		await memberAct(other.handle, 'suspend', { days: '1', reason: 'public log check' });
		await memberAct(other.handle, 'unsuspend');
		const log = await mod.get('/moderation/log');
		assert.equal(log.status, 200);
		for (const m of [author, other]) assert.ok(!log.body.toLowerCase().includes(m.handle.toLowerCase()), 'the public log names a member');
		const table = /<table class="mod-log">[^]*?<\/table>/.exec(log.body)?.[0] ?? '';
		assert.match(table, /suspend/);
		assert.doesNotMatch(table, /href="\/u\//);
		const full = await mod.get('/moderation/audit');
		assert.match(full.body, new RegExp(other.handle), 'moderators still see whom they suspended by name');
	});

	test('every action on an anonymous post answers the same for a member, a moderator and an admin as author', async () => {
		const results = [];
		for (const who of [author, modAuthor, adminAuthor]) {
			const post = await postReply(who, thread, 'An anonymous reply by someone with some role.', { anonymous: true });
			const seq = [
				await act(post, 'suspend-author', { days: '1', reason: 'role check' }),
				await act(post, 'unsuspend-author'),
				await act(post, 'hide', { reason: 'spam' }),
				await act(post, 'restore'),
				await act(post, 'pick', { note: '' }),
				await act(post, 'unpick'),
				await act(post, 'approve'),
				await act(post, 'edit', { body: 'Edited by a moderator to remove a name.', note: 'removed a name' }),
			];
			results.push(seq);
		}
		assert.deepEqual(results[1], results[0]);
		assert.deepEqual(results[2], results[0]);
		assert.equal(results[0][0], 303);
	});

	test('the review queue and forumctl queue show an anonymous held post\'s time to the hour, a named one\'s exactly', async () => {
		// the guard holds both; their stored times are then set to a known minute and second
		const body = 'Mrs. Lopez in bed 4B, DOB 03/14/1951, asked me to call her daughter at 555-201-3344.';
		const held = {};
		for (const anonymous of [true, false]) {
			const writer = await newMember(srv.baseUrl);
			await writer.get(thread);
			const r = await writer.post(`${thread}/reply`, { body, guard_ack: '1', ...(anonymous ? { anonymous: '1' } : {}) });
			assert.equal(r.status, 303, `held reply: ${r.status}`);
			held[anonymous ? 'anon' : 'named'] = Number(/#p(\d+)$/.exec(r.location)[1]);
		}
		const hour = Math.floor(Date.now() / 3600_000) * 3600 - 5 * 3600;
		const exact = hour + 17 * 60 + 42;
		sqlJson(srv.dbPath, `UPDATE posts SET created_at = ${exact} WHERE id IN (${held.anon}, ${held.named})`);
		assert.deepEqual(sqlJson(srv.dbPath, `SELECT state, anonymous FROM posts WHERE id IN (${held.anon}, ${held.named}) ORDER BY anonymous DESC`),
			[{ state: 'held', anonymous: 1 }, { state: 'held', anonymous: 0 }]);
		const iso = (t) => new Date(t * 1000).toISOString().replace(/\.000Z$/, 'Z');
		const want = { anon: iso(hour), named: iso(exact) };

		const page = (await mod.get('/moderation')).body;
		assertValidHtml(page, '/moderation');
		const json = JSON.parse((await mod.get('/moderation', { json: true })).body);
		for (const k of ['anon', 'named']) {
			const item = new RegExp(`<li class="mod-item" id="q${held[k]}">[^]*?</li>\\s*(?=<li class="mod-item"|</ol>)`).exec(page)?.[0];
			assert.ok(item, `p${held[k]} is in the queue`);
			const times = [...item.matchAll(/datetime="([^"]+)"/g)].map((m) => m[1]);
			assert.deepEqual(times, [want[k]], `${k}: the queue's HTML time`);
			const j = json.items.find((x) => x.id === held[k]);
			assert.equal(j.written_at, want[k], `${k}: the queue's JSON time`);
			if (k === 'anon') {
				assert.doesNotMatch(j.written, /minute/, 'the anonymous post\'s "ago" is to the hour');
				assert.ok(!JSON.stringify(j).includes(String(exact)), 'the JSON holds the exact seconds');
			}
		}

		const r = spawnSync(FORUMCTL, ['--db', srv.dbPath, 'queue'], { encoding: 'utf8', timeout: 60_000 });
		assert.equal(r.status, 0, r.stderr);
		const row = (id) => r.stdout.split('\n').find((l) => l.startsWith(`${id} `)) ?? '';
		const day = iso(exact).slice(0, 10), hh = iso(exact).slice(11, 13);
		assert.ok(row(held.anon).includes(`${day} ${hh}:00 `), `forumctl's anonymous row: ${row(held.anon)}`);
		assert.ok(!row(held.anon).includes(`${hh}:17`), 'forumctl shows the anonymous post\'s minute');
		assert.ok(row(held.named).includes(`${day} ${hh}:17 `), `forumctl's named row: ${row(held.named)}`);
		for (const id of [held.anon, held.named]) assert.equal(await act(id, 'approve'), 303);
	});

	test('(d) an anonymous post is never held as a new member\'s, nor labelled so', async () => {
		const strict = await startServer({ config: [...FAST_HASH, ...NO_LIMITS, 'new_member_review = 1'] });
		try {
			const writer = await newMember(strict.baseUrl);
			const host = await newMember(strict.baseUrl);
			ctl(strict.dbPath, ['promote', host.handle]);
			const h = await login(strict.baseUrl, host.handle, `correct horse battery staple ${host.handle}`.split('').reverse().join(''));
			const t = await postDilemma(h, { title: 'A thread in a forum that reviews newcomers' });
			spawnSync('sqlite3', [strict.dbPath, `UPDATE threads SET state = 'visible'; UPDATE posts SET state = 'visible', held_reason = NULL;`]);
			await writer.get(t);
			const r = await writer.post(`${t}/reply`, { body: 'My first post, and I want it anonymous.', anonymous: '1' });
			assert.equal(r.status, 400, `status ${r.status}`);
			assert.match(r.body, /once a moderator has approved your first/);
			assert.match(r.body, /My first post, and I want it anonymous\./, 'the text is kept');
			assert.equal(sqlJson(strict.dbPath, 'SELECT count(*) AS n FROM posts WHERE anonymous = 1')[0].n, 0);
			// a held first post deleted by its author is no approval
			const held = await postReply(writer, t, 'A named first post that waits for review.', {});
			await writer.get(t);
			assert.equal((await writer.post(`/p/${held}/delete`, { confirm: '1' })).status, 303);
			const again = await writer.post(`${t}/reply`, { body: 'Trying anonymously after deleting it.', anonymous: '1' });
			assert.equal(again.status, 400, 'deleting the held post skipped the review');
			const queue = await h.get('/moderation');
			assert.doesNotMatch(queue.body, /new-member[^]*Anonymous|Anonymous[^]*new-member/);
		} finally {
			await strict.stop();
		}
	});
});

describe('anonymous posts written before sealed authorship', () => {
	test('are sealed by the upgrade and stay their author\'s', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'forumd-seal-'));
		const oldDir = join(dir, 'old');
		mkdirSync(oldDir);
		for (const f of readdirSync(join(REPO, 'migrations')).filter((f) => f < '0008')) copyFileSync(join(REPO, 'migrations', f), join(oldDir, f));
		const old = await startServer({ dir, args: ['--migrations', oldDir] });
		await old.stop();
		const db = join(dir, 'forum.db');
		const handle = uniqueHandle('before');
		// forumctl refuses a database with pending migrations: take a password hash from a current one
		const donor = await startServer({ config: FAST_HASH });
		ctl(donor.dbPath, ['create-admin', handle], PASSWORD + '\n');
		const hash = sqlJson(donor.dbPath, 'SELECT password_hash FROM members')[0].password_hash;
		await donor.stop();
		const now = Math.floor(Date.now() / 1000);
		sqlJson(db, `
			INSERT INTO members (id, handle, password_hash, role, created_at) VALUES (1, '${handle}', '${hash}', 'admin', ${now});
			INSERT INTO threads (id, title, member_id, anonymous, created_at, last_activity_at) VALUES (500, 'An old anonymous dilemma', 1, 1, ${now}, ${now});
			INSERT INTO threads (id, title, member_id, anonymous, created_at, last_activity_at) VALUES (501, 'An old named dilemma', 1, 0, ${now}, ${now});
			INSERT INTO posts (id, thread_id, member_id, kind, anonymous, anon_alias, body_md, body_html, created_at) VALUES
				(900, 500, 1, 'dilemma', 1, 'Heron', 'old anonymous text', '<p>old anonymous text</p>', ${now}),
				(901, 501, 1, 'dilemma', 0, NULL, 'old named text', '<p>old named text</p>', ${now}),
				(902, 501, 1, 'reply', 1, 'Otter', 'old anonymous reply', '<p>old anonymous reply</p>', ${now});
			UPDATE posts SET credentials = 'BSN, RN', show_tags = 1 WHERE id IN (900, 902);
			INSERT INTO post_specialties (post_id, specialty_id, position) VALUES (902, 1, 1);
			INSERT INTO thread_reads (member_id, thread_id, last_post_id) VALUES (1, 500, 900), (1, 501, 902);`);
		const srv = await startServer({ dir, config: FAST_HASH });
		try {
			const rows = sqlJson(db, 'SELECT id, member_id, author_tag IS NOT NULL AS tagged, author_seal IS NOT NULL AS sealed FROM posts ORDER BY id');
			assert.deepEqual(rows, [{ id: 900, member_id: null, tagged: 1, sealed: 1 }, { id: 901, member_id: 1, tagged: 0, sealed: 0 },
				{ id: 902, member_id: null, tagged: 1, sealed: 1 }]);
			assert.deepEqual(sqlJson(db, 'SELECT id, member_id, author_tag IS NOT NULL AS tagged FROM threads ORDER BY id'),
				[{ id: 500, member_id: null, tagged: 1 }, { id: 501, member_id: 1, tagged: 0 }]);
			assert.equal(sqlJson(db, 'SELECT count(*) AS n FROM read_marks')[0].n, 2);
			assert.deepEqual(sqlJson(db, "SELECT count(*) AS n FROM posts WHERE anonymous = 1 AND (credentials <> '' OR show_tags = 1)"), [{ n: 0 }]);
			assert.deepEqual(sqlJson(db, 'SELECT count(*) AS n FROM post_specialties WHERE post_id = 902'), [{ n: 0 }]);
			const me = await login(srv.baseUrl, handle, PASSWORD);
			assert.equal((await me.get('/p/900/edit')).status, 200, 'the author still owns the old anonymous dilemma');
			assert.equal((await me.get('/p/902/edit')).status, 200, 'and the old anonymous reply');
			const exp = JSON.parse((await me.get('/account/export')).body);
			assert.deepEqual(exp.posts.map((p) => p.id).sort(), [900, 901, 902]);
		} finally {
			await srv.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('anonymity against a reader', () => {
	let srv, a, b, c, threads;
	const word = 'marmosetquill';
	const mine = [];   // a's anonymous replies: {path, id}
	const theirs = []; // b's
	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS, 'new_member_review = 0'] });
		a = await newMember(srv.baseUrl, { cred: ['ADN', 'RN'], cert: ['CPN'], specialties: ['pediatrics'] });
		b = await newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['oncology', 'hospice-palliative'] });
		c = await newMember(srv.baseUrl);
		threads = [];
		for (const t of ['first', 'second', 'third']) {
			threads.push(await postDilemma(c, { title: `A ${t} thread about gifts from families`, topics: ['gifts-money'], specialty: 'pediatrics' }));
		}
		for (const path of threads) {
			await postReply(a, path, `A named reply in ${path} with my tags.`, { specialties: ['pediatrics'] });
			mine.push({ path, id: await postReply(a, path, `An anonymous ${word} reply, tags left on.`, { anonymous: true, specialties: ['pediatrics'] }) });
			theirs.push({ path, id: await postReply(b, path, `Another anonymous ${word} reply.`, { anonymous: true, specialties: ['oncology'] }) });
		}
		await postDilemma(a, { title: `An anonymous ${word} dilemma of mine`, anonymous: true, topics: ['gifts-money'], specialty: 'pediatrics' });
	});
	after(async () => { await srv?.stop(); });

	const reader = async (path, json = false) => {
		const r = await c.get(path, { json });
		assert.equal(r.status, 200, `${path}: ${r.status}`);
		return json ? JSON.parse(r.body) : r.body;
	};

	test('no public surface shows the handle, credentials or specialties next to an anonymous post', async () => {
		for (const { path, id } of mine) {
			const html = await reader(path);
			const article = new RegExp(`<article[^>]*id="p${id}"[^]*?</article>`).exec(html)?.[0];
			assert.ok(article, `the reply p${id} is on ${path}`);
			// the reader's own random CSRF token may hold "adn" or "cpn": not the author's
			const shown = article.replace(/name="csrf" value="[^"]*"/g, 'name="csrf"');
			assert.doesNotMatch(shown, new RegExp(`${a.handle}|/u/|ADN|CPN|Pediatrics`, 'i'), `p${id} shows what ties it to the account`);
			const m = await reader(`${path}?sort=oldest`, true);
			const r = m.replies.find((x) => x.id === id);
			assert.equal(r.author.anonymous, true);
			assert.ok(!JSON.stringify(r).includes(a.handle), 'the JSON names the handle');
			assert.ok(!r.credentials && !(r.specialties ?? []).length, 'the JSON carries tags');
		}
		for (const p of ['/', '/unanswered', '/t/gifts-money', '/s/pediatrics', `/search?q=${word}`, '/feed.atom',
			'/t/gifts-money/feed.atom', '/s/pediatrics/feed.atom', '/curated', `/u/${a.handle}`]) {
			for (const json of p.endsWith('.atom') ? [false] : [false, true]) {
				const body = json ? JSON.stringify(await reader(p, true)) : await reader(p);
				if (p === `/u/${a.handle}`) {
					assert.doesNotMatch(body, new RegExp(`${word}`), 'the profile lists an anonymous post');
					continue;
				}
				assert.ok(!body.toLowerCase().includes(a.handle.toLowerCase()), `${p} names the anonymous author`);
			}
		}
	});

	test('an anonymous post\'s time is shown to the hour in HTML, JSON and feeds', async () => {
		for (const { path, id } of mine) {
			const m = await reader(`${path}?sort=oldest`, true);
			const r = m.replies.find((x) => x.id === id);
			assert.match(r.created, /T\d\d:00:00Z$/, `JSON created ${r.created}`);
			const named = m.replies.find((x) => !x.author.anonymous);
			assert.ok(named, 'a named reply is there');
			const html = await reader(path);
			const article = new RegExp(`<article[^>]*id="p${id}"[^]*?</article>`).exec(html)[0];
			for (const [, t] of article.matchAll(/datetime="([^"]+)"/g)) assert.match(t, /T\d\d:00:00Z$/, `HTML time ${t}`);
		}
		// the threads' last activity is an anonymous reply: lists and feeds show it to the hour
		const front = await reader('/', true);
		for (const t of front.threads.filter((t) => threads.includes(t.url))) assert.match(t.last_activity, /T\d\d:00:00Z$/, `list time ${t.last_activity}`);
		const feed = await reader('/feed.atom');
		const entry = /<entry>[^]*?marmosetquill dilemma[^]*?<\/entry>/.exec(feed)?.[0] ?? /<entry>[^]*?<\/entry>/.exec(feed)[0];
		for (const [, t] of entry.matchAll(/<(?:published|updated)>([^<]+)</g)) assert.match(t, /T\d\d:00:00Z$/, `feed time ${t}`);
	});

	test('nothing but chance links one member\'s anonymous posts across threads', async () => {
		const shape = async (list) => {
			const out = [];
			for (const { path, id } of list) {
				const m = await reader(`${path}?sort=oldest`, true);
				const r = structuredClone(m.replies.find((x) => x.id === id));
				for (const k of ['id', 'url', 'anchor', 'body_html', 'created', 'created_human', 'quote_url']) delete r[k];
				out.push(r);
			}
			return out;
		};
		const am = await shape(mine), bm = await shape(theirs);
		const flat = (o, pre = '') => Object.entries(o).flatMap(([k, v]) => v && typeof v === 'object' && !Array.isArray(v) ? flat(v, `${pre}${k}.`) : [[`${pre}${k}`, JSON.stringify(v)]]);
		const aKeys = am.map((r) => Object.fromEntries(flat(r))), bKeys = bm.map((r) => Object.fromEntries(flat(r)));
		for (const k of Object.keys(aKeys[0])) {
			if (k === 'author.name' || k === 'author.alias') continue;  // per-thread aliases: checked below
			const aSame = aKeys.every((r) => r[k] === aKeys[0][k]);
			if (aSame) assert.ok(bKeys.every((r) => r[k] === aKeys[0][k]), `${k} is the same on all of one member's anonymous replies and differs for another member's`);
		}
		const aliases = am.map((r) => r.author.name);
		assert.ok(new Set(aliases).size > 1, `one alias in every thread: ${aliases}`);
	});
});

describe('what an anonymous post may show: tags at least anon_tag_k members share (k = 2)', () => {
	let srv, a, b, d, asker, thread;
	const radios = (html) => [...html.matchAll(/<input type="radio" id="(?:reply|d)-anon-tags-\d+" name="anon_tags" value="([^"]*)"( checked)?/g)]
		.map((m) => (m[2] ? '*' : '') + m[1].replace(/&#124;|&vert;/g, '|'));
	const postCount = () => sqlJson(srv.dbPath, 'SELECT count(*) AS n FROM posts')[0].n;
	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS, 'new_member_review = 0', 'anon_tag_k = 2'] });
		a = await newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['critical-care', 'cardiac'] });
		b = await newMember(srv.baseUrl, { cred: ['ADN', 'RN'], specialties: ['critical-care'] });
		d = await newMember(srv.baseUrl, { cred: ['MSN', 'NP'], specialties: ['flight-transport'] });
		asker = await newMember(srv.baseUrl);
		thread = await postDilemma(asker, { title: 'A family offered me cash after discharge' });
	});
	after(async () => { await srv?.stop(); });

	test('the reply form offers "Nothing" (checked) and only what two members share', async () => {
		const mine = radios((await a.get(thread)).body);
		assert.deepEqual(mine, ['*none', 'RN|', '|critical-care', 'RN|critical-care']);
		assert.deepEqual(radios((await d.get(thread)).body), ['*none'], 'a unique profile is offered nothing');
		const html = (await a.get(thread)).body;
		assert.match(html, /<legend>If you post anonymously, show:<\/legend>/);
		assert.match(html, /<label for="reply-anon-tags-3">RN · Specializes in Critical Care<\/label>/);
	});

	test('the dilemma form offers credentials only (its byline shows no specialty)', async () => {
		assert.deepEqual(radios((await a.get('/new')).body), ['*none', 'RN|']);
	});

	test('a shared combination appears on the post exactly as offered, and nothing else', async () => {
		const id = await postReply(a, thread, 'Say no kindly and tell your charge nurse the same day.',
			{ anonymous: true, anonTags: 'RN|critical-care', specialties: ['cardiac'] });
		const html = (await asker.get(thread)).body;
		const article = new RegExp(`<article[^>]*id="p${id}"[^]*?</article>`).exec(html)[0];
		assert.match(article, /<span class="credentials">RN<\/span>/);
		assert.match(article, /Specializes in Critical Care</);
		assert.doesNotMatch(article, new RegExp(`BSN|Cardiac|${a.handle}`));
		const r = JSON.parse((await asker.get(thread, { json: true })).body).replies.find((x) => x.id === id);
		assert.equal(r.credentials, 'RN');
		assert.deepEqual(r.specialties.map((s) => s.slug), ['critical-care']);
		const row = sqlJson(srv.dbPath, `SELECT credentials, show_tags, member_id FROM posts WHERE id = ${id}`)[0];
		assert.deepEqual(row, { credentials: 'RN', show_tags: 1, member_id: null });
	});

	test('"Nothing" shows nothing even with "show my credentials" ticked', async () => {
		const id = await postReply(a, thread, 'Another thought, with nothing of my profile on it.', { anonymous: true });
		const r = JSON.parse((await asker.get(thread, { json: true })).body).replies.find((x) => x.id === id);
		assert.equal(r.credentials, null);
		assert.deepEqual(r.specialties, []);
	});

	test('a combination fewer than two members have, or not the author\'s, is refused: 400 naming the field, text kept, nothing written', async () => {
		for (const forged of ['BSN|', '|cardiac', 'BSN|critical-care', 'RN|oncology', 'NP|', 'RN', '|']) {
			const before = postCount();
			await a.get(thread);
			const text = `My reply with a forged choice ${forged.replace('|', ' bar ')} kept.`;
			const r = await a.post(`${thread}/reply`, [['body', text], ['anonymous', '1'], ['anon_tags', forged]]);
			assert.equal(r.status, 400, `${forged}: ${r.status}`);
			assert.match(r.body, /id="reply-anon-tags-error"[^>]*>That choice is not open to you now/);
			assert.ok(r.body.includes(text), 'the text is kept');
			assert.equal(postCount(), before, `${forged} wrote a post`);
		}
		const r = await a.post('/new', [['title', 'An anonymous dilemma with a forged tag'], ['body', 'x'.repeat(120)],
			['topic', 'gifts-money'], ['anonymous', '1'], ['anon_tags', 'RN|critical-care']]);
		assert.equal(r.status, 400);
		assert.match(r.body, /id="d-anon-tags-error"/);
	});

	test('a choice no longer shared when the form is sent is refused', async () => {
		await a.get(thread);
		await b.profile({ cred: ['ADN'], specialties: ['critical-care'] });   // RN: now only a
		const r = await a.post(`${thread}/reply`, [['body', 'Posted after the other RN changed their profile.'], ['anonymous', '1'], ['anon_tags', 'RN|']]);
		assert.equal(r.status, 400);
		assert.deepEqual(radios(r.body), ['*none', '|critical-care'], 'the form offers what is open now');
		await b.profile({ cred: ['ADN', 'RN'], specialties: ['critical-care'] });
	});
});
