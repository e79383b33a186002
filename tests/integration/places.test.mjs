// places.test.mjs: where nurses practise (issue 14). The places table a fresh database gets
// (migration 0017, made by tools/places.py from Debian's iso-codes): every country, and the
// states, provinces and territories of the countries whose nurses are licensed by them; a
// member's place on the profile, and the place posts show (named: with the tags; anonymous:
// only what anon_tag_k members share, coarsened to the country or left out).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer } from './harness.mjs';
import { newMember, postDilemma, postReply } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

function sql(db, q) {
	const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, q], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

describe('places', () => {
	let srv;
	before(async () => { srv = await startServer(); });
	after(async () => { await srv?.stop(); });

	test('every country, and the states and provinces of the United States, Canada and Australia', () => {
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM places WHERE code = country'), '249');
		assert.equal(sql(srv.dbPath, "SELECT country || ' ' || count(*) FROM places WHERE code <> country GROUP BY country ORDER BY 1"),
			'AU 8\nCA 13\nUS 56');
		assert.equal(sql(srv.dbPath, "SELECT name FROM places WHERE code IN ('US-OH', 'US-DC', 'US-PR', 'CA-ON', 'AU-NSW') ORDER BY code"),
			'New South Wales\nOntario\nDistrict of Columbia\nOhio\nPuerto Rico');
		assert.equal(sql(srv.dbPath, "SELECT count(*) FROM places WHERE code = 'US-UM'"), '0', 'no uninhabited islands');
		assert.equal(sql(srv.dbPath, "SELECT name FROM places WHERE code IN ('BO', 'KR') ORDER BY code"), 'Bolivia\nSouth Korea',
			'names as readers know them');
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM places s LEFT JOIN places c ON c.code = s.country WHERE c.code IS NULL OR c.code <> c.country'),
			'0', 'every state\'s country is a country');
		assert.equal(sql(srv.dbPath, "SELECT group_concat(code, ' ') FROM (SELECT code FROM places ORDER BY sort LIMIT 3)"), 'AF AX AL',
			'sorted as readers expect (Åland among the A\'s)');
	});
});

const FAST = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'auth_attempts_per_client = 100000',
	'new_member_review = 0', 'new_member_limit_threads = 100', 'new_member_limit_replies = 500', 'anon_tag_k = 2'];
