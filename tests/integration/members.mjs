// members.mjs: a signed-in member for tests: a cookie jar, registration, profile, CSRF-carrying form posts.
import assert from 'node:assert/strict';
import { htmlDecode } from './harness.mjs';

let counter = 0;

/* A new handle that is unique within this test process. */
export function uniqueHandle(prefix = 'nurse') {
	counter += 1;
	return `${prefix}${process.pid % 10000}_${counter}`;
}

/* An HTTP client that keeps cookies and reads the CSRF token of the last page. */
export class Member {
	constructor(baseUrl) {
		this.baseUrl = baseUrl;
		this.cookies = new Map();
		this.csrf = null;
		this.handle = null;
	}

	cookieHeader() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	keepCookies(res) {
		for (const c of res.headers.getSetCookie?.() ?? []) {
			const [pair, ...attrs] = c.split(';');
			const i = pair.indexOf('=');
			const name = pair.slice(0, i).trim();
			const value = pair.slice(i + 1).trim();
			const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
			if (expired || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}

	/* GET path; resolves {status, headers, body}. json: ask for the JSON model. */
	async get(path, { json = false } = {}) {
		const headers = { cookie: this.cookieHeader() };
		if (json) headers.accept = 'application/json';
		const res = await fetch(this.baseUrl + path, { headers, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
		this.keepCookies(res);
		const body = await res.text();
		const m = /name="csrf" value="([^"]*)"/.exec(body);
		if (m) this.csrf = htmlDecode(m[1]);
		return { status: res.status, headers: res.headers, body };
	}

	/* POSTs a form (object or [key, value] pairs; repeated keys allowed) with the CSRF token
	 * unless csrf: false. Body strings are sent as given (raw: a pre-encoded body); extra:
	 * more request headers (X-Forwarded-For, to stand for another client). */
	async post(path, fields = {}, { csrf = true, json = false, raw = null, extra = {} } = {}) {
		if (csrf && !this.csrf) await this.get('/');
		const params = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields));
		if (csrf && !params.has('csrf')) params.append('csrf', this.csrf);
		const headers = {
			cookie: this.cookieHeader(),
			'content-type': 'application/x-www-form-urlencoded',
			origin: this.baseUrl,
			...extra,
		};
		if (json) headers.accept = 'application/json';
		const res = await fetch(this.baseUrl + path, {
			method: 'POST', headers, body: raw ?? params.toString(), redirect: 'manual',
			signal: AbortSignal.timeout(20_000),
		});
		this.keepCookies(res);
		const body = await res.text();
		const m = /name="csrf" value="([^"]*)"/.exec(body);
		if (m) this.csrf = htmlDecode(m[1]);
		return { status: res.status, headers: res.headers, body, location: res.headers.get('location') };
	}

	/* Registers a new account and signs in. */
	async register(handle = uniqueHandle()) {
		await this.get('/register');
		const password = `correct horse battery staple ${handle}`.split('').reverse().join('');
		const r = await this.post('/register', { handle, password, password2: password });
		assert.ok(r.status < 400, `register ${handle}: ${r.status} ${r.body.slice(0, 300)}`);
		this.handle = handle;
		await this.get('/');
		return this;
	}

	/* Sets the profile: cred (e.g. ['BSN', 'RN']), specialty slugs (1-5, in order) and place
	 * (a places code such as 'US-OH'; none by default). */
	async profile({ cred = [], cert = [], specialties = ['med-surg'], place = '' } = {}) {
		await this.get('/account/profile');
		const pairs = [...cred.map((c) => ['cred', c]), ...cert.map((c) => ['cert', c]),
			...specialties.map((s) => ['spec', s]), ['place', place]];
		const r = await this.post('/account/profile', pairs);
		assert.ok(r.status < 400, `profile: ${r.status} ${r.body.slice(0, 300)}`);
		return this;
	}
}

/* A registered member with a profile. */
export async function newMember(baseUrl, opts = {}) {
	const m = new Member(baseUrl);
	await m.register(opts.handle);
	if (opts.specialties || opts.cred || opts.place) await m.profile(opts);
	return m;
}

export const LONG_BODY = 'A situation on my unit that I keep thinking about. '.repeat(3);

/* Posts a dilemma as m; returns its path (/d/ID). extra: more [field, value] pairs. */
export async function postDilemma(m, { title = 'A patient asked for my phone number', body = LONG_BODY,
	topics = ['contact-social-media'], specialty = '', anonymous = false, showTags = true, anonTags = null, extra = [] } = {}) {
	await m.get('/new');
	const pairs = [['title', title], ['body', body], ...topics.map((t) => ['topic', t]), ...extra];
	if (specialty) pairs.push(['specialty', specialty]);
	if (anonymous) pairs.push(['anonymous', '1']);
	if (anonTags) pairs.push(['anon_tags', anonTags]);
	if (showTags) pairs.push(['show_tags', '1']);
	const r = await m.post('/new', pairs);
	assert.equal(r.status, 303, `post dilemma: ${r.status} ${r.body.slice(0, 400)}`);
	assert.match(r.location, /^\/d\/\d+$/);
	return r.location;
}

/* Replies as m; returns the reply's id. extra: more [field, value] pairs (scripts). */
export async function postReply(m, path, body, { specialties = null, anonymous = false, showTags = true, quote = null, anonTags = null, extra = [] } = {}) {
	await m.get(path);
	const pairs = [['body', body], ...extra];
	if (specialties) {
		pairs.push(['specialties_shown', '1']);
		for (const s of specialties) pairs.push(['specialty', s]);
	}
	if (anonymous) pairs.push(['anonymous', '1']);
	if (anonTags) pairs.push(['anon_tags', anonTags]);
	if (showTags) pairs.push(['show_tags', '1']);
	if (quote) pairs.push(['quote_post', String(quote.id)], ['quote_text', quote.text]);
	const r = await m.post(`${path}/reply`, pairs);
	assert.equal(r.status, 303, `reply: ${r.status} ${r.body.slice(0, 400)}`);
	return Number(/#p(\d+)$/.exec(r.location)[1]);
}

/* Logs handle in on a fresh Member (303 expected) and loads a page for its CSRF token. */
export async function login(baseUrl, handle, password) {
	const m = new Member(baseUrl);
	await m.get('/login');
	const r = await m.post('/login', { handle, password });
	assert.ok(r.status === 303 || r.status === 302, `login ${handle}: ${r.status} ${r.body.slice(0, 200)}`);
	m.handle = handle;
	await m.get('/');
	return m;
}
