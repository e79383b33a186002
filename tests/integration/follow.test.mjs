// follow.test.mjs: following a dilemma without replying: a button on the thread page (no
// JavaScript); its new replies from others then come to the inbox, counted from the moment
// of following, and stop when unfollowed; the account's deletion takes the follows with it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, get } from './harness.mjs';
import { newMember, postDilemma, postReply } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const sql = (db, q) => spawnSync('sqlite3', [db, q], { encoding: 'utf8' }).stdout.trim();
const json = async (m, path) => JSON.parse((await m.get(path, { json: true })).body);

describe('following a dilemma', () => {
	let srv, a, b, c, thread;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_replies = 100'] });
		[a, b, c] = await Promise.all([1, 2, 3].map(() => newMember(srv.baseUrl)));
		thread = await postDilemma(a, { title: 'A patient asked me to be a witness in court' });
		await postReply(b, thread, 'Talk to your manager and the legal team first.');
	});
	after(async () => { await srv?.stop(); });

	test('follow: the button, then new replies (not the old ones) in the inbox; unfollow: gone', async () => {
		const page = (await c.get(thread)).body;
		assert.match(page, /<button type="submit" class="secondary small" aria-pressed="false">Follow this dilemma<\/button>/);
		assertValidHtml(page, 'thread with follow button');
		const id = thread.split('/').pop();
		const r = await c.post(`${thread}/follow`, {});
		assert.equal(r.status, 303);
		assert.equal(r.location, `${thread}#follow`);
		assert.match((await c.get(thread)).body, /aria-pressed="true">Following: stop<\/button>/);
		assert.equal((await json(c, '/inbox')).count, 0, 'replies before following are not new');
		const reply = await postReply(b, thread, 'Also ask the court for a witness summons.');
		const inbox = await json(c, '/inbox');
		assert.equal(inbox.count, 1);
		assert.equal(inbox.threads[0].url, `${thread}#p${reply}`);
		assert.match(inbox.lede, /1 thread you took part in or follow has new replies\./);
		await c.get(thread);
		assert.equal((await json(c, '/inbox')).count, 0, 'read once opened');
		assert.equal((await c.post(`${thread}/follow`, { undo: '1' })).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM thread_follows WHERE thread_id = ${id}`), '0', 'unfollowed');
		await postReply(b, thread, 'One more reply after the unfollow.');
		assert.equal((await json(c, '/inbox')).count, 0);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM thread_follows WHERE thread_id = ${id}`), '0');
	});

	test('a visitor cannot follow; an unknown dilemma is 404', async () => {
		assert.equal((await get(`${srv.baseUrl}${thread}`)).body.includes('Follow this dilemma'), false);
		assert.equal((await c.post('/d/999999/follow', {})).status, 404);
	});

	test('who took part (the asker, anonymous or not, or a replier) has no Follow button and cannot follow', async () => {
		const anon = await postDilemma(a, { title: 'An anonymous ask about a patient gift', anonymous: true });
		assert.doesNotMatch((await a.get(anon)).body, /Follow this dilemma/);
		assert.equal((await a.post(`${anon}/follow`, {})).status, 409);
		assert.doesNotMatch((await b.get(thread)).body, /Follow this dilemma/, 'a replier');
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM thread_follows'), '0');
	});

	test('deleting the account takes its follows and their read marks', async () => {
		const e = await newMember(srv.baseUrl);
		await e.get(thread);
		assert.equal((await e.post(`${thread}/follow`, {})).status, 303);
		const marks = Number(sql(srv.dbPath, 'SELECT count(*) FROM read_marks'));
		await e.get('/account/delete');
		const r = await e.post('/account/delete', { mode: 'keep', password: `correct horse battery staple ${e.handle}`.split('').reverse().join('') });
		assert.equal(r.status, 200, r.body.slice(0, 200));
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM thread_follows'), '0');
		assert.equal(Number(sql(srv.dbPath, 'SELECT count(*) FROM read_marks')), marks - 1, 'the follow\'s read mark is gone');
	});
});