const article = (html, id) => new RegExp(`<article[^>]*id="p${id}"[^]*?</article>`).exec(html)[0];
const radios = (html) => [...html.matchAll(/<input type="radio" id="(?:reply|d)-anon-tags-\d+" name="anon_tags" value="([^"]*)"( checked)?/g)]
	.map((m) => (m[2] ? '*' : '') + m[1].replace(/&#124;|&vert;/g, '|'));

describe('where you practise', () => {
	let srv, ohio, ohio2, kentucky, asker, thread;
	before(async () => {
		srv = await startServer({ config: FAST });
		ohio = await newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['critical-care'], place: 'US-OH' });
		ohio2 = await newMember(srv.baseUrl, { cred: ['ADN', 'RN'], specialties: ['critical-care'], place: 'US-OH' });
		kentucky = await newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['oncology'], place: 'US-KY' });
		asker = await newMember(srv.baseUrl);
		thread = await postDilemma(asker, { title: 'A patient asked me to witness her will' });
	});
	after(async () => { await srv?.stop(); });

	test('the profile form offers every place in groups, keeps the choice and shows it on the profile', async () => {
		const form = (await ohio.get('/account/profile')).body;
		assertValidHtml(form, 'profile form');
		assert.match(form, /<label for="place">Where you practise<\/label>/);
		assert.match(form, /<optgroup label="United States">\n<option value="US">United States, no state or province<\/option>/);
		assert.match(form, /<option value="US-OH" selected>Ohio<\/option>/);
		assert.match(form, /<optgroup label="Canada">[^]*<option value="CA-ON">Ontario<\/option>/);
		assert.match(form, /<optgroup label="Other countries">[^]*<option value="GB">United Kingdom<\/option>/);
		assert.equal((form.match(/<option value="[A-Z]{2}[-A-Z0-9]*"/g) || []).length, 249 + 77);
		const page = (await asker.get(`/u/${ohio.handle}`)).body;
		assert.match(page, /Practises in Ohio, United States/);
		const json = JSON.parse((await asker.get(`/u/${ohio.handle}`, { json: true })).body);
		assert.deepEqual(json.place, { code: 'US-OH', name: 'Ohio', full_name: 'Ohio, United States' });
		assert.equal(sql(srv.dbPath, `SELECT place FROM members WHERE handle = '${ohio.handle}'`), 'US-OH');
	});

	test('an unknown place is refused: 400 naming the field, what was typed kept, nothing saved', async () => {
		for (const bad of ['XX', 'US-ZZ', 'us-oh', "US-OH'--", 'U'.repeat(40)]) {
			await ohio.get('/account/profile');
			const r = await ohio.post('/account/profile', [['cred', 'RN'], ['spec', 'cardiac'], ['place', bad],
				['bio', 'Night shift on a cardiac step-down unit.']]);
			assert.equal(r.status, 400, bad);
			assert.match(r.body, /<select id="place" name="place" aria-describedby="place-hint place-error" aria-invalid="true">/);
			assert.match(r.body, /id="place-error">Choose where you practise from the list\./);
			assert.match(r.body, /Night shift on a cardiac step-down unit\./, 'the bio is kept');
			assertValidHtml(r.body, 'refused profile');
		}
		assert.equal(sql(srv.dbPath, `SELECT place || ' ' || credentials FROM members WHERE handle = '${ohio.handle}'`), 'US-OH BSN, RN');
		const r = await ohio.post('/account/profile', [['cred', 'RN'], ['spec', 'cardiac'], ['place', 'XX']], { json: true });
		assert.equal(r.status, 400);
		assert.ok(JSON.parse(r.body).errors.place);
	});

	test('a named reply shows the place next to the specialty while tags are shown, as a snapshot', async () => {
		const shown = await postReply(ohio, thread, 'Politely say that policy does not allow it and call the chaplain.');
		const hidden = await postReply(ohio, thread, 'And nothing of my profile on this one.', { showTags: false });
		const html = (await asker.get(thread)).body;
		assertValidHtml(html, 'thread');
		assert.match(article(html, shown), /<span class="credentials">BSN, RN<\/span>[^]*Specializes in Critical Care<\/span> <span class="sep" aria-hidden="true">·<\/span> <span class="place">Ohio<\/span>/);
		assert.doesNotMatch(article(html, hidden), /class="place"/);
		const replies = JSON.parse((await asker.get(thread, { json: true })).body).replies;
		assert.deepEqual(replies.find((x) => x.id === shown).place, { code: 'US-OH', name: 'Ohio' });
		assert.equal(replies.find((x) => x.id === hidden).place, null);
		await ohio.profile({ cred: ['BSN', 'RN'], specialties: ['critical-care'], place: 'US-IN' });
		assert.match(article((await asker.get(thread)).body, shown), /<span class="place">Ohio<\/span>/, 'a post keeps the place it was written with');
		await ohio.profile({ cred: ['BSN', 'RN'], specialties: ['critical-care'], place: 'US-OH' });
	});

	test('an anonymous post may show the place only as k members share it: the state, else the country', async () => {
		const mine = radios((await ohio.get(thread)).body);
		assert.deepEqual(mine, ['*none', 'BSN|', 'RN|', '|critical-care', 'RN|critical-care',
			'||US-OH', 'BSN||US', 'RN||US-OH', '|critical-care|US-OH', 'RN|critical-care|US-OH']);
		assert.match((await ohio.get(thread)).body, />RN · Specializes in Critical Care · Ohio<\/label>/);
		const id = await postReply(ohio, thread, 'Anonymously: our ethics line said the same in Ohio.',
			{ anonymous: true, anonTags: 'RN|critical-care|US-OH' });
		const post = article((await asker.get(thread)).body, id);
		assert.match(post, /<span class="place">Ohio<\/span>/);
		assert.doesNotMatch(post, new RegExp(`BSN|${ohio.handle}`));
		const coarse = await postReply(ohio, thread, 'Anonymously, with the country only.', { anonymous: true, anonTags: 'BSN||US' });
		assert.match(article((await asker.get(thread)).body, coarse), /<span class="credentials">BSN<\/span> <span class="sep" aria-hidden="true">·<\/span> <span class="place">United States<\/span>/);
		assert.equal(sql(srv.dbPath, `SELECT coalesce(place, '-') || ' ' || coalesce(member_id, 'sealed') FROM posts WHERE id IN (${id}, ${coarse}) ORDER BY id`),
			'US-OH sealed\nUS sealed');
	});

	test('a dilemma can say where it happened: shown under its title, in JSON, kept through a refusal', async () => {
		const form = (await asker.get('/new')).body;
		assert.match(form, /<label for="d-place">Where it happened \(optional\)<\/label>/);
		assert.match(form, /<label for="d-specialty">Setting \(optional\)<\/label>/);
		const path = await postDilemma(asker, { title: 'A float nurse asked me to co-sign a waste', extra: [['place', 'CA-ON']] });
		const html = (await ohio.get(path)).body;
		assertValidHtml(html, 'thread with a place');
		assert.match(html, /<p class="thread-meta">Where it happened: Ontario, Canada<\/p>/);
		assert.deepEqual(JSON.parse((await ohio.get(path, { json: true })).body).thread.place,
			{ code: 'CA-ON', name: 'Ontario', full_name: 'Ontario, Canada' });
		assert.equal(sql(srv.dbPath, `SELECT place FROM threads WHERE id = ${path.slice(3)}`), 'CA-ON');
		const none = await postDilemma(asker, { title: 'A dilemma that does not say where it happened' });
		assert.doesNotMatch((await ohio.get(none)).body, /Where it happened/);
		const before = sql(srv.dbPath, 'SELECT count(*) FROM threads');
		await asker.get('/new');
		const r = await asker.post('/new', [['title', 'A dilemma from a place that is not there'],
			['body', 'The text of a dilemma that says it happened somewhere unknown. '.repeat(3)],
			['topic', 'gifts-money'], ['place', 'ZZ-TOP']]);
		assert.equal(r.status, 400);
		assert.match(r.body, /id="d-place-error">Choose where it happened from the list\./);
		assert.match(r.body, /aria-describedby="d-place-hint d-place-error" aria-invalid="true"/);
		assert.match(r.body, /The text of a dilemma that says it happened somewhere unknown\./);
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM threads'), before);
		await asker.get('/new');
		const kept = await asker.post('/new', [['title', 'A dilemma with a place and a missing topic'],
			['body', 'The text of a dilemma that forgot its topic but said where. '.repeat(3)], ['place', 'AU-VIC']]);
		assert.equal(kept.status, 400);
		assert.match(kept.body, /<option value="AU-VIC" selected>Victoria<\/option>/, 'the place chosen is kept');
		await asker.get('/new');
		const draft = await asker.post('/new', [['title', 'A draft that says where'], ['body', 'Not finished yet.'],
			['place', 'US-PR'], ['draft', '1']]);
		assert.ok(draft.status < 400, `draft: ${draft.status}`);
		assert.match((await asker.get('/new')).body, /<option value="US-PR" selected>Puerto Rico<\/option>/, 'a draft keeps the place');
	});

	test('the account export holds the place and each post\'s shown place', async () => {
		const ex = JSON.parse((await ohio.get('/account/export')).body);
		assert.equal(ex.account.place, 'US-OH');
		const shown = ex.posts.map((p) => p.place_shown);
		assert.ok(shown.includes('US-OH') && shown.includes('US') && shown.includes(null), JSON.stringify(shown));
	});

	test('a place fewer than k share, or not the author\'s, is refused: 400, text kept, nothing written', async () => {
		const count = () => sql(srv.dbPath, 'SELECT count(*) FROM posts');
		for (const forged of ['BSN||US-OH', '||US-KY', 'RN||US', '||GB', 'RN|critical-care|XX']) {
			const before = count();
			await kentucky.get(thread);
			const text = `Reply with a forged place ${forged.replaceAll('|', ' bar ')} kept.`;
			const r = await ohio.post(`${thread}/reply`, [['body', text], ['anonymous', '1'], ['anon_tags', forged]]);
			assert.equal(r.status, 400, forged);
			assert.match(r.body, /id="reply-anon-tags-error"/);
			assert.ok(r.body.includes(text));
			assert.equal(count(), before);
		}
		assert.deepEqual(radios((await kentucky.get(thread)).body), ['*none', 'BSN|', 'RN|', '||US', 'BSN||US', 'RN||US'],
			'alone in Kentucky: the country, with what two share');
		await ohio2.profile({ cred: ['ADN', 'RN'], specialties: ['critical-care'], place: 'CA-ON' });
		assert.ok(!radios((await ohio.get(thread)).body).some((v) => v.endsWith('US-OH')), 'Ohio no longer shared by two');
	});
});

