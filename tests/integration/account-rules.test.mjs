// account-rules.test.mjs: the account rules accounts.test.mjs leaves implicit: lengths in characters, session lifetimes, the sessions page, profile posts, keep-on-delete, JSON pages, kept form values, rate limit before hashing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer } from './harness.mjs';
import { Member, uniqueHandle } from './members.mjs';

const FAST_HASH = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1'];
const NO_LIMITS = ['auth_attempts_per_client = 100000', 'login_attempts_per_handle = 100000'];
const GOOD_PW = 'purple ukulele tidepool wander';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-batch', db, sql], { encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3 ${sql}: ${r.stderr}`);
	return r.stdout.trim();
}

/* POSTs a form as JSON with an optional User-Agent; m carries the cookies and CSRF token. */
async function postAs(m, path, fields, { json = true, ua } = {}) {
	if (!m.csrf) await m.get('/login');
	const p = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields));
	p.append('csrf', m.csrf);
	const headers = { cookie: m.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', origin: m.baseUrl };
	if (json) headers.accept = 'application/json';
	if (ua) headers['user-agent'] = ua;
	const res = await fetch(m.baseUrl + path, { method: 'POST', headers, body: p.toString(), redirect: 'manual' });
	m.keepCookies(res);
	const body = await res.text();
	const mm = /name="csrf" value="([^"]*)"/.exec(body);
	if (mm) m.csrf = mm[1].replace(/&amp;/g, '&');
	let data = null;
	if (/json/.test(res.headers.get('content-type') ?? '')) data = JSON.parse(body);
	if (data?.csrf) m.csrf = data.csrf;
	if (data?.viewer?.csrf) m.csrf = data.viewer.csrf;
	return { status: res.status, headers: res.headers, body, data };
}

async function getJson(m, path) {
	const r = await m.get(path, { json: true });
	return { ...r, data: /json/.test(r.headers.get('content-type') ?? '') ? JSON.parse(r.body) : null };
}

async function register(base, handle = uniqueHandle('aud'), password = GOOD_PW, ua) {
	const m = new Member(base);
	await m.get('/register');
	const r = await postAs(m, '/register', { handle, password }, { ua });
	m.handle = handle;
	return { m, r, handle };
}

async function login(base, handle, password = GOOD_PW, extra = {}, ua) {
	const m = new Member(base);
	await m.get('/login');
	const r = await postAs(m, '/login', { handle, password, ...extra }, { ua });
	return { m, r };
}

