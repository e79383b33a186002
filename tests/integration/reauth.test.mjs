// reauth.test.mjs: what a stolen cookie or odd text cannot do (issue 15): every check of
// the current password counts against the per-handle limit (change password, delete
// account, new recovery codes); new recovery codes need the current password; a password
// change ends every other session; non-characters are refused at input, and text stored
// with them (or with controls) still makes valid HTML, JSON and Atom.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, get } from './harness.mjs';
import { newMember, login } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FAST_HASH = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1'];
const password = (m) => `correct horse battery staple ${m.handle}`.split('').reverse().join('');

describe('re-authentication', () => {
	let srv;
	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, 'login_attempts_per_handle = 5',
			'auth_attempts_per_client = 100000'] });
	});
	after(async () => { await srv?.stop(); });

	for (const [path, fields] of [
		['/account/password', (pw) => ({ current: pw, password: 'a brand new passphrase for me' })],
		['/account/delete', (pw) => ({ mode: 'keep', password: pw })],
		['/account/codes', (pw) => ({ password: pw })],
	]) {
		test(`${path}: guessing the current password is stopped by the per-handle limit`, async () => {
			const m = await newMember(srv.baseUrl);
			await m.get('/account/sessions');
			const statuses = [];
			for (let i = 0; i < 8; i++)
				statuses.push((await m.post(path, fields(`wrong guess number ${i} here`))).status);
			assert.ok(statuses.slice(0, 4).every((s) => s === 400 || s === 403), statuses.join(' '));
			assert.equal(statuses.at(-1), 429, `the limit stops guessing: ${statuses.join(' ')}`);
			const right = await m.post(path, fields(password(m)));
			assert.equal(right.status, 429, 'even the right password waits: the handle is limited');
		});
	}

	test('new recovery codes need the current password; a wrong one makes none', async () => {
		const m = await newMember(srv.baseUrl);
		const page = (await m.get('/account/codes')).body;
		assertValidHtml(page, 'new codes form');
		assert.match(page, /<label for="codes-password">/);
		const none = await m.post('/account/codes', {});
		assert.equal(none.status, 400);
		assert.match(none.body, /Enter your password/);
		assert.doesNotMatch(none.body, /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
		const wrong = await m.post('/account/codes', { password: 'not my password at all' });
		assert.equal(wrong.status, 400);
		const right = await m.post('/account/codes', { password: password(m) });
		assert.equal(right.status, 200);
		assert.match(right.body, /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
	});

	test('a password change ends every other session', async () => {
		const m = await newMember(srv.baseUrl);
		const other = await login(srv.baseUrl, m.handle, password(m));
		assert.equal((await other.get('/account/sessions')).status, 200);
		await m.get('/account/password');
		const r = await m.post('/account/password', { current: password(m), password: 'a brand new passphrase for me' });
		assert.equal(r.status, 303);
		assert.equal((await m.get('/account/sessions')).status, 200, 'this session stays');
		assert.notEqual((await other.get('/account/sessions')).status, 200, 'the other is signed out');
	});
});

describe('non-characters', () => {
	let srv;
	before(async () => { srv = await startServer({ config: ['new_member_review = 0'] }); });
	after(async () => { await srv?.stop(); });

	test('a reply holding U+FFFF is refused naming the field; the feed stays valid XML', async () => {
		const { postDilemma } = await import('./members.mjs');
		const m = await newMember(srv.baseUrl);
		const t = await postDilemma(m, { title: 'A dilemma for the feed' });
		await m.get(t);
		const r = await m.post(`${t}/reply`, { body: 'A reply with a non-character \uFFFF in it.' }, { json: true });
		assert.equal(r.status, 400);
		assert.match(JSON.parse(r.body).reply_form.errors.body, /cannot be posted/, 'names the field');
		const title = await m.post('/new', { title: 'Bad \uFDD0 title', body: 'x'.repeat(80), topic: 'gifts-money' });
		assert.equal(title.status, 400);
		const feed = await fetch(`${srv.baseUrl}/feed.atom`);
		assert.doesNotMatch(await feed.text(), /[\uFFFE\uFFFF\uFDD0-\uFDEF]/);
	});

	test('text stored before these checks (controls, non-characters) still makes valid HTML, JSON and Atom', async () => {
		const { postDilemma } = await import('./members.mjs');
		const m = await newMember(srv.baseUrl);
		const t = await postDilemma(m, { title: 'A dilemma whose stored text is odd' });
		const id = t.split('/').pop();
		const q = `UPDATE threads SET title = 'Odd ' || char(65535) || ' title ' || char(1) WHERE id = ${id};
			UPDATE posts SET body_md = 'odd ' || char(64976) || char(11), body_html = '<p>odd ' || char(65534) || char(27) || '</p>'
			 WHERE thread_id = ${id};`;
		const r = spawnSync('sqlite3', [srv.dbPath, q], { encoding: 'utf8' });
		assert.equal(r.status, 0, r.stderr);
		const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFDD0-\uFDEF\uFFFE\uFFFF]/;
		const feed = (await get(`${srv.baseUrl}/feed.atom`)).body;
		assert.match(feed, /Odd \uFFFD title \uFFFD/, 'the title, its characters replaced');
		assert.doesNotMatch(feed, bad);
		const page = (await m.get(t)).body;
		assert.doesNotMatch(page, bad, 'the thread page, its rendered bodies too');
		assert.match(page, /<p>odd \uFFFD\uFFFD<\/p>/);
		const json = await m.get(t, { json: true });
		assert.equal(JSON.parse(json.body).title, 'Odd \uFFFF title \u0001', 'JSON holds any text, escaped');
	});
});
