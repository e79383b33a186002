// updates.test.mjs: how it turned out (issue 14). The asker (named, or under the thread's
// alias) posts one update to their dilemma; it shows under the dilemma, reaches the inbox
// of everyone who replied or follows, lists the thread on /updated, and is edited, deleted
// and moderated like a post.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, FORUMD_BIN } from './harness.mjs';
import { newMember, postDilemma, postReply, login } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FAST = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'auth_attempts_per_client = 100000',
	'new_member_review = 0', 'new_member_limit_threads = 100', 'new_member_limit_replies = 500'];
const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const OUTCOME = 'I told him kindly that I could not share my number, and gave him the clinic line. He thanked me.';

function sql(db, q) {
	const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, q], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}
const decode = (s) => s.replaceAll('&#39;', "'").replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');
const updateSection = (html) => /<section class="asker-update"[^]*?<\/section>/.exec(html)?.[0];

describe('the asker\'s update', () => {
	let srv, asker, replier, follower, other, mod, thread, anonThread, updateId;
	before(async () => {
		srv = await startServer({ config: FAST });
		asker = await newMember(srv.baseUrl);
		replier = await newMember(srv.baseUrl);
		follower = await newMember(srv.baseUrl);
		other = await newMember(srv.baseUrl);
		const m = await newMember(srv.baseUrl);
		assert.equal(spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', m.handle], { encoding: 'utf8' }).status, 0);
		mod = await login(srv.baseUrl, m.handle, `correct horse battery staple ${m.handle}`.split('').reverse().join(''));
		thread = await postDilemma(asker, { title: 'A patient asked for my phone number at discharge' });
		await postReply(replier, thread, 'Say no kindly and give the clinic line.');
		await follower.get(thread);
		assert.equal((await follower.post(`${thread}/follow`, {})).status, 303);
		for (const m2 of [replier, follower]) await m2.get(thread);   // read: nothing new in the inbox
	});
	after(async () => { await srv?.stop(); });

	test('only the asker is offered the form', async () => {
		const html = (await asker.get(thread)).body;
		assertValidHtml(html, 'thread with the update form');
		assert.match(html, /<h2 id="update-form-heading">How did it turn out\?<\/h2>/);
		assert.match(html, new RegExp(`<form method="post" action="${thread}/update">`));
		for (const who of [replier, other]) assert.doesNotMatch((await who.get(thread)).body, /update-form-heading/);
		assert.doesNotMatch(await (await fetch(srv.baseUrl + thread)).text(), /update-form-heading/);
	});

	test('bad input and the wrong member are refused, changing nothing', async () => {
		const count = () => sql(srv.dbPath, "SELECT count(*) FROM posts WHERE kind = 'update'");
		await asker.get(thread);
		const short = await asker.post(`${thread}/update`, { body: 'Too short.' });
		assert.equal(short.status, 400);
		assert.match(short.body, /<textarea id="update-body" name="body" rows="6" aria-describedby="update-body-hint update-body-error" aria-invalid="true">Too short\.<\/textarea>/);
		assert.match(short.body, /id="update-body-error">The update must be 20 to 20000 characters long/);
		await other.get(thread);
		assert.equal((await other.post(`${thread}/update`, { body: OUTCOME })).status, 403);
		assert.equal((await asker.post('/d/999999/update', { body: OUTCOME })).status, 404);
		assert.equal(count(), '0');
	});

	test('posted: under the dilemma, signed as the dilemma, in JSON; the form goes; a second is refused', async () => {
		await asker.get(thread);
		const r = await asker.post(`${thread}/update`, { body: OUTCOME });
		assert.equal(r.status, 303);
		updateId = Number(/#p(\d+)$/.exec(r.location)[1]);
		const html = (await other.get(thread)).body;
		assertValidHtml(html, 'thread with an update');
		const section = decode(updateSection(html));
		assert.match(section, /<h2 id="update-heading">How it turned out: the asker's update<\/h2>/);
		assert.match(section, new RegExp(`<article class="post update" id="p${updateId}">`));
		assert.match(section, new RegExp(`<a href="/u/${asker.handle}">${asker.handle}</a>`));
		assert.ok(section.includes(OUTCOME));
		const json = JSON.parse((await other.get(thread, { json: true })).body);
		assert.equal(json.update.id, updateId);
		assert.equal(json.update.kind, 'update');
		assert.ok(!json.replies.some((x) => x.id === updateId), 'not a reply');
		assert.equal(sql(srv.dbPath, `SELECT reply_count || ' ' || has_update FROM threads WHERE id = ${thread.slice(3)}`), '1 1');
		assert.doesNotMatch((await asker.get(thread)).body, /update-form-heading/);
		assert.equal((await asker.post(`${thread}/update`, { body: OUTCOME })).status, 409);
	});

	test('everyone who replied or follows finds it in their inbox; the asker does not', async () => {
		for (const who of [replier, follower]) {
			const inbox = JSON.parse((await who.get('/inbox', { json: true })).body);
			const row = inbox.threads.find((t) => t.url.startsWith(thread));
			assert.ok(row, `${who.handle}'s inbox`);
			assert.equal(row.new_label, "The asker's update");
			assert.equal(row.url, `${thread}#p${updateId}`);
		}
		const own = JSON.parse((await asker.get('/inbox', { json: true })).body);
		assert.ok(!own.threads.some((t) => t.url.startsWith(thread) && t.new_update));
	});

	test('/updated lists dilemmas with an update, marked in every list', async () => {
		const plain = await postDilemma(other, { title: 'A dilemma nobody updated yet' });
		const raw = await (await fetch(`${srv.baseUrl}/updated`)).text();
		assertValidHtml(raw, '/updated');
		assert.match(raw, /<h1[^>]*>How it turned out<\/h1>/);
		assert.ok(raw.includes(`href="${thread}"`));
		assert.ok(!raw.includes(`href="${plain}"`));
		assert.match(await (await fetch(`${srv.baseUrl}/`)).text(), /The asker posted how it turned out/);
		const feed = await fetch(`${srv.baseUrl}/updated/feed.atom`);
		assert.equal(feed.status, 200);
		const xml = await feed.text();
		assert.match(xml, /<title[^>]*>How it turned out: A patient asked for my phone number at discharge<\/title>/);
		assert.ok(xml.includes('gave him the clinic line'), 'the update is the entry');
		assert.equal(spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' }).status, 0);
		assert.match(raw, /<a href="\/updated\/feed.atom">Atom feed of this list<\/a>/);
	});

	test('the asker edits it; a moderator hides it (off /updated) and restores it', async () => {
		await asker.get(`/p/${updateId}/edit`);
		const edited = await asker.post(`/p/${updateId}/edit`, { body: `${OUTCOME} My manager agreed.` });
		assert.equal(edited.status, 303);
		assert.ok(decode((await other.get(thread)).body).includes('My manager agreed.'));
		await mod.get('/moderation');
		assert.equal((await mod.post(`/moderation/post/${updateId}/hide`, { reason: 'other', reason_other: 'off topic' })).status, 303);
		assert.ok(!decode((await other.get(thread)).body).includes('My manager agreed.'));
		assert.ok(!(await (await fetch(`${srv.baseUrl}/updated`)).text()).includes(`href="${thread}"`));
		assert.equal(sql(srv.dbPath, `SELECT reply_count FROM threads WHERE id = ${thread.slice(3)}`), '1', 'hiding an update leaves the replies counted');
		assert.equal((await mod.post(`/moderation/post/${updateId}/restore`, {})).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT reply_count FROM threads WHERE id = ${thread.slice(3)}`), '1', 'so does showing it again');
		assert.ok((await (await fetch(`${srv.baseUrl}/updated`)).text()).includes(`href="${thread}"`));
	});

	test('deleted by the asker: gone, and the form is offered again', async () => {
		await asker.get(`/p/${updateId}/delete`);
		assert.ok((await asker.post(`/p/${updateId}/delete`, { confirm: '1' })).status < 400);
		assert.equal(sql(srv.dbPath, `SELECT reply_count || ' ' || has_update FROM threads WHERE id = ${thread.slice(3)}`), '1 0');
		assert.match((await asker.get(thread)).body, /update-form-heading/);
	});

	test('an anonymous dilemma\'s update is signed with the thread\'s alias, its author sealed', async () => {
		anonThread = await postDilemma(asker, { title: 'A colleague asked me to cover a missed dose', anonymous: true, showTags: false });
		await asker.get(anonThread);
		const r = await asker.post(`${anonThread}/update`, { body: 'I said no and we told the charge nurse together; it went fine.' });
		assert.equal(r.status, 303);
		const json = JSON.parse((await other.get(anonThread, { json: true })).body);
		assert.equal(json.update.author.name, json.dilemma.author.name);
		assert.match(json.update.author.name, /^Anonymous /);
		assert.doesNotMatch(JSON.stringify(json), new RegExp(asker.handle));
		assert.equal(sql(srv.dbPath, `SELECT coalesce(member_id, 'sealed') FROM posts WHERE kind = 'update' AND thread_id = ${anonThread.slice(3)}`), 'sealed');
	});

	test('the privacy guard reads an update like any post', async () => {
		const t = await postDilemma(asker, { title: 'A family member asked me for test results' });
		await asker.get(t);
		const r = await asker.post(`${t}/update`, { body: 'I called Mrs. Kowalski back and explained the policy on results.' });
		assert.equal(r.status, 422);
		assert.match(r.body, /<mark[^>]*>Mrs\. Kowalski<\/mark>/);
	});
});
