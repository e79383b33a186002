// keep-text.test.mjs: text is never lost: a suspended member finds no reply form, only why,
// and a post refused by an error page (suspension, an expired session's token, a locked
// thread) shows what was typed, with a link back to where the person was.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, htmlDecode, FORUMD_BIN } from './harness.mjs';
import { newMember, postDilemma } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const ctl = (db, args) => spawnSync(FORUMCTL, ['--db', db, ...args], { encoding: 'utf8' });
const kept = (html) => htmlDecode(/<textarea id="kept-text"[^>]*>([^<]*)<\/textarea>/.exec(html)?.[1] ?? '');
const TEXT = 'I typed this carefully: say no kindly, then tell the charge nurse.';

describe('text is never lost', () => {
	let srv, a, b, thread;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_replies = 100'] });
		[a, b] = await Promise.all([newMember(srv.baseUrl), newMember(srv.baseUrl)]);
		thread = await postDilemma(a, { title: 'A family offered me a holiday' });
	});
	after(async () => { await srv?.stop(); });

	test('a suspended member sees why there is no reply form; a reply sent anyway is kept on the 403', async () => {
		const page = await b.get(thread);
		assert.equal(ctl(srv.dbPath, ['suspend', b.handle, '--days', '2', '--reason', 'a cooling-off day']).status, 0);
		const now = htmlDecode((await b.get(thread)).body);
		assert.match(now, /You cannot reply while your account is suspended, until <time[^>]*>[^<]+<\/time> \(UTC\): a cooling-off day\./);
		assert.doesNotMatch(now, /id="reply-body"/);
		assertValidHtml((await b.get(thread)).body, 'thread, suspended');
		/* a form loaded before the suspension, sent after it */
		const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)[1];
		const r = await b.post(`${thread}/reply`, { csrf, body: TEXT });
		assert.equal(r.status, 403);
		assert.equal(kept(r.body), TEXT);
		assert.match(r.body, new RegExp(`<a href="${thread}">Back to where you were</a>`));
		assertValidHtml(r.body, '403 with kept text');
		const vote = await b.post('/p/1/helpful', { csrf });
		assert.equal(vote.status, 403);
		assert.doesNotMatch(vote.body, /href="\/p\/1\/helpful"/, 'no link to an address with no page');
		assert.equal(ctl(srv.dbPath, ['unsuspend', b.handle]).status, 0);
	});

	test('an expired form token: the 403 keeps the text and leads back to the form', async () => {
		await a.get('/new');
		const r = await a.post('/new', { csrf: 'not-the-token', title: 'A title long enough here', body: TEXT, topic: 'gifts-money' });
		assert.equal(r.status, 403);
		assert.equal(kept(r.body), TEXT);
		assert.match(r.body, /<a href="\/new">Back to where you were<\/a>/);
	});

	test('signed out while typing: 401 with the text kept and a way to sign in and come back', async () => {
		const page = await b.get(thread);
		const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)[1];
		await b.post('/logout', { csrf });
		const r = await b.post(`${thread}/reply`, { csrf, body: TEXT });
		assert.equal(r.status, 401);
		assert.equal(kept(r.body), TEXT);
		assert.match(r.body, new RegExp(`<a href="/login\\?next=${encodeURIComponent(thread).replace(/%/g, '%')}">Sign in, then come back to post it</a>`));
		assertValidHtml(r.body, '401 with kept text');
	});

	test('text another site\'s form sent is never shown back as the person\'s', async () => {
		const res = await fetch(`${srv.baseUrl}/new`, { method: 'POST', redirect: 'manual',
			headers: { cookie: a.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded',
			           'sec-fetch-site': 'cross-site' },
			body: new URLSearchParams({ csrf: 'forged', title: 'A title long enough here', body: 'Call 0800 SCAM now', topic: 'gifts-money' }).toString() });
		const body = await res.text();
		assert.equal(res.status, 403);
		assert.doesNotMatch(body, /kept-text|0800 SCAM/);
	});
});
