// visible-edits.test.mjs: edits are visible: readers see when a post was edited ("edited
// just now", to the hour on an anonymous post) and a moderator's edit as "edited by a
// moderator ...: NOTE"; the author (a "Versions" link) and the moderators can read every
// earlier version at /p/:id/history, newest first, where text a moderator's redaction
// removed shows as redacted; nobody else can (404).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, get, htmlDecode, FORUMD_BIN } from './harness.mjs';
import { newMember, postDilemma, postReply, login } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');

describe('edits are visible', () => {
	let srv, a, b, mod, thread;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_replies = 100'] });
		[a, b, mod] = await Promise.all([1, 2, 3].map(() => newMember(srv.baseUrl)));
		const r = spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', mod.handle], { encoding: 'utf8' });
		assert.equal(r.status, 0, r.stderr);
		mod = await login(srv.baseUrl, mod.handle, `correct horse battery staple ${mod.handle}`.split('').reverse().join(''));
		thread = await postDilemma(a, { title: 'A patient asked me to visit at home' });
	});
	after(async () => { await srv?.stop(); });

	const edit = async (m, id, body) => {
		await m.get(`/p/${id}/edit`);
		const r = await m.post(`/p/${id}/edit`, { body });
		assert.equal(r.status, 303, r.body.slice(0, 300));
	};
	const byline = (html, id) => htmlDecode(new RegExp(`<article [^>]*id="p${id}"[\\s\\S]*?</p>`).exec(html)?.[0] ?? '');

	test('an author\'s edit: "edited just now" with its time; the versions for the author only', async () => {
		const id = await postReply(b, thread, 'First words of my reply, before I thought again.');
		await edit(b, id, 'Second words, after I thought again.');
		await edit(b, id, 'Third words, final.');
		const page = (await get(srv.baseUrl + thread)).body;
		assert.match(byline(page, id), /<span class="edited">edited <time datetime="\d{4}-\d\d-\d\dT[^"]*">just now<\/time><\/span>/);
		assert.match((await b.get(thread)).body, new RegExp(`<a class="small-link" href="/p/${id}/history">Versions</a>`));
		const h = await b.get(`/p/${id}/history`);
		assert.equal(h.status, 200);
		const text = htmlDecode(h.body);
		assert.match(text, /2 earlier versions/);
		const order = ['Third words, final.', 'Second words, after I thought again.', 'First words of my reply'].map((t) => text.indexOf(t));
		assert.ok(order.every((x) => x >= 0) && order[0] < order[1] && order[1] < order[2], 'newest first');
		assertValidHtml(h.body, 'history');
		assert.equal((await a.get(`/p/${id}/history`)).status, 404, 'another member');
		assert.equal((await get(`${srv.baseUrl}/p/${id}/history`)).status, 303, 'a visitor is sent to log in');
		assert.equal((await mod.get(`/p/${id}/history`)).status, 200, 'a moderator');
	});

	test('a moderator\'s edit reads "edited by a moderator ...: NOTE"; its replaced text is redacted', async () => {
		const id = await postReply(b, thread, 'Give them the ward number; my charge nurse lives on my street too.');
		await mod.get('/moderation');
		assert.equal((await mod.post(`/moderation/post/${id}/edit`, { body: 'Give them the ward number.', note: 'removed where someone lives' })).status, 303);
		const line = byline((await get(srv.baseUrl + thread)).body, id);
		assert.match(line, /edited by a moderator <time[^>]*>just now<\/time>: removed where someone lives/);
		const text = htmlDecode((await b.get(`/p/${id}/history`)).body);
		assert.match(text, /Redacted by a moderator: this text is not kept\./);
		assert.doesNotMatch(text, /lives on my street/);
		assert.match(text, /by a moderator: removed where someone lives/);
	});

	test('an anonymous post\'s edit time is to the hour', async () => {
		const id = await postReply(b, thread, 'Anonymously: I would say no kindly.', { anonymous: true, showTags: false });
		await edit(b, id, 'Anonymously: I would say no, kindly and firmly.');
		assert.match(byline((await get(srv.baseUrl + thread)).body, id), /edited <time datetime="\d{4}-\d\d-\d\dT\d\d:00:00Z">within the hour<\/time>/);
	});

	test('the note is public: one naming someone is refused, and nothing changes', async () => {
		const id = await postReply(b, thread, 'Give them the ward phone number instead of yours.');
		await mod.get('/moderation');
		const r = await mod.post(`/moderation/post/${id}/edit`, { body: 'Give them the ward phone number.', note: 'removed what Brenda Okafor said' });
		assert.equal(r.status, 400);
		assert.match(htmlDecode(r.body), /The note is shown to everyone with the post/);
		const page = htmlDecode((await get(srv.baseUrl + thread)).body);
		assert.match(page, /Give them the ward phone number instead of yours\./, 'the post is unchanged');
	});
});
