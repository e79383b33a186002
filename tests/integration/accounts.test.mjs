// accounts.test.mjs: pseudonymous accounts against the real forumd: registration, login, sessions, CSRF, rate limits, recovery codes, profiles, export and deletion, and no secret in the database file.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { startServer, request, htmlDecode } from './harness.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FAST_HASH = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1'];
const NO_LIMITS = ['auth_attempts_per_client = 100000', 'login_attempts_per_handle = 100000'];
const GOOD_PW = 'purple ukulele tidepool wander';
let seq = 0;
const newHandle = (p = 'nurse') => `${p}${process.pid % 10000}x${++seq}`;

function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-batch', db, sql], { encoding: 'utf8' });
	assert.equal(r.status, 0, `sqlite3 ${sql}: ${r.stderr}`);
	return r.stdout.trim();
}

/* A browser-like client: a cookie jar, the CSRF token of the last page, same-origin posts. */
class Client {
	constructor(base) { this.base = base; this.jar = new Map(); this.csrf = null; this.setCookies = []; }
	cookie() { return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '); }
	keep(res) {
		this.setCookies = res.headers.getSetCookie();
		for (const c of this.setCookies) {
			const [pair, ...attrs] = c.split(';');
			const i = pair.indexOf('=');
			const [k, v] = [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
			if (v === '' || attrs.some((a) => /max-age=0$/i.test(a.trim()))) this.jar.delete(k);
			else this.jar.set(k, v);
		}
	}
	async send(method, path, { body, json = false, headers = {} } = {}) {
		const h = { cookie: this.cookie(), ...headers };
		if (json) h.accept = 'application/json';
		if (body !== undefined) h['content-type'] = 'application/x-www-form-urlencoded';
		const res = await fetch(this.base + path, { method, body, headers: h, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
		this.keep(res);
		const text = await res.text();
		let data = null;
		if (/json/.test(res.headers.get('content-type') ?? '')) data = JSON.parse(text);
		const m = /name="csrf" value="([^"]*)"/.exec(text);
		if (m) this.csrf = htmlDecode(m[1]);
		if (data?.csrf) this.csrf = data.csrf;
		if (data?.viewer?.csrf) this.csrf = data.viewer.csrf;
		return { status: res.status, headers: res.headers, body: text, data };
	}
	get(path, opts = {}) { return this.send('GET', path, opts); }
	async post(path, fields, { csrf = true, json = true, headers = {}, raw } = {}) {
		if (csrf && !this.csrf) await this.get('/login', { json: true });
		const p = new URLSearchParams(fields);
		if (csrf && !p.has('csrf')) p.append('csrf', this.csrf);
		return this.send('POST', path, { body: raw ?? p.toString(), json, headers: { origin: this.base, ...headers } });
	}
	async register(handle, password = GOOD_PW) {
		await this.get('/register', { json: true });
		return this.post('/register', { handle, password });
	}
	async login(handle, password = GOOD_PW, extra = {}) {
		const page = await this.get('/login', { json: true });
		if (page.status === 303) await this.get('/account/sessions', { json: true });
		return this.post('/login', { handle, password, ...extra });
	}
}

describe('accounts', () => {
	let srv;
	before(async () => { srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS] }); });
	after(async () => { await srv?.stop(); });
	const client = () => new Client(srv.baseUrl);

