// confirm-delete.test.mjs: deleting a post asks first, with no JavaScript: the Delete link
// leads to a page that shows the post's opening words and what deleting does; only its
// "Delete it" (confirm=1) deletes. A dilemma with replies loses its title and text, its
// replies stay; one nobody answered goes whole.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, get, htmlDecode } from './harness.mjs';
import { newMember, postDilemma, postReply } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

function sqlJson(db, q) {
	const r = spawnSync('sqlite3', ['-json', '-cmd', '.timeout 5000', db, q], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

describe('deleting a post asks first', () => {
	let srv, a, b;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_replies = 100',
			'new_member_limit_threads = 100'] });
		[a, b] = await Promise.all([newMember(srv.baseUrl), newMember(srv.baseUrl)]);
	});
	after(async () => { await srv?.stop(); });

	test('the Delete link leads to a page that asks; a POST without confirm=1 asks too and deletes nothing', async () => {
		const thread = await postDilemma(a, { title: 'A relative sent me flowers at home' });
		const reply = await postReply(b, thread, 'Thank them and give the flowers to the ward, I would say.');
		const page = (await b.get(thread)).body;
		assert.match(page, new RegExp(`<a class="small-link" href="/p/${reply}/delete">Delete</a>`));
		assert.doesNotMatch(page, new RegExp(`action="/p/${reply}/delete"`), 'no one-click delete button');
		const ask = await b.get(`/p/${reply}/delete`);
		assert.equal(ask.status, 200);
		const text = htmlDecode(ask.body);
		assert.match(text, /<h1>Delete your reply\?<\/h1>/);
		assert.match(text, /Thank them and give the flowers to the ward/);
		assert.match(text, /cannot be undone/);
		assert.match(ask.body, /<input type="hidden" name="confirm" value="1">/);
		assert.match(ask.body, new RegExp(`<a href="/d/\\d+#p${reply}">Keep it</a>`));
		assertValidHtml(ask.body, 'delete confirmation');
		const bare = await b.post(`/p/${reply}/delete`, {});
		assert.equal(bare.status, 200, 'asked again');
		assert.match(htmlDecode(bare.body), /Delete your reply\?/);
		assert.deepEqual(sqlJson(srv.dbPath, `SELECT state FROM posts WHERE id = ${reply}`), [{ state: 'visible' }]);
		assert.equal((await a.get(`/p/${reply}/delete`)).status, 404, 'only its author is asked');
		const done = await b.post(`/p/${reply}/delete`, { confirm: '1' });
		assert.equal(done.status, 303);
		assert.deepEqual(sqlJson(srv.dbPath, `SELECT state, body_md FROM posts WHERE id = ${reply}`),
			[{ state: 'removed', body_md: '' }]);
	});

	test('an answered dilemma: the page says the replies stay; deleting erases its title and text', async () => {
		const title = 'My unit manager keeps asking about my divorce';
		const thread = await postDilemma(a, { title });
		await postReply(b, thread, 'Tell her kindly it is not something you discuss at work.');
		const id = sqlJson(srv.dbPath, `SELECT id FROM posts WHERE thread_id = ${thread.split('/').pop()} AND kind = 'dilemma'`)[0].id;
		const ask = htmlDecode((await a.get(`/p/${id}/delete`)).body);
		assert.match(ask, /<h1>Delete your dilemma\?<\/h1>/);
		assert.match(ask, /the replies others wrote stay/);
		assert.equal((await a.post(`/p/${id}/delete`, { confirm: '1' })).status, 303);
		const page = htmlDecode((await get(srv.baseUrl + thread)).body);
		assert.doesNotMatch(page, new RegExp(title));
		assert.match(page, /\[removed by its author\]/);
		assert.match(page, /Tell her kindly it is not something you discuss at work\./, 'the reply stays');
	});

	test('an unanswered dilemma: the page says it goes whole', async () => {
		const thread = await postDilemma(a, { title: 'A patient asked me to witness a will' });
		const id = sqlJson(srv.dbPath, `SELECT id FROM posts WHERE thread_id = ${thread.split('/').pop()} AND kind = 'dilemma'`)[0].id;
		assert.match(htmlDecode((await a.get(`/p/${id}/delete`)).body), /Nobody has replied, so the whole dilemma goes/);
		const done = await a.post(`/p/${id}/delete`, { confirm: '1' });
		assert.equal(done.status, 303);
		assert.equal(done.location, '/');
		assert.equal((await get(srv.baseUrl + thread)).status, 404);
	});
});
