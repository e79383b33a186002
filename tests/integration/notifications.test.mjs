// notifications.test.mjs: a member's notifications (replies to their dilemmas, replies
// after theirs, replies in threads they follow, quotes, @handle mentions, picks, the
// asker's "this helped me", batched helpful marks, a moderator's hide or edit), the
// header's count and the page's "seen" mark; anonymous posts notify their author without
// the database tying them together; a mention from an anonymous post does not name its
// author; @handle of a member is no privacy-guard match; the private Atom feed at a secret,
// revocable address that the database and the request log never hold.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, get, htmlDecode, FORUMD_BIN } from './harness.mjs';
import { newMember, postDilemma, postReply, login } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const sql = (db, q) => spawnSync('sqlite3', [db, q], { encoding: 'utf8' }).stdout.trim();
const notes = async (m) => JSON.parse((await m.get('/notifications', { json: true })).body);
/* Times are in seconds, and what happened in the second of a look counts as seen: events
 * that must read as new wait for the next second after the last look. */
const nextSecond = () => new Promise((ok) => setTimeout(ok, 1000 - (Date.now() % 1000) + 20));
const headerCount = async (m) => {
	const page = (await m.get('/topics')).body;
	const hit = /href="\/notifications"[^>]*>Notifications(?: <span class="badge">(\d+))?/.exec(page);
	assert.ok(hit, 'the header links to notifications');
	return Number(hit[1] ?? 0);
};