	test('registration shows 8 recovery codes once and signs the member in', async () => {
		const c = client();
		const handle = newHandle();
		const r = await c.register(handle);
		assert.equal(r.status, 201);
		assert.equal(r.data.codes.length, 8);
		for (const code of r.data.codes) assert.match(code, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
		assert.equal(new Set(r.data.codes).size, 8);
		const s = await c.get('/account/sessions', { json: true });
		assert.equal(s.status, 200);
		assert.equal(s.data.sessions.length, 1);
		assert.equal(s.data.sessions[0].current, true);
		assert.equal(s.headers.get('cache-control'), 'private, no-store');
	});

	test('the session cookie is HttpOnly, SameSite=Lax, Path=/ and a browser-session cookie', async () => {
		const c = client();
		await c.register(newHandle());
		const set = c.setCookies.find((x) => x.startsWith('fd_session='));
		assert.ok(set, 'fd_session set');
		assert.match(set, /HttpOnly/);
		assert.match(set, /SameSite=Lax/);
		assert.match(set, /Path=\//);
		assert.doesNotMatch(set, /Max-Age/i);
		assert.match(set, /^fd_session=[A-Za-z0-9_-]{43};/);
	});

	test('"keep me signed in" gives a 30-day cookie, and every login a new token', async () => {
		const c = client();
		const handle = newHandle();
		await c.register(handle);
		const first = c.jar.get('fd_session');
		const r = await c.login(handle, GOOD_PW, { keep: 'on' });
		assert.equal(r.status, 200);
		const set = c.setCookies.find((x) => x.startsWith('fd_session=') && !/Max-Age=0/.test(x));
		assert.match(set, /Max-Age=2592000/);
		assert.notEqual(c.jar.get('fd_session'), first);
		const old = new Client(srv.baseUrl);
		old.jar.set('fd_session', first);
		const page = await old.get('/account/sessions', { json: true });
		assert.equal(page.status, 401, 'the token from before the login no longer works');
	});

	test('HTML registration form has labelled fields and keeps the handle on an error, never the password', async () => {
		const c = client();
		const page = await c.get('/register');
		assert.equal(page.status, 200);
		assert.match(page.body, /<label for="handle">/);
		assert.match(page.body, /<label for="password">/);
		const r = await c.post('/register', { handle: 'Kind<Nurse>', password: 'short pw' }, { json: false });
		assert.equal(r.status, 400);
		assert.match(r.body, /value="Kind&lt;Nurse&gt;"/);
		assert.match(r.body, /id="handle"[^>]*aria-invalid="true"/);
		assert.match(r.body, /aria-describedby="handle-hint handle-error"/);
		assert.match(r.body, /id="password-error"[^>]*>Use at least 15 characters/);
		assert.doesNotMatch(r.body, /short pw/);
	});

	test('every account page is valid HTML, for visitors and for members', async () => {
		const v = client();
		for (const path of ['/register', '/login', '/recover']) {
			const r = await v.get(path);
			assert.equal(r.status, 200, path);
			assertValidHtml(r.body, path);
		}
		const m = client();
		const handle = newHandle();
		await m.get('/register');
		const codes = await m.post('/register', { handle, password: GOOD_PW }, { json: false });
		assert.equal(codes.status, 201);
		assertValidHtml(codes.body, 'codes page');
		assert.equal((codes.body.match(/<code>/g) ?? []).length, 8);
		for (const path of ['/account/password', '/account/sessions', '/account/profile', '/account/delete', `/u/${handle}`]) {
			const r = await m.get(path);
			assert.equal(r.status, 200, path);
			assertValidHtml(r.body, path);
		}
		const bad = await m.post('/account/profile', [['spec', 'nope']], { json: false });
		assert.equal(bad.status, 400);
		assertValidHtml(bad.body, 'profile form with errors');
	});

	test('a too-short password is refused and names the rule', async () => {
		const r = await client().register(newHandle(), 'fourteen chars');
		assert.equal(r.status, 400);
		assert.match(r.data.errors.password, /at least 15 characters/);
	});

	test('common passwords and ones containing the handle are refused', async () => {
		const c = client();
		const r1 = await c.register(newHandle(), 'passwordpassword');
		assert.equal(r1.status, 400);
		assert.match(r1.data.errors.password, /common/);
		const h = newHandle('ward');
		const r2 = await c.register(h, `my name is ${h.toUpperCase()} ok`);
		assert.equal(r2.status, 400);
		assert.match(r2.data.errors.password, /handle/);
	});

	test('a handle taken in another case is refused', async () => {
		const handle = newHandle('Case');
		assert.equal((await client().register(handle)).status, 201);
		const r = await client().register(handle.toUpperCase());
		assert.equal(r.status, 400);
		assert.match(r.data.errors.handle, /taken/);
	});

	test('reserved handles are refused', async () => {
		for (const h of ['admin', 'Moderator', 'anonymous', 'staff', 'SYSTEM', 'Anonymous_Heron']) {
			const r = await client().register(h);
			assert.equal(r.status, 400, h);
			assert.match(r.data.errors.handle, /reserved/, h);
		}
	});

	test('a 10 KiB handle, invalid UTF-8 and NUL bytes are refused with 400 and no account', async () => {
		const c = client();
		const big = await c.register('a'.repeat(10 * 1024));
		assert.equal(big.status, 400);
		assert.match(big.data.errors.handle, /at most 24/);
		await c.get('/register', { json: true });
		const bad = await c.post('/register', null, { raw: `csrf=${encodeURIComponent(c.csrf)}&handle=nurse%FF%FE&password=${encodeURIComponent(GOOD_PW)}` });
		assert.equal(bad.status, 400);
		const nul = await c.post('/register', null, { raw: `csrf=${encodeURIComponent(c.csrf)}&handle=nu%00rse&password=${encodeURIComponent(GOOD_PW)}` });
		assert.equal(nul.status, 400);
		const nulpw = await c.post('/register', null, { raw: `csrf=${encodeURIComponent(c.csrf)}&handle=${newHandle()}&password=purple%00ukulele%20tidepool` });
		assert.equal(nulpw.status, 400);
		const login = await c.post('/login', null, { raw: `csrf=${encodeURIComponent(c.csrf)}&handle=%FF%FF&password=x` });
		assert.ok([400, 401].includes(login.status));
		assert.equal(sqlite(srv.dbPath, "SELECT count(*) FROM members WHERE handle LIKE 'nu%rse' OR length(handle) > 24"), '0');
	});

	test('wrong password and unknown handle get the same 401 answer', async () => {
		const handle = newHandle();
		await client().register(handle);
		const wrong = await client().login(handle, 'not the right passphrase at all');
		const unknown = await client().login(newHandle('ghost'), 'not the right passphrase at all');
		assert.equal(wrong.status, 401);
		assert.equal(unknown.status, 401);
		assert.equal(wrong.data.error, unknown.data.error);
		assert.deepEqual(Object.keys(wrong.data).sort(), Object.keys(unknown.data).sort());
		const ok = await client().login(handle.toUpperCase());
		assert.equal(ok.status, 200, 'login ignores the case of the handle');
	});

	test('a POST without, or with a wrong, CSRF token is 403 and changes nothing', async () => {
		const c = client();
		const handle = newHandle();
		await c.get('/register', { json: true });
		const none = await c.post('/register', { handle, password: GOOD_PW }, { csrf: false });
		assert.equal(none.status, 403);
		const wrong = await c.post('/register', { handle, password: GOOD_PW, csrf: 'A'.repeat(43) });
		assert.equal(wrong.status, 403);
		const other = client();
		await other.get('/register', { json: true });
		const foreign = await c.post('/register', { handle, password: GOOD_PW, csrf: other.csrf });
		assert.equal(foreign.status, 403, "another visitor's token");
		assert.equal(sqlite(srv.dbPath, `SELECT count(*) FROM members WHERE handle = '${handle}'`), '0');
		await c.register(handle);
		const sessionsBefore = sqlite(srv.dbPath, 'SELECT count(*) FROM sessions');
		const logout = await c.post('/logout', {}, { csrf: false });
		assert.equal(logout.status, 403);
		assert.equal(sqlite(srv.dbPath, 'SELECT count(*) FROM sessions'), sessionsBefore);
	});

	test('a POST from another site (Sec-Fetch-Site or Origin) is 403', async () => {
		const c = client();
		await c.register(newHandle());
		const cross = await c.post('/logout', {}, { headers: { 'sec-fetch-site': 'cross-site' } });
		assert.equal(cross.status, 403);
		const origin = await c.post('/logout', {}, { headers: { origin: 'https://evil.example' } });
		assert.equal(origin.status, 403);
		const nullOrigin = await c.post('/logout', {}, { headers: { origin: 'null' } });
		assert.equal(nullOrigin.status, 403, 'Origin: null without Sec-Fetch-Site: same-origin');
		assert.equal((await c.get('/account/sessions', { json: true })).status, 200, 'still signed in');
	});

	test('logout deletes the session: the old cookie stops working', async () => {
		const c = client();
		await c.register(newHandle());
		const token = c.jar.get('fd_session');
		const r = await c.post('/logout', {}, { json: false });
		assert.equal(r.status, 303);
		const old = new Client(srv.baseUrl);
		old.jar.set('fd_session', token);
		assert.equal((await old.get('/account/sessions', { json: true })).status, 401);
		const html = await old.get('/account/sessions');
		assert.equal(html.status, 303);
		assert.match(html.headers.get('location'), /^\/login\?next=/);
	});

	test('an expired session is refused; a revoked one too', async () => {
		const handle = newHandle();
		const a = client();
		await a.register(handle);
		sqlite(srv.dbPath, `UPDATE sessions SET expires_at = 1 WHERE member_id = (SELECT id FROM members WHERE handle = '${handle}')`);
		assert.equal((await a.get('/account/sessions', { json: true })).status, 401, 'expired');
		const b = client();
		const d = client();
		await b.login(handle);
		await d.login(handle);
		const list = await b.get('/account/sessions', { json: true });
		const other = list.data.sessions.find((s) => !s.current);
		assert.ok(other);
		const end = await b.post('/account/sessions/end', { session: String(other.id) });
		assert.equal(end.status, 200);
		assert.equal((await d.get('/account/sessions', { json: true })).status, 401, 'revoked');
		assert.equal((await b.get('/account/sessions', { json: true })).status, 200);
	});

	test('changing the password asks for the current one and ends every other session', async () => {
		const handle = newHandle();
		const a = client();
		await a.register(handle);
		const b = client();
		await b.login(handle);
		await a.get('/account/password', { json: true });
		const wrong = await a.post('/account/password', { current: 'not my password at all ok', password: 'lantern oatmeal zebra harbor' });
		assert.equal(wrong.status, 400);
		assert.match(wrong.data.errors.current, /not your current password/);
		const ok = await a.post('/account/password', { current: GOOD_PW, password: 'lantern oatmeal zebra harbor' });
		assert.equal(ok.status, 200);
		assert.equal((await b.get('/account/sessions', { json: true })).status, 401);
		assert.equal((await a.get('/account/sessions', { json: true })).status, 200);
		assert.equal((await client().login(handle)).status, 401);
		assert.equal((await client().login(handle, 'lantern oatmeal zebra harbor')).status, 200);
	});

	test('a recovery code sets a new password once; reusing it fails', async () => {
		const handle = newHandle();
		const a = client();
		const reg = await a.register(handle);
		const code = reg.data.codes[3];
		const other = client();
		await other.login(handle);
		const r = client();
		await r.get('/recover', { json: true });
		const used = await r.post('/recover', { handle, code: code.toLowerCase().replace(/-/g, ' '), password: 'harbor violet cactus drumbeat' });
		assert.equal(used.status, 200);
		assert.equal(used.data.codes_left, 7);
		assert.equal(used.data.codes_left_text, '7 unused recovery codes');
		assert.equal((await other.get('/account/sessions', { json: true })).status, 401, 'other sessions ended');
		assert.equal((await client().login(handle, 'harbor violet cactus drumbeat')).status, 200);
		const again = client();
		await again.get('/recover', { json: true });
		const reuse = await again.post('/recover', { handle, code, password: 'another fresh passphrase here' });
		assert.equal(reuse.status, 400);
		assert.match(reuse.data.errors.code, /already used/);
		const unknown = await again.post('/recover', { handle: newHandle('ghost'), code, password: 'another fresh passphrase here' });
		assert.equal(unknown.status, 400);
		assert.equal(unknown.data.errors.code, reuse.data.errors.code);
	});

	test('regenerating codes replaces the old ones', async () => {
		const handle = newHandle();
		const a = client();
		const old = (await a.register(handle)).data.codes;
		await a.get('/account/sessions', { json: true });
		const fresh = await a.post('/account/codes', { password: GOOD_PW });
		assert.equal(fresh.status, 200);
		assert.equal(fresh.data.codes.length, 8);
		const r = client();
		await r.get('/recover', { json: true });
		assert.equal((await r.post('/recover', { handle, code: old[0], password: 'harbor violet cactus drumbeat' })).status, 400);
		assert.equal((await r.post('/recover', { handle, code: fresh.data.codes[0], password: 'harbor violet cactus drumbeat' })).status, 200);
	});

	test('profile: credentials, 1-5 specialties, years, bio; public page shows "BSN, RN · Specializes in …"', async () => {
		const handle = newHandle();
		const a = client();
		await a.register(handle);
		await a.get('/account/profile', { json: true });
		const none = await a.post('/account/profile', [['cred', 'RN'], ['bio', 'hi']]);
		assert.equal(none.status, 400);
		assert.match(none.data.errors.specialties, /between 1 and 5/);
		const six = ['med-surg', 'cardiac', 'emergency', 'trauma', 'nicu', 'oncology'].map((s) => ['spec', s]);
		assert.equal((await a.post('/account/profile', six)).status, 400);
		const badCred = await a.post('/account/profile', [['cred', 'MD'], ['spec', 'cardiac']]);
		assert.equal(badCred.status, 400);
		const bio = 'Twelve years of **nights**. <script>alert(1)</script> [x](javascript:alert(1))';
		const ok = await a.post('/account/profile', [['cred', 'RN'], ['cred', 'BSN'], ['cert', 'CCRN'],
			['spec', 'critical-care'], ['spec', 'cardiac'], ['years', '10-plus'], ['bio', bio]]);
		assert.equal(ok.status, 200);
		const pub = await client().get(`/u/${handle}`, { json: true });
		assert.equal(pub.status, 200);
		assert.equal(pub.data.summary, 'BSN, RN, CCRN · Specializes in Critical Care; Cardiac');
		assert.match(pub.data.joined, /^[A-Z][a-z]+ \d{4}$/);
		const html = await client().get(`/u/${handle}`);
		assert.match(html.body, /<strong>nights<\/strong>/);
		assert.doesNotMatch(html.body, /<script>alert|javascript:alert/);
		const long = await a.post('/account/profile', [['spec', 'cardiac'], ['bio', 'é'.repeat(501)]]);
		assert.equal(long.status, 400);
		assert.match(long.data.errors.bio, /500/);
		assert.equal((await client().get('/u/nobody-here-at-all')).status, 404);
	});

	test('export holds everything including anonymous posts; deletion removes credentials, sessions and codes', async () => {
		const handle = newHandle();
		const a = client();
		const reg = await a.register(handle);
		assert.equal(reg.status, 201, reg.body);
		const id = sqlite(srv.dbPath, `SELECT id FROM members WHERE handle = '${handle}'`);
		sqlite(srv.dbPath, `INSERT INTO threads (title, member_id, anonymous, created_at, last_activity_at) VALUES ('Gift from a family', ${id}, 1, 1, 1);
			INSERT INTO posts (thread_id, member_id, kind, anonymous, anon_alias, body_md, body_html, created_at) VALUES (last_insert_rowid(), ${id}, 'dilemma', 1, 'Heron', 'A family offered me cash.', '<p>A family offered me cash.</p>', 1);`);
		const exp = await a.get('/account/export');
		assert.equal(exp.status, 200);
		assert.match(exp.headers.get('content-disposition'), /attachment/);
		const data = JSON.parse(exp.body);
		assert.equal(data.account.handle, handle);
		assert.equal(data.posts.length, 1);
		assert.equal(data.posts[0].anonymous, true);
		assert.equal(data.posts[0].body_markdown, 'A family offered me cash.');
		assert.doesNotMatch(exp.body, /argon2/);
		await a.get('/account/delete', { json: true });
		const wrong = await a.post('/account/delete', { mode: 'erase', password: 'definitely not my password' });
		assert.equal(wrong.status, 400);
		const del = await a.post('/account/delete', { mode: 'erase', password: GOOD_PW });
		assert.equal(del.status, 200);
		assert.equal(sqlite(srv.dbPath, `SELECT count(*) FROM members WHERE id = ${id}`), '0');
		assert.equal(sqlite(srv.dbPath, `SELECT count(*) FROM sessions WHERE member_id = ${id}`), '0');
		assert.equal(sqlite(srv.dbPath, `SELECT count(*) FROM recovery_codes WHERE member_id = ${id}`), '0');
		assert.equal(sqlite(srv.dbPath, "SELECT count(*) FROM posts WHERE body_md LIKE '%offered me cash%'"), '0');
		assert.equal((await client().login(handle)).status, 401);
	});
});

describe('rate limits', () => {
	let srv;
	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, 'login_attempts_per_handle = 3', 'auth_attempts_per_client = 6'] });
	});
	after(async () => { await srv?.stop(); });

	test('past the per-handle limit: 429 with Retry-After and a clear message, before hashing', async () => {
		const c = new Client(srv.baseUrl);
		await c.get('/login', { json: true });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await c.post('/login', { handle: 'someone', password: 'wrong passphrase number one' })).status);
		assert.deepEqual(statuses, [401, 401, 401, 429]);
		const html = await c.post('/login', { handle: 'SomeOne', password: 'x' }, { json: false });
		assert.equal(html.status, 429);
		assert.ok(Number(html.headers.get('retry-after')) > 0);
		assert.match(htmlDecode(html.body), /Too many attempts\. For your safety, please wait \d+ minutes?/);
		const requestLines = srv.stderr().split('\n').filter((l) => !l.startsWith('forumd: listening'));
		assert.doesNotMatch(requestLines.join('\n'), /127\.0\.0\.1|someone/i, 'no client address or handle in the log');
	});

	test('past the per-client limit, registration gets 429 too', async () => {
		// registrations have the client's budget to themselves: failed logins count apart
		// (RATE_CLIENT_FAILS), so the 6 allowed here are all registrations
		const c = new Client(srv.baseUrl);
		let last;
		for (let i = 0; i < 7; i++) last = await c.register(newHandle());
		assert.equal(last.status, 429);
		assert.ok(Number(last.headers.get('retry-after')) > 0);
	});
});