describe('account rules', () => {
	let srv;
	before(async () => { srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS] }); });
	after(async () => { await srv?.stop(); });

	test('passwords are counted in characters, not bytes, and never truncated', async () => {
		// 14 characters but 18 bytes: too short
		const short = await register(srv.baseUrl, uniqueHandle('aud'), 'ñandú pájaro é');
		assert.equal(short.r.status, 400);
		assert.match(short.r.data.errors.password, /at least 15 characters/);
		// 15 characters: accepted
		const ok15 = await register(srv.baseUrl, uniqueHandle('aud'), 'ñandú pájaro él');
		assert.equal(ok15.r.status, 201, ok15.r.body);
		// 256 four-byte characters (1,024 bytes): accepted; 257: refused
		const emoji = (n) => Array.from({ length: n }, (_, i) => String.fromCodePoint(0x1F300 + ((i * 37) % 500))).join('');
		const long = emoji(256);
		const handle = uniqueHandle('aud');
		const ok256 = await register(srv.baseUrl, handle, long);
		assert.equal(ok256.r.status, 201, ok256.r.body.slice(0, 300));
		const over = await register(srv.baseUrl, uniqueHandle('aud'), emoji(257));
		assert.equal(over.r.status, 400);
		assert.match(over.r.data.errors.password, /at most 256/);
		// never truncated: the password less its last character does not sign in
		assert.equal((await login(srv.baseUrl, handle, [...long].slice(0, 255).join(''))).r.status, 401);
		assert.equal((await login(srv.baseUrl, handle, long)).r.status, 200);
		// a long ASCII passphrase differing only after byte 72 (where bcrypt would cut)
		const h2 = uniqueHandle('aud');
		const base = 'quiet harbor lantern orchard meadow violet cactus drumbeat pillow sunrise ';
		assert.equal((await register(srv.baseUrl, h2, base + 'alpha')).r.status, 201);
		assert.equal((await login(srv.baseUrl, h2, base + 'bravo')).r.status, 401);
	});

	test('well-known long passwords are refused as common or a pattern', async () => {
		for (const pw of ['correct horse battery staple', 'iloveyou12345678', 'qwertyuiop123456', 'passw0rdpassw0rd',
			'letmein123456789', 'Password123456789!', 'sunshine12345678', 'abcdefghijklmnop', 'welcome to the jungle']) {
			const r = await register(srv.baseUrl, uniqueHandle('aud'), pw);
			assert.equal(r.r.status, 400, pw);
			assert.match(r.r.data.errors.password, /common|pattern/, pw);
		}
	});

	test('handles: 3-24 characters of letters, digits, _ and -', async () => {
		for (const h of ['ab', 'x'.repeat(25), 'night nurse', 'night.nurse', 'nurse@ward', 'nürse']) {
			const r = await register(srv.baseUrl, h);
			assert.equal(r.r.status, 400, h);
			assert.ok(r.r.data.errors.handle, h);
		}
		const stamp = String(process.pid % 10000);
		for (const h of [`a_${stamp}`, `Night-Owl_${stamp}`, `${stamp}z`.padEnd(24, 'q')]) {
			assert.equal((await register(srv.baseUrl, h)).r.status, 201, h);
		}
	});

	test('a browser session lasts at most 12 hours; "keep me signed in" 30 days', async () => {
		const { handle } = await register(srv.baseUrl);
		const q = `SELECT expires_at - created_at FROM sessions WHERE member_id = (SELECT id FROM members WHERE handle = '${handle}') ORDER BY id DESC LIMIT 1`;
		assert.equal(sqlite(srv.dbPath, q), String(12 * 3600));
		const kept = await login(srv.baseUrl, handle, GOOD_PW, { keep: 'on' });
		assert.equal(kept.r.status, 200);
		assert.equal(sqlite(srv.dbPath, q), String(30 * 86400));
	});

	test('the sessions page lists started, last active day and browser family, and ends any session', async () => {
		const { m: a, handle } = await register(srv.baseUrl, uniqueHandle('aud'), GOOD_PW, FIREFOX);
		const { m: b } = await login(srv.baseUrl, handle, GOOD_PW, {}, CHROME);
		const list = await getJson(a, '/account/sessions');
		assert.equal(list.status, 200);
		assert.equal(list.data.sessions.length, 2);
		const browsers = list.data.sessions.map((s) => s.browser).sort();
		assert.deepEqual(browsers, ['Chrome', 'Firefox']);
		for (const s of list.data.sessions) {
			assert.match(s.started, /^\d{4}-\d{2}-\d{2}T/);
			assert.match(s.last_active_day, /^\d{4}-\d{2}-\d{2}/);
		}
		const html = await a.get('/account/sessions');
		assert.match(html.body, /Chrome/);
		assert.match(html.body, /Firefox/);
		assert.match(html.body, /action="\/account\/sessions\/end"/);
		// another member's session id is not ended by this member
		const { m: c, handle: ch } = await register(srv.baseUrl);
		const cid = sqlite(srv.dbPath, `SELECT s.id FROM sessions s JOIN members m ON m.id = s.member_id WHERE m.handle = '${ch}'`);
		await postAs(a, '/account/sessions/end', { session: cid });
		assert.equal((await getJson(c, '/account/sessions')).status, 200, "another member's session survives");
		// b ends a's session from the list
		const other = (await getJson(b, '/account/sessions')).data.sessions.find((s) => !s.current);
		assert.equal((await postAs(b, '/account/sessions/end', { session: String(other.id) })).status, 200);
		assert.equal((await getJson(a, '/account/sessions')).status, 401);
	});

	test('the public profile lists only non-anonymous, visible posts', async () => {
		const { handle } = await register(srv.baseUrl);
		const id = sqlite(srv.dbPath, `SELECT id FROM members WHERE handle = '${handle}'`);
		const add = (title, anon, body) => sqlite(srv.dbPath, `INSERT INTO threads (title, member_id, anonymous, created_at, last_activity_at) VALUES ('${title}', ${id}, ${anon}, 1, 1);
			INSERT INTO posts (thread_id, member_id, kind, anonymous, anon_alias, body_md, body_html, created_at) VALUES (last_insert_rowid(), ${id}, 'dilemma', ${anon}, ${anon ? "'Heron'" : 'NULL'}, '${body}', '<p>${body}</p>', 1);`);
		add('Signed dilemma about gifts', 0, 'A signed body.');
		add('Secret dilemma about a colleague', 1, 'An anonymous body.');
		const pub = await getJson(new Member(srv.baseUrl), `/u/${handle}`);
		assert.equal(pub.status, 200);
		const text = JSON.stringify(pub.data);
		assert.match(text, /Signed dilemma about gifts/);
		assert.doesNotMatch(text, /Secret dilemma|anonymous body|Heron/);
		const html = await new Member(srv.baseUrl).get(`/u/${handle}`);
		assert.match(html.body, /Signed dilemma about gifts/);
		assert.doesNotMatch(html.body, /Secret dilemma/);
	});

	test('deleting with "keep" leaves the post text under "former member"; credentials, sessions, codes go', async () => {
		const { m, handle } = await register(srv.baseUrl);
		const id = sqlite(srv.dbPath, `SELECT id FROM members WHERE handle = '${handle}'`);
		sqlite(srv.dbPath, `INSERT INTO threads (title, member_id, anonymous, created_at, last_activity_at) VALUES ('Kept dilemma number ${id}', ${id}, 0, 1, 1);
			INSERT INTO posts (thread_id, member_id, kind, anonymous, body_md, body_html, created_at) VALUES (last_insert_rowid(), ${id}, 'dilemma', 0, 'Text that stays.', '<p>Text that stays.</p>', 1);`);
		const tid = sqlite(srv.dbPath, `SELECT id FROM threads WHERE title = 'Kept dilemma number ${id}'`);
		const page = await m.get('/account/delete');
		assert.match(page.body, /href="\/account\/export"/, 'the export is offered first');
		const bad = await postAs(m, '/account/delete', { password: GOOD_PW });
		assert.equal(bad.status, 400, 'the choice is required');
		assert.ok(bad.data.errors.mode);
		const del = await postAs(m, '/account/delete', { mode: 'keep', password: GOOD_PW });
		assert.equal(del.status, 200);
		for (const t of ['members WHERE id = ', 'sessions WHERE member_id = ', 'recovery_codes WHERE member_id = '])
			assert.equal(sqlite(srv.dbPath, `SELECT count(*) FROM ${t}${id}`), '0', t);
		const thread = await new Member(srv.baseUrl).get(`/d/${tid}`);
		assert.equal(thread.status, 200);
		assert.match(thread.body, /Text that stays\./);
		assert.match(thread.body, /former member/);
		assert.doesNotMatch(thread.body, new RegExp(handle));
	});

	test('every account page answers as HTML and as JSON', async () => {
		const visitor = new Member(srv.baseUrl);
		for (const path of ['/register', '/login', '/recover']) {
			const r = await getJson(visitor, path);
			assert.equal(r.status, 200, path);
			assert.ok(r.data && typeof r.data === 'object', path);
		}
		const { m, handle } = await register(srv.baseUrl);
		for (const path of ['/account/password', '/account/profile', '/account/sessions', '/account/delete', `/u/${handle}`]) {
			const r = await getJson(m, path);
			assert.equal(r.status, 200, path);
			assert.ok(r.data && typeof r.data === 'object', path);
			assert.doesNotMatch(r.body, /<(html|div|form)\b/, `${path} JSON holds no HTML page`);
			const h = await m.get(path);
			assert.match(h.headers.get('content-type'), /text\/html/, path);
		}
		const out = await postAs(m, '/logout', {});
		assert.equal(out.status, 200);
		assert.match(out.headers.get('content-type'), /json/);
	});

	test('forms keep what was typed (never a password or code) and name the problem', async () => {
		const { m, handle } = await register(srv.baseUrl);
		const v = new Member(srv.baseUrl);
		await v.get('/login');
		const li = await postAs(v, '/login', { handle, password: 'wrong secret passphrase 77' }, { json: false });
		assert.equal(li.status, 401);
		assert.match(li.body, new RegExp(`id="handle"[^>]*value="${handle}"|value="${handle}"[^>]*id="handle"`));
		assert.doesNotMatch(li.body, /wrong secret passphrase 77/);
		await v.get('/recover');
		const rc = await postAs(v, '/recover', { handle, code: 'ZZZZ-ZZZZ-ZZZZ', password: 'fresh quiet passphrase 88' }, { json: false });
		assert.equal(rc.status, 400);
		assert.match(rc.body, new RegExp(`value="${handle}"`));
		assert.doesNotMatch(rc.body, /fresh quiet passphrase 88|ZZZZ-ZZZZ-ZZZZ/);
		await m.get('/account/password');
		const pw = await postAs(m, '/account/password', { current: GOOD_PW, password: 'too short 1' }, { json: false });
		assert.equal(pw.status, 400);
		assert.match(pw.body, /at least 15 characters/);
		assert.doesNotMatch(pw.body, /too short 1|purple ukulele/);
		await m.get('/account/profile');
		const pr = await postAs(m, '/account/profile', [['cred', 'RN'], ['bio', 'Nights on a **cardiac** unit']], { json: false });
		assert.equal(pr.status, 400);
		assert.match(pr.body, /between 1 and 5/);
		assert.match(pr.body, /Nights on a \*\*cardiac\*\* unit/);
		assert.match(pr.body, /value="RN"[^>]*checked|checked[^>]*value="RN"/);
	});

	test('recovery codes are shown once: no later page repeats them', async () => {
		const { m, r } = await register(srv.baseUrl);
		const codes = r.data.codes;
		for (const path of ['/', '/account/sessions', '/account/password', '/account/profile', '/account/delete', '/account/export']) {
			const page = await m.get(path);
			for (const c of codes) assert.ok(!page.body.includes(c) && !page.body.includes(c.replace(/-/g, '')), `${c} on ${path}`);
		}
	});
});

describe('the rate limit refuses before hashing', () => {
	let srv;
	before(async () => {
		srv = await startServer({ config: ['pwhash_memlimit = 67108864', 'pwhash_opslimit = 3', 'login_attempts_per_handle = 2', 'auth_attempts_per_client = 100000'] });
	});
	after(async () => { await srv?.stop(); });

	test('a refused attempt costs no hash: 429 answers far faster than a 401', async () => {
		const m = new Member(srv.baseUrl);
		await m.get('/login');
		const timed = async () => {
			const t0 = performance.now();
			const r = await postAs(m, '/login', { handle: 'limitedghost', password: 'wrong passphrase number one' });
			return { status: r.status, ms: performance.now() - t0, retry: r.headers.get('retry-after') };
		};
		const a = await timed();
		const b = await timed();
		const c = await timed();
		assert.deepEqual([a.status, b.status, c.status], [401, 401, 429]);
		assert.ok(Number(c.retry) > 0);
		assert.ok(c.ms * 4 < Math.min(a.ms, b.ms), `429 took ${c.ms} ms, 401s ${a.ms} and ${b.ms} ms`);
	});
});
