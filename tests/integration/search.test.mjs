// search.test.mjs: search as nurses use it, against the real forumd: one result per thread,
// OR and -word, plain-text snippets, filters by topic, specialty, moderator pick and dates
// (each following the moderator's changes at once), sort, pages both ways, bad input.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, get, FORUMD_BIN } from './harness.mjs';
import { newMember, postDilemma, postReply, login } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const CONFIG = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'auth_attempts_per_client = 100000',
	'login_attempts_per_handle = 100000', 'new_member_limit_threads = 100', 'new_member_limit_replies = 500',
	'new_member_review = 0'];

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('search', () => {
	let srv, a, b, mod;
	const search = async (query, status = 200) => {
		const r = await get(`${srv.baseUrl}/search?${query}`, { json: true });
		assert.equal(r.status, status, `${query}: ${r.status} ${r.body.slice(0, 300)}`);
		return JSON.parse(r.body);
	};
	const titles = (m) => m.results.map((r) => r.thread_title).sort();

	before(async () => {
		srv = await startServer({ config: CONFIG });
		[a, b] = await Promise.all([newMember(srv.baseUrl), newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['pediatrics'] })]);
		const m = await newMember(srv.baseUrl);
		const promoted = spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', m.handle], { encoding: 'utf8' });
		assert.equal(promoted.status, 0, promoted.stderr);
		mod = await login(srv.baseUrl, m.handle, `correct horse battery staple ${m.handle}`.split('').reverse().join(''));
	});
	after(async () => { await srv?.stop(); });

	test('one result per thread, with its number of matching posts; OR and -word', async () => {
		const apple = await postDilemma(a, { title: 'Quorble gift from a family', body: 'They left a quorble apple basket at the desk for the whole unit.' });
		await postReply(b, apple, 'A quorble basket shared with the unit is usually fine.');
		await postReply(b, apple, 'Thank them for the quorble and share it.');
		await postDilemma(a, { title: 'Quorble cash in a card', body: 'The card held quorble banana cash, which I cannot keep at all.' });
		let m = await search('q=quorble');
		assert.equal(m.results.length, 2, 'two threads, not four posts');
		const appleRow = m.results.find((r) => r.thread_title.startsWith('Quorble gift'));
		assert.equal(appleRow.matches, 3);
		assert.equal(appleRow.matches_label, '3 matching posts');
		assert.deepEqual(titles(await search('q=apple+OR+banana')), ['Quorble cash in a card', 'Quorble gift from a family']);
		assert.deepEqual(titles(await search('q=quorble+-banana')), ['Quorble gift from a family']);
		assert.deepEqual(titles(await search('q=quorble+-%22banana+cash%22')), ['Quorble gift from a family']);
		assert.deepEqual(titles(await search('q=quorble+apple+OR+banana')), ['Quorble cash in a card', 'Quorble gift from a family']);
		m = await search('q=-quorble');
		assert.equal(m.searched, false, 'only words to leave out is no search');
		assert.match(m.message, /leave out/);
	});

	test('snippets are the words a reader sees, not markdown', async () => {
		await postDilemma(a, { title: 'A snippet check', body: 'I said **no thank you zibbet** and gave [the policy](https://example.org/zibbet-policy) to her.\n\n> quoted zibbet words' });
		const m = await search('q=zibbet');
		const s = m.results[0].snippet;
		assert.match(s, /no thank you zibbet/);
		assert.doesNotMatch(s, /\*\*|\]\(|https:|^>/, `plain: ${s}`);
		assert.match(m.results[0].snippet_html, /<mark>zibbet<\/mark>/);
	});

	test('topic, specialty and moderator-pick filters follow the moderator at once', async () => {
		const path = await postDilemma(a, { title: 'Florrin question', body: 'A florrin question about a patient who follows me online.', topics: ['contact-social-media'] });
		const id = path.split('/').pop();
		const reply = await postReply(b, path, 'I would block and report the florrin account.', { specialties: ['pediatrics'] });
		await postDilemma(b, { title: 'Another florrin story', body: 'A florrin story about cards and gifts at discharge.', topics: ['gifts-money'] });
		assert.deepEqual(titles(await search('q=florrin&topic=contact-social-media')), ['Florrin question']);
		assert.deepEqual(titles(await search('q=florrin&specialty=pediatrics')), ['Florrin question']);
		assert.deepEqual(titles(await search('q=florrin&picked=1')), []);

		assert.equal((await mod.post(`/moderation/thread/${id}/topics`, [['topic', 'gifts-money']])).status, 303);
		assert.deepEqual(titles(await search('q=florrin&topic=contact-social-media')), [], 'the old topic no longer finds it');
		assert.deepEqual(titles(await search('q=florrin&topic=gifts-money')), ['Another florrin story', 'Florrin question']);

		assert.equal((await mod.post(`/moderation/post/${reply}/pick`, { note: 'clear and kind' })).status, 303);
		let m = await search('q=florrin&picked=1');
		assert.deepEqual(titles(m), ['Florrin question']);
		assert.equal(m.picked, true, 'the box stays ticked');
		assert.deepEqual(titles(await search('q=florrin&picked=1&topic=gifts-money&specialty=pediatrics')), ['Florrin question']);
		assert.equal((await mod.post(`/moderation/post/${reply}/hide`, { reason: 'contains patient identifiers' })).status, 303);
		assert.deepEqual(titles(await search('q=florrin&picked=1')), [], 'a hidden pick is no pick');
		assert.deepEqual(titles(await search('q=florrin&specialty=pediatrics')), [], 'nor a hidden reply a specialty');
		assert.equal((await mod.post(`/moderation/post/${reply}/restore`, {})).status, 303);
		assert.deepEqual(titles(await search('q=florrin&picked=1')), ['Florrin question']);
		assert.equal((await mod.post(`/moderation/post/${reply}/unpick`, {})).status, 303);
		assert.deepEqual(titles(await search('q=florrin&picked=1')), []);
	});

	test('a date range: posts written between two days', async () => {
		await postDilemma(a, { title: 'Glimmet today', body: 'A glimmet written today about a gift.' });
		assert.deepEqual(titles(await search(`q=glimmet&from=${day(0)}&to=${day(0)}`)), ['Glimmet today']);
		assert.deepEqual(titles(await search(`q=glimmet&from=${day(-30)}`)), ['Glimmet today']);
		assert.deepEqual(titles(await search(`q=glimmet&to=${day(-1)}`)), [], 'nothing written by yesterday');
		assert.deepEqual(titles(await search(`q=glimmet&from=${day(1)}`)), [], 'nothing written from tomorrow');
		const m = await search(`q=glimmet&from=${day(-2)}&sort=newest`);
		assert.equal(m.from, day(-2), 'the date stays in the form');
	});

	test('pages both ways keep the filters and the sort', async () => {
		for (let i = 0; i < 23; i++) await postDilemma(b, { title: `Pellucid thread ${String(i).padStart(2, '0')}`, body: `A pellucid question number ${i} about visiting hours.`, topics: ['other'] });
		const first = await search(`q=pellucid&topic=other&from=${day(-1)}&sort=newest`);
		assert.equal(first.results.length, 20);
		assert.equal(first.prev_url, null);
		assert.match(first.next_url, /^\/search\?q=pellucid&topic=other&from=\d{4}-\d\d-\d\d&sort=newest&page=2$/);
		const second = await search(first.next_url.slice('/search?'.length));
		assert.equal(second.results.length, 3);
		assert.equal(second.next_url, null);
		assert.equal(second.prev_url, first.next_url.replace('page=2', 'page=1'));
		const back = await search(second.prev_url.slice('/search?'.length));
		assert.deepEqual(back.results.map((r) => r.url), first.results.map((r) => r.url));
		const all = [...first.results, ...second.results].map((r) => r.thread_title);
		assert.equal(new Set(all).size, 23, 'no thread twice across pages');
		assert.equal(all[0], 'Pellucid thread 22', 'newest first');
	});

	test('bad input: a 400 that names the field and keeps the form', async () => {
		const cases = [
			['q=gift&from=2024-02-30', /"From" date/],
			['q=gift&to=yesterday', /"To" date/],
			[`q=gift&from=${day(0)}&to=${day(-3)}`, /must not be after/],
			['q=gift&picked=yes', /moderator pick/],
			['q=gift&topic=nope', /no such topic/],
			['q=gift&specialty=nope', /no such specialty/],
			['q=gift&sort=oldest', /relevance/],
		];
		for (const [query, message] of cases) {
			const m = await search(query, 400);
			assert.match(m.message, message, query);
			assert.equal(m.q, 'gift', `${query} keeps the words`);
		}
		const kept = await search('q=gift&from=2024-02-30&picked=1', 400);
		assert.equal(kept.from, '2024-02-30');
		assert.equal(kept.picked, true);
		for (const p of ['0', '51', 'x', '-1']) assert.equal((await get(`${srv.baseUrl}/search?q=gift&page=${p}`)).status, 400, `page=${p}`);
		const page = await get(`${srv.baseUrl}/search?q=gift&from=2024-02-30`);
		assert.equal(page.status, 400);
		assertValidHtml(page.body, 'search with a bad date');
		assert.match(page.body, /value="2024-02-30"/);
		for (const q of ['OR', 'a OR', '-', '- -', '"-x"', 'x -"', 'NOT -OR', '-"a b" OR c']) {
			const r = await get(`${srv.baseUrl}/search?q=${encodeURIComponent(q)}`);
			assert.equal(r.status, 200, `${q}: ${r.status}`);
		}
	});
});