describe('replies by where their authors practise', () => {
	let srv, asker, ohio, kentucky, london, hidden, nowhere, thread, ids = {};
	const order = (html) => [...html.matchAll(/<article class="post reply[^"]*" id="p(\d+)"/g)].map((m) => Number(m[1]));
	before(async () => {
		srv = await startServer({ config: FAST });
		asker = await newMember(srv.baseUrl, { specialties: ['med-surg'], place: 'US-OH' });
		ohio = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['critical-care'], place: 'US-OH' });
		kentucky = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['critical-care'], place: 'US-KY' });
		london = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['oncology'], place: 'GB' });
		hidden = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['oncology'], place: 'US-OH' });
		nowhere = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['oncology'] });
		thread = await postDilemma(asker, { title: 'A patient asked me to hold her cash during surgery' });
		ids.london = await postReply(london, thread, 'In the UK we log it with security and never hold it ourselves.');
		ids.kentucky = await postReply(kentucky, thread, 'Our policy in Kentucky is the hospital safe, with two signatures.');
		ids.ohio = await postReply(ohio, thread, 'Same in Ohio: the safe, a receipt, and a note in the chart.');
		ids.hidden = await postReply(hidden, thread, 'Nothing of my profile shown on this one.', { showTags: false });
		ids.nowhere = await postReply(nowhere, thread, 'I have not said where I practise.');
		// the London reply first by best: marked helpful by the asker
		await asker.get(thread);
		const r = await asker.post(`/p/${ids.london}/helpful`, {});
		assert.ok(r.status < 400, `helpful: ${r.status}`);
	});
	after(async () => { await srv?.stop(); });

	test('the counts: each place the replies show, a state counted for its country too, links that filter', async () => {
		const html = (await nowhere.get(thread)).body;
		assertValidHtml(html, 'thread with place counts');
		const nav = /<nav class="specialty-counts place-counts" aria-label="Replies by where their authors practise">[^]*?<\/nav>/.exec(html)[0];
		const items = [...nav.matchAll(/<a class="topic" href="([^"]*)">([^<]*) <span class="count">\((\d+)\)/g)].map((m) => [m[2], m[3], m[1].replaceAll('&amp;', '&')]);
		const n = thread.slice(3);
		assert.deepEqual(items, [['United Kingdom', '1', `/d/${n}?place=GB`], ['United States', '2', `/d/${n}?place=US`],
			['Kentucky', '1', `/d/${n}?place=US-KY`], ['Ohio', '1', `/d/${n}?place=US-OH`]]);
		const json = JSON.parse((await nowhere.get(thread, { json: true })).body);
		assert.deepEqual(json.place_counts.map((c) => `${c.code}=${c.count}`), ['GB=1', 'US=2', 'US-KY=1', 'US-OH=1']);
	});

	test('the filter: a state, a country with its states, with a specialty; an unknown place is a 404', async () => {
		for (const who of [nowhere, null]) {
			const get = (path) => (who ? who.get(path) : fetch(srv.baseUrl + path).then(async (r) => ({ status: r.status, body: await r.text() })));
			assert.deepEqual(order((await get(thread)).body).sort(), Object.values(ids).sort(), 'all replies first (and a member\'s page kept)');
			const ohioOnly = (await get(`${thread}?place=US-OH`)).body;
			assert.deepEqual(order(ohioOnly), [ids.ohio], 'a view kept or shared for the whole thread is not served for a filter');
			assert.match(ohioOnly, /Showing only replies from nurses who practise in Ohio, United States\. <a href="\/d\/\d+">Show replies from everywhere<\/a>/);
			assert.match(ohioOnly, /aria-current="true">Ohio <span class="count">\(1\)/);
			assert.deepEqual(order((await get(`${thread}?place=US`)).body).sort(), [ids.kentucky, ids.ohio].sort());
			assert.deepEqual(order((await get(`${thread}?place=US&specialty=oncology`)).body), []);
			assert.deepEqual(order((await get(`${thread}?place=GB&sort=oldest&specialty=oncology`)).body), [ids.london]);
			assert.equal((await get(`${thread}?place=ZZ`)).status, 404);
			assert.equal((await get(`${thread}?place=US%20OH`)).status, 404);
		}
		const spec = (await nowhere.get(`${thread}?place=US`)).body;
		assert.match(spec.replaceAll('&amp;', '&'), /href="\/d\/\d+\?specialty=critical-care&place=US">Critical Care/, 'specialty links keep the place filter');
	});

	test('near you first: the asker sees replies from Ohio, then the United States, then the rest', async () => {
		assert.equal(order((await asker.get(thread)).body)[0], ids.london, 'best: the helpful one first');
		const html = (await asker.get(`${thread}?sort=near`)).body;
		assertValidHtml(html, 'near sort');
		assert.deepEqual(order(html).slice(0, 3), [ids.ohio, ids.kentucky, ids.london]);
		assert.match(html, /<strong aria-current="true">near you first<\/strong>/);
		assert.match(html, /Replies from nurses who practise in Ohio, United States come first/);
		const json = JSON.parse((await asker.get(`${thread}?sort=near`, { json: true })).body);
		assert.equal(json.near.place.code, 'US-OH');
		assert.deepEqual(json.replies.slice(0, 2).map((r) => r.id), [ids.ohio, ids.kentucky]);
		const kyView = order((await kentucky.get(`${thread}?sort=near`)).body);
		assert.deepEqual(kyView.slice(0, 2), [ids.kentucky, ids.ohio], 'each reader their own place first');
		const none = (await nowhere.get(`${thread}?sort=near`)).body;
		assert.match(none, /Say where you practise on <a href="\/account\/profile">your profile<\/a> to see replies from there first\. Sorted by best meanwhile\./);
		assert.equal(order(none)[0], ids.london);
		const visitor = await (await fetch(`${srv.baseUrl}${thread}?sort=near`)).text();
		assert.match(visitor, /Sign in and say where you practise/);
		assert.doesNotMatch(await (await fetch(srv.baseUrl + thread)).text(), /near you first/, 'no link for a visitor');
		assert.match((await nowhere.get(thread)).body, /<a href="\/d\/\d+\?sort=near">near you first<\/a>/);
		assert.equal((await asker.get(`${thread}?sort=nearest`)).status, 400);
	});
});
