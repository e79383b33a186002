// visibility.test.mjs: one owner decides what a reader may see. A dilemma and a reply in each
// state (visible, held, hidden by a moderator, removed by the author) each carry a marker word;
// every reader-facing surface (HTML, its JSON, Atom) is crawled as a visitor, a member, the
// author and a moderator, and the marker must show up for exactly those who may see that text.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, FORUMD_BIN } from './harness.mjs';
import { newMember, Member, postDilemma, postReply, LONG_BODY } from './members.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const CONFIG = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'new_member_review = 0',
	'auth_attempts_per_client = 100000', 'new_member_limit_threads = 100', 'new_member_limit_replies = 500'];
const IDENTIFYING = 'Mrs. Lopez in bed 4B, DOB 03/14/1951, asked me to call her daughter at 555-201-3344.';
const STATES = ['visible', 'held', 'hidden', 'removed'];
/* Who may see a text in each state, anywhere a reader can look (the review queue included). */
const MAY_SEE = {
	visible: ['visitor', 'member', 'author', 'moderator'],
	held: ['author', 'moderator'],
	hidden: [],
	removed: [],
};

/* Each text's marker follows the word "quokka", which search looks for (searching for the
 * marker itself would echo it back in the search box). */
const marker = (kind, state) => `zq${state}${kind}`;
const marked = (kind, state) => `quokka ${marker(kind, state)}`;

describe('visibility: every surface shows a text to exactly those who may see it', () => {
	let srv, viewers, author, posts = [], threads = [];

	before(async () => {
		srv = await startServer({ config: CONFIG });
		const [moderator, member, replier] = await Promise.all([1, 2, 3].map(() => newMember(srv.baseUrl)));
		author = await newMember(srv.baseUrl);
		spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', moderator.handle], { encoding: 'utf8' });
		viewers = { visitor: new Member(srv.baseUrl), member, author, moderator };
		const dilemma = (state) => ({ title: `A dilemma that ends up ${state} ${marker('title', state)}`, topics: ['gifts-money'],
			specialty: 'critical-care', body: `${LONG_BODY} ${marked('dilemma', state)}` });
		const idOf = (thread) => Number(spawnSync('sqlite3', [srv.dbPath,
			`SELECT id FROM posts WHERE thread_id = ${thread.split('/').pop()} AND kind = 'dilemma'`], { encoding: 'utf8' }).stdout);

		/* visible, hidden and removed dilemmas, each with a reply from someone else */
		for (const state of ['visible', 'hidden', 'removed']) {
			const path = await postDilemma(author, dilemma(state));
			await postReply(replier, path, 'I would tell my manager and keep it short.', { showTags: false });
			posts.push({ kind: 'dilemma', state, id: idOf(path), thread: path });
			threads.push(path);
		}
		/* a dilemma held by the privacy guard (its author chose to post anyway) */
		await author.get('/new');
		const d = dilemma('held');
		const held = await author.post('/new', [['title', d.title], ['body', `${IDENTIFYING} ${d.body}`],
			['topic', 'gifts-money'], ['specialty', 'critical-care'], ['guard_ack', '1']]);
		assert.equal(held.status, 303);
		posts.push({ kind: 'dilemma', state: 'held', id: idOf(held.location), thread: held.location });
		threads.push(held.location);

		/* replies in each state, in the visible thread */
		const open = threads[0];
		for (const state of ['visible', 'hidden', 'removed'])
			posts.push({ kind: 'reply', state, thread: open,
				id: await postReply(author, open, `My view on this one: ${marked('reply', state)}`, { showTags: false }) });
		await author.get(open);
		const r = await author.post(`${open}/reply`, { body: `${IDENTIFYING} ${marked('reply', 'held')}`, guard_ack: '1' });
		assert.equal(r.status, 303);
		posts.push({ kind: 'reply', state: 'held', thread: open, id: Number(/#p(\d+)$/.exec(r.location)[1]) });

		await moderator.get('/moderation');
		for (const p of posts.filter((x) => x.state === 'hidden'))
			assert.equal((await moderator.post(`/moderation/post/${p.id}/hide`, { reason: 'contains patient identifiers' })).status, 303);
		for (const p of posts.filter((x) => x.state === 'removed')) {
			await author.get(`/p/${p.id}/edit`);
			assert.equal((await author.post(`/p/${p.id}/delete`, { confirm: '1' })).status, 303);
		}
		const states = spawnSync('sqlite3', [srv.dbPath, `SELECT group_concat(id || ':' || state) FROM posts`], { encoding: 'utf8' }).stdout;
		for (const p of posts) assert.match(states, new RegExp(`\\b${p.id}:${p.state}\\b`), `post ${p.id} is ${p.state}`);
	});
	after(async () => { await srv?.stop(); });

	/* Every reader-facing surface, with the JSON of each HTML page. */
	function surfaces() {
		const pages = ['/', '/unanswered', '/t/gifts-money', '/s/critical-care', '/curated', '/inbox',
			'/moderation', `/u/${author.handle}`, ...threads, ...threads.map((t) => `${t}?sort=oldest`),
			...posts.flatMap((p) => [`/p/${p.id}/flag`, `/p/${p.id}/edit`]),
			'/search?q=quokka'];
		const feeds = ['/feed.atom', '/t/gifts-money/feed.atom', '/s/critical-care/feed.atom', '/curated/feed.atom'];
		return [...pages, ...pages.map((p) => `${p}${p.includes('?') ? '&' : '?'}format=json`), ...feeds];
	}

	for (const state of STATES) {
		/* a hidden or removed dilemma keeps its thread, and so its title, public */
		for (const kind of state === 'held' ? ['dilemma', 'reply', 'title'] : ['dilemma', 'reply']) {
			test(`a ${state} ${kind}: its text reaches ${MAY_SEE[state].join(', ') || 'no one'}`, async () => {
				const word = marker(kind, state);
				for (const [who, m] of Object.entries(viewers)) {
					const seenAt = [];
					for (const path of surfaces()) {
						const r = await m.get(path);
						if (r.body.includes(word)) seenAt.push(`${path} (${r.status})`);
					}
					if (MAY_SEE[state].includes(who)) assert.ok(seenAt.length > 0, `${who} should see ${word}`);
					else assert.deepEqual(seenAt, [], `${who} must not see ${word}`);
				}
			});
		}
	}
});