/* Login statuses of `tries` attempts (unknown handles, so only the per-client limit bites),
 * each sent with X-Forwarded-For: xff. */
async function loginsFrom(base, xff, tries) {
	const c = new Client(base);
	await c.get('/login', { json: true });
	const statuses = [];
	for (let i = 0; i < tries; i++) {
		const r = await c.post('/login', { handle: newHandle('ghost'), password: 'wrong passphrase number one' },
			{ headers: { 'x-forwarded-for': xff } });
		statuses.push(r.status);
	}
	return statuses;
}

describe('rate limits behind a reverse proxy', () => {
	const LIMITS = [...FAST_HASH, 'auth_attempts_per_client = 3', 'login_attempts_per_handle = 100000'];
	let trusting, plain;
	before(async () => {
		[trusting, plain] = await Promise.all([
			startServer({ config: [...LIMITS, 'trust_proxy = true'] }),
			startServer({ config: [...LIMITS, 'trust_proxy = false'] }),
		]);
	});
	after(async () => { await Promise.all([trusting?.stop(), plain?.stop()]); });

	test('with trust_proxy = true, two X-Forwarded-For addresses get separate login limits', async () => {
		assert.deepEqual(await loginsFrom(trusting.baseUrl, '198.51.100.7', 4), [401, 401, 401, 429]);
		assert.deepEqual(await loginsFrom(trusting.baseUrl, '203.0.113.9', 4), [401, 401, 401, 429],
			'another client behind the proxy has its own limit');
		assert.deepEqual(await loginsFrom(trusting.baseUrl, '10.0.0.1, 2001:db8::5', 1), [401],
			'the last address of the list is the client');
		assert.doesNotMatch(trusting.stderr(), /198\.51\.100\.7|203\.0\.113\.9|2001:db8/, 'no forwarded address in the log');
	});

	test('with trust_proxy = false (the default), X-Forwarded-For is ignored', async () => {
		assert.deepEqual(await loginsFrom(plain.baseUrl, '198.51.100.7', 3), [401, 401, 401]);
		assert.deepEqual(await loginsFrom(plain.baseUrl, '203.0.113.9', 1), [429],
			'a different header is still the same client: the peer');
	});
});

