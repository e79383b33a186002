// scripts.test.mjs: words you could say (issue 14). A reply carries up to three scripts
// (plain text, at most 300 characters each), checked by the privacy guard with the reply,
// shown as quotable blocks in it and gathered above the replies as "Words nurses
// suggested", best first; bad input is a 400 that names the field and keeps the text.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, FORUMD_BIN } from './harness.mjs';
import { newMember, postDilemma, postReply, login } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FAST = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'auth_attempts_per_client = 100000',
	'new_member_review = 0', 'new_member_limit_threads = 100', 'new_member_limit_replies = 500', 'anon_tag_k = 2'];
const SAY_NO = "I'm so sorry, but I can't give out any personal information. I wish you nothing but the best.";
const REDIRECT = 'Thank you for thinking of me. The best way to stay in touch is the hospital\'s patient relations line.';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');

function sql(db, q) {
	const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, q], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}
const article = (html, id) => new RegExp(`<article[^>]*id="p${id}"[^]*?</article>`).exec(html)[0];
const decode = (s) => s.replaceAll('&#39;', "'").replaceAll('&apos;', "'").replaceAll('&quot;', '"').replaceAll('&amp;', '&');

describe('words you could say', () => {
	let srv, asker, nurse, other, thread;
	const count = () => Number(sql(srv.dbPath, 'SELECT (SELECT count(*) FROM posts) + (SELECT count(*) FROM post_scripts)'));
	const reply = (m, pairs) => m.get(thread).then(() => m.post(`${thread}/reply`, pairs));
	before(async () => {
		srv = await startServer({ config: FAST });
		asker = await newMember(srv.baseUrl);
		nurse = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['critical-care'] });
		other = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['critical-care'] });
		thread = await postDilemma(asker, { title: 'A patient asked for my phone number at discharge' });
	});
	after(async () => { await srv?.stop(); });

	test('the reply form offers three fields for words to say', async () => {
		const html = (await nurse.get(thread)).body;
		assertValidHtml(html, 'thread with the reply form');
		assert.match(html, /<legend>Words you could say \(optional\)<\/legend>/);
		assert.equal((html.match(/<textarea id="reply-script-\d" name="script" rows="2" maxlength="300">/g) || []).length, 3);
	});

	test('a reply with scripts shows each as a quotable block, in JSON and in the thread\'s suggested words', async () => {
		const id = await postReply(nurse, thread, 'Keep it kind and short, then tell your charge nurse.', {
			extra: [['script', `  ${SAY_NO}  `], ['script', ''], ['script', REDIRECT]] });
		const html = (await asker.get(thread)).body;
		assertValidHtml(html, 'thread with scripts');
		const post = decode(article(html, id));
		assert.match(post, /<section class="scripts" aria-label="Words you could say">/);
		const blocks = [...post.matchAll(/<blockquote class="script" id="s(\d+)"><p>([^<]*)<\/p>/g)].map((m) => m[2]);
		assert.deepEqual(blocks, [SAY_NO, REDIRECT], 'trimmed, empty ones left out, in order');
		const words = decode(/<section class="suggested-words"[^]*?<\/section>/.exec(html)[0]);
		assert.match(words, /<h2 id="words-heading">Words nurses suggested<\/h2>/);
		assert.ok(words.includes(SAY_NO) && words.includes(REDIRECT));
		assert.match(words, new RegExp(`<a href="/d/\\d+#p${id}">From ${nurse.handle}'s reply</a>`));
		const json = JSON.parse((await asker.get(thread, { json: true })).body);
		assert.deepEqual(json.replies.find((r) => r.id === id).scripts.map((s) => s.text), [SAY_NO, REDIRECT]);
		assert.deepEqual(json.suggested_words.map((s) => s.text), [SAY_NO, REDIRECT]);
		assert.equal(sql(srv.dbPath, `SELECT group_concat(position, ',') FROM post_scripts WHERE post_id = ${id}`), '1,2');
		const visitor = await (await fetch(srv.baseUrl + thread)).text();
		assert.ok(decode(visitor).includes(SAY_NO), 'a visitor sees them too');
	});

	test('too long, too many, or not text: a 400 naming the field, everything typed kept, nothing written', async () => {
		const body = 'My reply, which must come back with the form.';
		for (const [scripts, why] of [
			[['x'.repeat(301)], /The script must be 2 to 300 characters long; it is 301\./],
			[['One.', 'Two.', 'Three.', 'Four.'], /A reply can carry at most 3 scripts; it has 4\./],
			[['a'], /The script must be 2 to 300 characters long; it is 1\./],
			[['Bell\u0007 here'], /The script holds characters that cannot be posted/],
		]) {
			const before = count();
			const r = await reply(nurse, [['body', body], ...scripts.map((s) => ['script', s])]);
			assert.equal(r.status, 400, JSON.stringify(scripts).slice(0, 40));
			assert.match(r.body, /<fieldset class="script-fields" aria-describedby="reply-scripts-hint reply-scripts-error" aria-invalid="true">/);
			assert.match(r.body, why);
			assert.ok(r.body.includes(body), 'the reply kept');
			if (!scripts[0].includes('\u0007')) for (const s of scripts) assert.ok(r.body.includes(`>${s}</textarea>`), `kept: ${s.slice(0, 20)}`);
			assertValidHtml(r.body, 'refused reply');
			assert.equal(count(), before);
		}
		const r = await reply(nurse, [['body', body], ['script', 'y'.repeat(400)]], { json: true });
		assert.equal(r.status, 400);
	});

	test('the privacy guard reads the scripts: shown to edit, carried as nothing hidden, held when posted anyway', async () => {
		const words = 'Tell Mrs. Kowalski the unit cannot keep her jewellery overnight.';
		const before = count();
		const r = await reply(other, [['body', 'A reply whose words name someone.'], ['script', words]]);
		assert.equal(r.status, 422);
		assertValidHtml(r.body, 'guard page with a script');
		assert.match(r.body, /<label for="guard-script-1">Words 1<\/label>/);
		assert.match(r.body, /<p class="guard-preview" id="guard-script-1-found">Tell <mark[^>]*>Mrs\. Kowalski<\/mark>/);
		assert.doesNotMatch(r.body, /type="hidden" name="script"/, 'the words are to edit, not carried hidden');
		assert.equal(count(), before);
		const fixed = await other.post(`${thread}/reply`, [['body', 'A reply whose words name someone.'], ['script', words], ['guard_fix', '1']]);
		assert.equal(fixed.status, 200);
		assert.match(fixed.body, /<textarea id="guard-script-1" name="script" rows="2">Tell \[name\] the unit/);
		const held = await other.post(`${thread}/reply`, [['body', 'A reply whose words name someone.'], ['script', words], ['guard_ack', '1']]);
		assert.equal(held.status, 303);
		const id = Number(/#p(\d+)$/.exec(held.location)[1]);
		assert.equal(sql(srv.dbPath, `SELECT p.state || ' ' || s.text FROM posts p JOIN post_scripts s ON s.post_id = p.id WHERE p.id = ${id}`), `held ${words}`);
		assert.ok(!decode((await asker.get(thread)).body).includes('Kowalski'), 'a held reply\'s words are not among the suggested ones');
	});

	test('an anonymous reply\'s scripts stay anonymous', async () => {
		const id = await postReply(other, thread, 'Posting this one anonymously.', { anonymous: true,
			extra: [['script', 'I care about you, and that is exactly why I have to keep this professional.']] });
		const html = decode((await asker.get(thread)).body);
		const words = /<section class="suggested-words"[^]*?<\/section>/.exec(html)[0];
		assert.match(words, new RegExp(`From Anonymous \\w+'s reply</a>`));
		assert.doesNotMatch(words, new RegExp(other.handle));
		assert.doesNotMatch(article(html, id), new RegExp(other.handle));
		const json = JSON.parse((await asker.get(thread, { json: true })).body);
		assert.doesNotMatch(JSON.stringify(json.suggested_words), new RegExp(other.handle));
	});

	test('best first: a reply the asker marked helpful, then the rest; a draft keeps the words', async () => {
		const later = await postReply(other, thread, 'A later reply, marked helpful by the asker.', {
			extra: [['script', 'I appreciate that; I am not able to share my number, but your care team is here for you.']] });
		await asker.get(thread);
		assert.ok((await asker.post(`/p/${later}/mark`, {})).status < 400);
		const json = JSON.parse((await asker.get(thread, { json: true })).body);
		assert.match(json.suggested_words[0].text, /^I appreciate that/);
		await nurse.get(thread);
		const d = await nurse.post(`${thread}/reply`, [['body', 'Unfinished.'], ['script', 'Words kept in a draft.'], ['draft', '1']]);
		assert.ok(d.status < 400);
		assert.match((await nurse.get(thread)).body, /<textarea id="reply-script-1" name="script" rows="2" maxlength="300">Words kept in a draft\.<\/textarea>/);
	});

	test('its author edits the words with the reply: shown as saved, changed, checked like new ones', async () => {
		const id = await postReply(nurse, thread, 'A reply whose words I will change.', { extra: [['script', 'First words.'], ['script', 'Second words.']] });
		const form = (await nurse.get(`/p/${id}/edit`)).body;
		assertValidHtml(form, 'edit form with scripts');
		assert.match(form, /<textarea id="e-script-1" name="script" rows="2" maxlength="300">First words\.<\/textarea>/);
		assert.match(form, /<textarea id="e-script-3" name="script" rows="2" maxlength="300"><\/textarea>/);
		const bad = await nurse.post(`/p/${id}/edit`, [['body', 'A reply whose words I will change.'], ['script', 'z'.repeat(301)]]);
		assert.equal(bad.status, 400);
		assert.match(bad.body, /id="e-scripts-error">The script must be 2 to 300 characters long/);
		assert.ok(bad.body.includes('z'.repeat(301)), 'kept');
		const ok = await nurse.post(`/p/${id}/edit`, [['body', 'A reply whose words I changed.'], ['script', 'First words.'], ['script', 'New second words.'], ['script', 'Third words.']]);
		assert.equal(ok.status, 303);
		assert.equal(sql(srv.dbPath, `SELECT group_concat(text, '|') FROM (SELECT text FROM post_scripts WHERE post_id = ${id} ORDER BY position)`),
			'First words.|New second words.|Third words.');
		const none = await nurse.post(`/p/${id}/edit`, [['body', 'A reply whose words I removed.']]);
		assert.equal(none.status, 303);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM post_scripts WHERE post_id = ${id}`), '0');
		const dilemmaForm = (await asker.get(`/p/${sql(srv.dbPath, `SELECT id FROM posts WHERE thread_id = ${thread.slice(3)} AND kind = 'dilemma'`)}/edit`)).body;
		assert.doesNotMatch(dilemmaForm, /Words you could say/, 'a dilemma has no words to say');
	});

	test('a reply its author deletes takes its words with it', async () => {
		const id = await postReply(nurse, thread, 'A reply I will take back.', { extra: [['script', 'Words that go with the reply.']] });
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM post_scripts WHERE post_id = ${id}`), '1');
		await nurse.get(`/p/${id}/delete`);
		const r = await nurse.post(`/p/${id}/delete`, { confirm: '1' });
		assert.ok(r.status < 400, `delete: ${r.status}`);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM post_scripts WHERE post_id = ${id}`), '0');
		assert.ok(!decode((await asker.get(thread)).body).includes('Words that go with the reply.'));
	});
});

describe('/scripts: the forum\'s words to say by topic, and each topic\'s feed', () => {
	let srv, asker, cc, onc, anon, ids = {};
	before(async () => {
		srv = await startServer({ config: FAST });
		asker = await newMember(srv.baseUrl);
		cc = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['critical-care'] });
		onc = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['oncology'] });
		anon = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['oncology'] });
		const gifts = await postDilemma(asker, { title: 'A family offered me cash after a long stay', topics: ['gifts-money'] });
		const contact = await postDilemma(asker, { title: 'A patient asked to friend me online', topics: ['contact-social-media'] });
		for (let i = 1; i <= 25; i++)
			await postReply(i % 2 ? cc : onc, gifts, `Reply number ${i} about the gift.`, { extra: [['script', `Gift words number ${i}, said kindly.`]] });
		ids.best = await postReply(onc, gifts, 'The reply the asker found most helpful.', { extra: [['script', 'Thank you so much; I am not able to accept gifts, but a card for the team means a lot.']] });
		await asker.get(gifts);
		await asker.post(`/p/${ids.best}/mark`, {});
		ids.anon = await postReply(anon, contact, 'Anonymously, about friend requests.', { anonymous: true,
			extra: [['script', 'I keep my social media private, but it was a real privilege to care for you.']] });
		ids.hidden = await postReply(cc, contact, 'A reply a moderator will hide.', { extra: [['script', 'Words in a hidden reply.']] });
		sql(srv.dbPath, `UPDATE posts SET state = 'hidden' WHERE id = ${ids.hidden}`);
	});
	after(async () => { await srv?.stop(); });

	test('every topic\'s best first, with a link to all and to the feed; hidden replies\' words nowhere', async () => {
		const raw = await (await fetch(`${srv.baseUrl}/scripts`)).text();
		assertValidHtml(raw, '/scripts');
		const html = decode(raw);
		assert.match(html, /<h1>Words nurses suggested<\/h1>/);
		assert.match(html, /<a href="\/scripts" aria-current="page">Words to say<\/a>/);
		const gifts = /<section class="script-topic">\n<h2><a href="\/scripts\?topic=gifts-money">Gifts &(amp;)?[^<]*<\/a> <span class="count">\(26\)<\/span><\/h2>[^]*?<\/section>/.exec(html);
		assert.ok(gifts, 'the gifts topic with its 26 scripts');
		const shown = [...gifts[0].matchAll(/<blockquote class="script"><p>([^<]*)<\/p>/g)].map((m) => m[1]);
		assert.equal(shown.length, 3);
		assert.match(shown[0], /^Thank you so much/, 'the one that helped the asker first');
		assert.match(gifts[0], /<a href="\/t\/gifts-money\/scripts.atom">Feed<\/a>/);
		assert.match(html, /From Anonymous \w+'s reply to “A patient asked to friend me online”/);
		assert.doesNotMatch(html, new RegExp(`Words in a hidden reply|${anon.handle}`));
	});

	test('one topic in pages: 20, then the rest through an opaque next link; forged links refused', async () => {
		const raw = await (await fetch(`${srv.baseUrl}/scripts?topic=gifts-money`)).text();
		assertValidHtml(raw, '/scripts?topic=');
		const first = decode(raw);
		const page1 = [...first.matchAll(/<blockquote class="script"><p>([^<]*)<\/p>/g)].map((m) => m[1]);
		assert.equal(page1.length, 20);
		const next = /<a href="([^"]*)" rel="next">More words<\/a>/.exec(first)[1];
		assert.doesNotMatch(next, /after=[\d,.-]+(&|$)/, 'the cursor says nothing');
		const second = decode(await (await fetch(srv.baseUrl + next)).text());
		const page2 = [...second.matchAll(/<blockquote class="script"><p>([^<]*)<\/p>/g)].map((m) => m[1]);
		assert.equal(page2.length, 6);
		assert.equal(new Set([...page1, ...page2]).size, 26, 'no script twice, none missing');
		assert.doesNotMatch(second, /rel="next"/);
		assert.equal((await fetch(`${srv.baseUrl}/scripts?topic=gifts-money&after=AAAA`)).status, 400);
		assert.equal((await fetch(`${srv.baseUrl}/scripts?topic=no-such-topic`)).status, 404);
		const json = await (await fetch(`${srv.baseUrl}/scripts?topic=gifts-money`, { headers: { accept: 'application/json' } })).json();
		assert.equal(json.scripts.length, 20);
		assert.ok(json.next_url);
	});

	test('filtered by specialty: only words from replies tagged with it', async () => {
		const html = decode(await (await fetch(`${srv.baseUrl}/scripts?topic=gifts-money&specialty=oncology`)).text());
		const shown = [...html.matchAll(/<blockquote class="script"><p>([^<]*)<\/p>/g)].map((m) => m[1]);
		assert.equal(shown.length, 13, 'the 12 even replies and the helpful one');
		assert.match(html, /<option value="oncology" selected>/);
		assert.equal((await fetch(`${srv.baseUrl}/scripts?specialty=nope`)).status, 404);
	});

	test('a topic\'s Atom feed: valid, newest first, anonymous words under their alias', async () => {
		const res = await fetch(`${srv.baseUrl}/t/contact-social-media/scripts.atom`);
		assert.equal(res.status, 200);
		assert.match(res.headers.get('content-type'), /application\/atom\+xml/);
		const xml = await res.text();
		assert.match(xml, /<title>Words nurses suggested: [^<]+<\/title>/);
		assert.match(xml, /<name>Anonymous \w+<\/name>/);
		assert.match(xml, /I keep my social media private/);
		assert.doesNotMatch(xml, new RegExp(`Words in a hidden reply|${anon.handle}`));
		const check = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
		assert.equal(check.status, 0, check.stderr);
		assert.equal((await fetch(`${srv.baseUrl}/t/nope/scripts.atom`)).status, 404);
	});
});

describe('moderators pick, hide and edit words like a post', () => {
	let srv, asker, nurse, mod, thread, reply, first, second;
	const words = (html) => [...decode(html).matchAll(/<blockquote class="script[^"]*" id="s(\d+)"><p>([^<]*)<\/p>/g)].map((m) => m[2]);
	before(async () => {
		srv = await startServer({ config: FAST });
		asker = await newMember(srv.baseUrl);
		nurse = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['critical-care'] });
		const m = await newMember(srv.baseUrl);
		assert.equal(spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', m.handle], { encoding: 'utf8' }).status, 0);
		mod = await login(srv.baseUrl, m.handle, `correct horse battery staple ${m.handle}`.split('').reverse().join(''));
		thread = await postDilemma(asker, { title: 'A colleague asked me to chart meds she gave' });
		await postReply(nurse, thread, 'An earlier reply with words.', { extra: [['script', 'I can only chart what I gave myself.']] });
		reply = await postReply(nurse, thread, 'Say it plainly.', {
			extra: [['script', 'I am not comfortable documenting care I did not give.'], ['script', 'Let us ask the charge nurse together.']] });
		[first, second] = sql(srv.dbPath, `SELECT group_concat(id, ' ') FROM post_scripts WHERE post_id = ${reply} ORDER BY position`).split(' ').map(Number);
	});
	after(async () => { await srv?.stop(); });

	const act = async (id, action, fields = {}, who = mod) => {
		await who.get(`/moderation/thread/${thread.slice(3)}`);
		return who.post(`/moderation/script/${id}/${action}`, { next: `/moderation/thread/${thread.slice(3)}`, ...fields });
	};

	test('the thread\'s tools list each post\'s words with their actions; a member may not act', async () => {
		const html = (await mod.get(`/moderation/thread/${thread.slice(3)}`)).body;
		assertValidHtml(html, 'moderation thread with scripts');
		assert.match(html, new RegExp(`<form class="inline-form" method="post" action="/moderation/script/${first}/pick">`));
		assert.match(html, new RegExp(`<label for="ms-text-${second}">Edit words 2</label>`));
		const r = await nurse.post(`/moderation/script/${first}/hide`, {});
		assert.equal(r.status, 403);
		assert.equal(sql(srv.dbPath, `SELECT state FROM post_scripts WHERE id = ${first}`), 'visible');
	});

	test('a pick puts the words first among the suggested ones, marked', async () => {
		const r = await act(second, 'pick');
		assert.equal(r.status, 303);
		assert.equal(r.location, `/moderation/thread/${thread.slice(3)}`);
		const html = (await asker.get(thread)).body;
		const suggested = /<section class="suggested-words"[^]*?<\/section>/.exec(html)[0];
		assert.match(decode(suggested), /<blockquote class="script"><p>Let us ask the charge nurse together\.<\/p><p class="script-badges"><span class="badge-pick">Moderator pick<\/span>/);
		assert.equal(sql(srv.dbPath, `SELECT action || ' ' || target_url FROM mod_audit ORDER BY id DESC LIMIT 1`), `pick-script ${thread}#s${second}`);
		await act(second, 'unpick');
		assert.equal(sql(srv.dbPath, `SELECT mod_pick FROM post_scripts WHERE id = ${second}`), '0');
	});

	test('hidden words leave the thread, the suggested words and /scripts; moderators still see them, marked', async () => {
		assert.equal((await act(first, 'hide')).status, 303);
		for (const page of [(await asker.get(thread)).body, await (await fetch(srv.baseUrl + thread)).text(),
			await (await fetch(`${srv.baseUrl}/scripts`)).text()])
			assert.ok(!decode(page).includes('I am not comfortable documenting'), 'hidden from readers');
		const modView = (await mod.get(thread)).body;
		assert.match(decode(modView), /<blockquote class="script script-hidden" id="s\d+"><p>I am not comfortable documenting care I did not give\.<\/p>[^]*Hidden by a moderator/);
		await act(first, 'show');
		assert.ok(words((await asker.get(thread)).body).includes('I am not comfortable documenting care I did not give.'));
	});

	test('its author cannot bring back words a moderator hid, nor see them to edit', async () => {
		const id = await postReply(nurse, thread, 'A reply with words a moderator will hide.', { extra: [['script', 'Words to be hidden.'], ['script', 'Words that stay.']] });
		const [hidden] = sql(srv.dbPath, `SELECT id FROM post_scripts WHERE post_id = ${id} AND position = 1`).split(' ').map(Number);
		assert.equal((await act(hidden, 'hide')).status, 303);
		const form = (await nurse.get(`/p/${id}/edit`)).body;
		assert.ok(!form.includes('Words to be hidden.'), 'the hidden words are not in the form');
		assert.match(form, /<textarea id="e-script-1" name="script" rows="2" maxlength="300">Words that stay\.<\/textarea>/);
		for (const pairs of [[['script', 'New words.'], ['script', 'Words to be hidden.']], [['script', 'Words to be hidden.']]]) {
			const r = await nurse.post(`/p/${id}/edit`, [['body', 'A reply with words a moderator will hide.'], ...pairs]);
			assert.equal(r.status, 303);
			assert.ok(!words((await asker.get(thread)).body).includes('Words to be hidden.'), JSON.stringify(pairs));
		}
		assert.equal(sql(srv.dbPath, `SELECT state FROM post_scripts WHERE id = ${hidden}`), 'hidden');
		const tooMany = await nurse.post(`/p/${id}/edit`, [['body', 'A reply with words a moderator will hide.'], ['script', 'One.'], ['script', 'Two.'], ['script', 'Three.']]);
		assert.equal(tooMany.status, 400, 'a hidden script keeps its place among the three');
		assert.match(decode(tooMany.body), /A moderator hid 1 of this reply's scripts: it can carry 2 more\./);
	});

	test('an edit replaces the words with a note for the audit log; bad edits are refused', async () => {
		assert.equal((await act(first, 'edit', { text: 'I am not comfortable documenting care I did not give.' })).status, 400, 'a note is needed');
		assert.equal((await act(first, 'edit', { text: 'x'.repeat(301), note: 'shortened' })).status, 400);
		assert.equal((await act(first, 'edit', { text: 'Fine words.', note: 'Mrs. Kowalski asked' })).status, 400, 'the note names no one');
		const r = await act(first, 'edit', { text: 'I can only document care I gave myself.', note: 'tightened the wording' });
		assert.equal(r.status, 303);
		assert.ok(words((await asker.get(thread)).body).includes('I can only document care I gave myself.'));
		assert.equal(sql(srv.dbPath, `SELECT action || ' ' || note FROM mod_audit ORDER BY id DESC LIMIT 1`), 'edit-script tightened the wording');
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM post_scripts WHERE text LIKE '%not comfortable%'`), '0');
		assert.equal((await act(999999, 'hide')).status, 404);
		assert.equal((await act(first, 'burn')).status, 404);
	});
});

describe('search finds words to say, and can be limited to them', () => {
	let srv, asker, nurse, thread, withWords, plain;
	const found = async (q) => {
		const r = await fetch(`${srv.baseUrl}/search?${q}`, { headers: { accept: 'application/json' } });
		assert.equal(r.status, 200, q);
		return (await r.json()).results.map((x) => x.post_id);
	};
	before(async () => {
		srv = await startServer({ config: FAST });
		asker = await newMember(srv.baseUrl);
		nurse = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['critical-care'] });
		thread = await postDilemma(asker, { title: 'A visitor asked where I live' });
		withWords = await postReply(nurse, thread, 'Deflect and change the subject.', { extra: [['script', 'I keep my home address private, thank you for understanding.']] });
		const other = await postDilemma(asker, { title: 'Another dilemma about a nosy visitor', topics: ['gifts-money'] });
		plain = await postReply(nurse, other, 'My home address is private, I would say so plainly.');
	});
	after(async () => { await srv?.stop(); });

	test('a word in a script finds its reply; "only words to say" finds scripts alone', async () => {
		assert.deepEqual(await found('q=understanding'), [withWords]);
		const both = await found('q=address');
		assert.ok(both.includes(withWords) && both.includes(plain), JSON.stringify(both));
		assert.deepEqual(await found('q=address&in=scripts'), [withWords]);
		const html = await (await fetch(`${srv.baseUrl}/search?q=address&in=scripts`)).text();
		assertValidHtml(html, 'search in scripts');
		assert.match(html, /<input type="checkbox" id="s-in-scripts" name="in" value="scripts" checked>/);
		assert.match(html, /I keep my home <mark>address<\/mark> private/);
		assert.equal((await fetch(`${srv.baseUrl}/search?q=address&in=titles`)).status, 400);
	});

	test('hidden words are not found; edited ones are found as they read now', async () => {
		const id = Number(sql(srv.dbPath, `SELECT id FROM post_scripts WHERE post_id = ${withWords}`));
		const m = await newMember(srv.baseUrl);
		assert.equal(spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', m.handle], { encoding: 'utf8' }).status, 0);
		const mod = await login(srv.baseUrl, m.handle, `correct horse battery staple ${m.handle}`.split('').reverse().join(''));
		await mod.get(`/moderation/thread/${thread.slice(3)}`);
		assert.equal((await mod.post(`/moderation/script/${id}/hide`, {})).status, 303);
		assert.deepEqual(await found('q=understanding'), []);
		assert.equal((await mod.post(`/moderation/script/${id}/show`, {})).status, 303);
		assert.equal((await mod.post(`/moderation/script/${id}/edit`, { text: 'My address stays private, with respect.', note: 'shorter' })).status, 303);
		assert.deepEqual(await found('q=understanding'), []);
		assert.deepEqual(await found('q=respect&in=scripts'), [withWords]);
	});
});