describe('notifications', () => {
	let srv, a, b, c, mod, thread;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_replies = 100',
			'new_member_limit_threads = 100', 'log_requests = true'] });
		[a, b, c, mod] = await Promise.all([1, 2, 3, 4].map(() => newMember(srv.baseUrl)));
		assert.equal(spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', mod.handle]).status, 0);
		mod = await login(srv.baseUrl, mod.handle, `correct horse battery staple ${mod.handle}`.split('').reverse().join(''));
		thread = await postDilemma(a, { title: 'A patient keeps asking me out' });
	});
	after(async () => { await srv?.stop(); });

	test('replies to my dilemma come batched, counted in the header until I look', async () => {
		assert.equal(await headerCount(a), 0);
		const r1 = await postReply(b, thread, 'Say no kindly, and tell the charge nurse.');
		await postReply(c, thread, 'Document it, and ask to be reassigned if it goes on.');
		assert.equal(await headerCount(a), 1, 'one notification: two replies, batched');
		const n = await notes(a);
		assert.equal(n.notifications.length, 1);
		const [first] = n.notifications;
		assert.equal(first.kind, 'replies-mine');
		assert.equal(first.text, '2 replies to your dilemma');
		assert.equal(first.title, 'A patient keeps asking me out');
		assert.equal(first.url, `${thread}#p${r1}`);
		assert.equal(first.new, true);
		assert.equal(n.lede, '1 new notification.');
		assert.equal(await headerCount(a), 0, 'opening the page marks them seen');
		assert.equal((await notes(a)).notifications[0].new, false, 'still listed, no longer new');
		const page = (await a.get('/notifications')).body;
		assertValidHtml(page, 'notifications page');
		assert.match(page, /aria-current="page">Notifications/);
		assert.match(page, /Nothing new since you last looked\. From the last 30 days/);
		assert.match(page, /action="\/notifications\/feed"><input type="hidden" name="csrf" value="[^"]+">/, 'the form carries its token');
	});

	test('replies after mine, and in a thread I follow', async () => {
		const other = await postDilemma(c, { title: 'A relative of a patient offered me money' });
		await postReply(b, other, 'Never accept: thank them and decline.');
		await c.get(other);
		assert.equal((await c.post(`${other}/follow`, {})).status, 409, 'the asker cannot follow');
		await a.get(other);
		assert.equal((await a.post(`${other}/follow`, {})).status, 303);
		await notes(b);   /* seen up to now */
		await nextSecond();
		await postReply(c, other, 'Thank you both, I declined.');
		const forB = (await notes(b)).notifications.find((x) => x.kind === 'replies-joined');
		assert.equal(forB.text, '1 reply after yours in');
		const forA = (await notes(a)).notifications.find((x) => x.kind === 'replies-followed');
		assert.equal(forA.text, '1 reply in a dilemma you follow:');
		assert.equal(forA.new, true);
	});

	test('an anonymous dilemma\'s and reply\'s author is told, and nothing stored ties them', async () => {
		const anon = await postDilemma(b, { title: 'Anonymously: a coworker films patients', anonymous: true });
		const mine = await postReply(c, anon, 'I would report it to the manager today.', { anonymous: true, showTags: false });
		await postReply(a, anon, 'Report it: this is a privacy breach.');
		const forB = (await notes(b)).notifications.find((x) => x.url.startsWith(anon));
		assert.equal(forB.kind, 'replies-mine');
		assert.equal(forB.count, 2);
		// the anonymous reply's author learns of a pick, a helpful mark and a moderator's edit
		await a.get(anon);
		assert.equal((await a.post(`/p/${mine}/helpful`)).status, 303);
		await mod.get(`/moderation/thread/${anon.split('/').pop()}`);
		assert.equal((await mod.post(`/moderation/post/${mine}/pick`, { note: 'clear and safe' })).status, 303);
		assert.equal((await mod.post(`/moderation/post/${mine}/edit`, { body: 'I would report it to the manager.', note: 'shortened' })).status, 303);
		const forC = (await notes(c)).notifications;
		const kinds = forC.filter((x) => x.url === `${anon}#p${mine}`).map((x) => x.kind).sort();
		assert.deepEqual(kinds, ['edited', 'helpful', 'pick']);
		assert.equal(forC.find((x) => x.kind === 'edited').note, 'shortened');
		assert.equal(forC.find((x) => x.kind === 'pick').note, 'clear and safe');
		assert.equal(forC.find((x) => x.kind === 'helpful').text, '1 nurse found your post helpful in');
		// the database: the anonymous posts keep no member id, and no table names their authors
		const id = anon.split('/').pop();
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM posts WHERE thread_id = ${id} AND anonymous = 1 AND member_id IS NOT NULL`), '0');
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM mentions WHERE post_id IN (SELECT id FROM posts WHERE thread_id = ${id})`), '0');
		// another member sees none of it
		assert.equal((await notes(a)).notifications.some((x) => x.url === `${anon}#p${mine}`), false);
	});

	test('helpful marks are batched; the asker\'s mark and a hide are told', async () => {
		const t = await postDilemma(c, { title: 'A patient asked for my home address' });
		const reply = await postReply(a, t, 'Say that you keep work and home apart.');
		for (const m of [b, c, mod]) {
			await m.get(t);
			assert.equal((await m.post(`/p/${reply}/helpful`)).status, 303);
		}
		assert.equal((await c.post(`/p/${reply}/mark`)).status, 303);
		await mod.get(t);
		await nextSecond();   /* a looked at the list in an earlier test */
		assert.equal((await mod.post(`/moderation/post/${reply}/hide`, { reason: 'off-topic' })).status, 303);
		const forA = (await notes(a)).notifications;
		const mine = forA.filter((x) => x.url === `${t}#p${reply}`);
		assert.equal(mine.find((x) => x.kind === 'helpful').text, '3 nurses found your post helpful in');
		assert.ok(mine.find((x) => x.kind === 'marked'));
		const hidden = forA.find((x) => x.kind === 'hidden');
		assert.equal(hidden.url, `${t}#p${reply}`);
		assert.equal(hidden.note, 'off-topic');
		assert.equal(hidden.new, true);
	});

	test('quotes and @handle mentions; an anonymous mention does not name its author', async () => {
		const t = await postDilemma(b, { title: 'A patient found me online' });
		const mine = await postReply(a, t, 'Block them, and tell your manager what happened.');
		const q = await postReply(c, t, 'Agreed, and keep a note of it.', { quote: { id: mine, text: 'Block them' } });
		const named = await postReply(c, t, `@${a.handle} is right about the manager.`);
		const hidden = await postReply(b, t, `I messaged @${a.handle} about this and she agreed.`, { anonymous: true, showTags: false });
		const list = (await notes(a)).notifications;
		const quote = list.find((x) => x.kind === 'quote');
		assert.equal(quote.url, `${t}#p${q}`);
		assert.equal(quote.text, `${c.handle} quoted your post in`);
		const mentions = list.filter((x) => x.kind === 'mention');
		assert.deepEqual(mentions.map((x) => x.url).sort(), [`${t}#p${named}`, `${t}#p${hidden}`].sort());
		const anonMention = mentions.find((x) => x.url === `${t}#p${hidden}`);
		assert.match(anonMention.text, /^Anonymous [A-Z][a-z]+ mentioned you in$/);
		assert.ok(!JSON.stringify(list).includes(b.handle), 'the anonymous author stays unnamed');
		// the mention row names who was mentioned, never who wrote it
		assert.equal(sql(srv.dbPath, `SELECT group_concat(member_id) FROM mentions WHERE post_id = ${hidden}`),
			sql(srv.dbPath, `SELECT id FROM members WHERE handle = '${a.handle}'`));
		// a self-mention is kept too (a missing row would tell who wrote it), but not notified
		const self = await postReply(a, t, `As @${a.handle} said above, block them.`, { anonymous: true, showTags: false });
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM mentions WHERE post_id = ${self}`), '1');
		assert.equal((await notes(a)).notifications.some((x) => x.url === `${t}#p${self}`), false);
	});

	test('@handle of a member is no privacy-guard match; of no member it still is', async () => {
		const t = await postDilemma(c, { title: 'Sharing a shift swap' });
		await b.get(t);
		const ok = await b.post(`${t}/reply`, { body: `I messaged @${a.handle} and she can swap with you.` });
		assert.equal(ok.status, 303);
		const refused = await b.post(`${t}/reply`, { body: 'I messaged @kayla_jones_91 and she can swap with you.' });
		assert.equal(refused.status, 422, 'a handle of someone elsewhere');
		const network = await b.post(`${t}/reply`, { body: `Her insta is @${a.handle} and she posts the rota there.` });
		assert.equal(network.status, 422, 'a handle named with a network stays a match, even when a member has it');
	});

	test('a dilemma hidden by a moderator: its author is told why; only listed threads notify', async () => {
		const t = await postDilemma(c, { title: 'A dilemma a moderator will hide' });
		await postReply(a, t, 'A reply in a thread whose dilemma is about to be hidden.');
		await notes(c);
		await nextSecond();
		const id = t.split('/').pop();
		const dilemma = sql(srv.dbPath, `SELECT id FROM posts WHERE thread_id = ${id} AND kind = 'dilemma'`);
		await mod.get(t);
		assert.equal((await mod.post(`/moderation/post/${dilemma}/hide`, { reason: 'identifies a colleague' })).status, 303);
		const hidden = (await notes(c)).notifications.find((x) => x.kind === 'hidden' && x.url === `${t}#p${dilemma}`);
		assert.equal(hidden.note, 'identifies a colleague');
		assert.equal(hidden.new, true);
		// a thread that is not listed (held, here) tells nobody of replies in it
		const before = (await notes(c)).notifications.filter((x) => x.kind === 'replies-mine' && x.url.startsWith(t));
		assert.equal(before.length, 1);
		sql(srv.dbPath, `UPDATE threads SET state = 'held' WHERE id = ${id}`);
		assert.equal((await notes(c)).notifications.filter((x) => x.kind === 'replies-mine' && x.url.startsWith(t)).length, 0);
		assert.ok((await notes(c)).notifications.find((x) => x.kind === 'hidden' && x.url === `${t}#p${dilemma}`),
			'a moderator\'s action on one\'s own post is told in any thread');
		sql(srv.dbPath, `UPDATE threads SET state = 'visible' WHERE id = ${id}`);
	});

	test('the last look is written on every view, news or not; an erased post\'s mentions go', async () => {
		await notes(b);
		await nextSecond();
		const before = Number(sql(srv.dbPath, `SELECT notes_seen_at FROM members WHERE handle = '${b.handle}'`));
		assert.equal((await notes(b)).new_count, 0);
		assert.ok(Number(sql(srv.dbPath, `SELECT notes_seen_at FROM members WHERE handle = '${b.handle}'`)) > before);
		const t = await postDilemma(c, { title: 'A thread with a mention to erase' });
		const p = await postReply(b, t, `@${a.handle} had the same, ask her.`);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM mentions WHERE post_id = ${p}`), '1');
		await b.get(`/p/${p}/delete`);
		assert.equal((await b.post(`/p/${p}/delete`, { confirm: '1' })).status, 303);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM mentions WHERE post_id = ${p}`), '0');
	});

	test('the private feed: shown once, only a keyed hash stored, never logged, revocable', async () => {
		let page = (await a.get('/notifications')).body;
		assert.match(page, /Make a private feed address/);
		const made = await a.post('/notifications/feed', {});
		assert.equal(made.status, 200);
		assertValidHtml(made.body, 'new feed page');
		const url = htmlDecode(/id="feed-url" type="text" readonly value="([^"]+)"/.exec(made.body)[1]);
		const key = new URL(url).searchParams.get('key');
		assert.match(key, /^[A-Za-z0-9_-]{43}$/);
		const feed = await get(`${srv.baseUrl}/notifications/feed?key=${key}`);
		assert.equal(feed.status, 200);
		assert.match(feed.headers.get('content-type'), /application\/atom\+xml/);
		assert.match(feed.headers.get('cache-control'), /no-store/);
		assert.match(feed.body, /<entry>[^]*found your post helpful/);
		assert.equal((feed.body.match(/<entry>/g) ?? []).length, (await notes(a)).notifications.length);
		const ids = [...feed.body.matchAll(/<entry>\n<id>([^<]+)<\/id>/g)].map((m) => m[1]);
		assert.equal(new Set(ids).size, ids.length, 'every entry has its own id');
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM notify_feeds'), '1');
		const dump = spawnSync('sqlite3', [srv.dbPath, '.dump'], { encoding: 'utf8' }).stdout;
		assert.ok(!dump.includes(key), 'the secret is not in the database');
		assert.ok(!srv.stderr().includes(key), 'nor in the request log');
		assert.match(srv.stderr(), /GET \/notifications\/feed 200/);
		page = (await a.get('/notifications')).body;
		assert.match(page, /You have a private feed/);
		assert.ok(!page.includes(key), 'not shown again');
		// a new address ends the old one; stopping ends both
		const again = await a.post('/notifications/feed', {});
		const key2 = new URL(htmlDecode(/value="([^"]+)"/.exec(again.body.slice(again.body.indexOf('feed-url')))[1])).searchParams.get('key');
		assert.equal((await get(`${srv.baseUrl}/notifications/feed?key=${key}`)).status, 404);
		assert.equal((await get(`${srv.baseUrl}/notifications/feed?key=${key2}`)).status, 200);
		assert.equal((await a.post('/notifications/feed', { stop: '1' })).status, 303);
		assert.equal((await get(`${srv.baseUrl}/notifications/feed?key=${key2}`)).status, 404);
		assert.equal((await get(`${srv.baseUrl}/notifications/feed?key=nonsense`)).status, 404);
		assert.equal((await get(`${srv.baseUrl}/notifications/feed`)).status, 404);
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM notify_feeds'), '0');
		// signing out every other session (as a new password or a recovery does) ends it too
		const key3 = new URL(htmlDecode(/id="feed-url" type="text" readonly value="([^"]+)"/.exec((await a.post('/notifications/feed', {})).body)[1])).searchParams.get('key');
		assert.equal((await get(`${srv.baseUrl}/notifications/feed?key=${key3}`)).status, 200);
		await a.get('/account/sessions');
		assert.equal((await a.post('/account/sessions/end', { session: 'others' })).status, 303);
		assert.equal((await get(`${srv.baseUrl}/notifications/feed?key=${key3}`)).status, 404);
	});

	test('signed out: the page asks to sign in; the feed form needs a member', async () => {
		const r = await get(`${srv.baseUrl}/notifications`);
		assert.ok([302, 303, 401].includes(r.status), `got ${r.status}`);
		assert.notEqual((await get(`${srv.baseUrl}/notifications`)).status, 200);
	});
});