describe('the database after a session of use', () => {
	test('holds no plaintext password, session token or recovery code (file and WAL); old hashes are upgraded', async () => {
		let srv = await startServer({ config: [...FAST_HASH, ...NO_LIMITS], keep: true });
		const dir = srv.dir;
		const c = new Client(srv.baseUrl);
		const handle = newHandle();
		const pw = 'unmistakable marmalade hedgehog 9731';
		const reg = await c.register(handle, pw);
		assert.equal(reg.status, 201);
		const codes = reg.data.codes;
		await c.get('/account/password', { json: true });
		const pw2 = 'second quixotic walrus passphrase 4410';
		assert.equal((await c.post('/account/password', { current: pw, password: pw2 })).status, 200);
		const token = c.jar.get('fd_session');
		const secrets = [pw, pw2, token, ...codes, ...codes.map((x) => x.replace(/-/g, ''))];
		const files = ['forum.db', 'forum.db-wal'].map((f) => `${dir}/${f}`).filter(existsSync);
		for (const f of files) {
			const bytes = readFileSync(f);
			for (const s of secrets) {
				assert.equal(bytes.indexOf(Buffer.from(s, 'utf8')), -1, `${s} found in ${f}`);
				assert.equal(bytes.indexOf(Buffer.from(s, 'utf16le')), -1, `${s} (UTF-16) found in ${f}`);
			}
		}
		assert.equal(readFileSync(`${dir}/forum.db.key`).length, 32);
		await srv.stop();
		// the same database with the default (stronger) limits: the next login re-hashes
		srv = await startServer({ dir, config: NO_LIMITS });
		try {
			assert.match(sqlite(srv.dbPath, `SELECT password_hash FROM members WHERE handle = '${handle}'`), /m=8192,/);
			assert.equal((await new Client(srv.baseUrl).login(handle, pw2)).status, 200);
			assert.match(sqlite(srv.dbPath, `SELECT password_hash FROM members WHERE handle = '${handle}'`), /m=65536,t=2,/);
		} finally {
			await srv.stop();
			spawnSync('rm', ['-rf', dir]);
		}
	});
});

describe('the hashing pool', () => {
	test('pages keep answering while logins hash, and a full queue gets 503 with Retry-After', async () => {
		const srv = await startServer({ config: ['pwhash_memlimit = 33554432', 'pwhash_opslimit = 3',
			'max_connections_per_client = 1000', ...NO_LIMITS] });
		try {
			const c = new Client(srv.baseUrl);
			await c.get('/login', { json: true });
			const logins = [];  // more than the queue (POOL_QUEUE_MAX, 64) and the threads hold
			for (let i = 0; i < 100; i++) logins.push(c.post('/login', { handle: `nobody${i}`, password: 'some long wrong passphrase' }));
			const t0 = performance.now();
			const front = await request(srv.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
			const ms = performance.now() - t0;
			assert.equal(front.status, 200);
			assert.ok(ms < 500, `healthz took ${ms} ms while logins hashed`);
			const results = await Promise.all(logins);
			const busy = results.filter((r) => r.status === 503);
			assert.ok(busy.length > 0, 'some logins found the queue full');
			assert.ok(busy.every((r) => Number(r.headers.get('retry-after')) > 0));
			assert.ok(results.every((r) => r.status === 401 || r.status === 503));
		} finally {
			await srv.stop();
		}
	});
});
