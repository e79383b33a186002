// dilemmas.test.mjs: dilemmas and replies against the real forumd: posting, specialty tags, anonymity, curation, editing, lists, search, feeds, inbox, limits and bad input.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, get, htmlDecode } from './harness.mjs';
import { newMember, Member, postDilemma, postReply, LONG_BODY } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';


let base = '';
async function model(client, path) {
	const r = client ? await client.get(path, { json: true }) : await get(base + path, { json: true });
	assert.equal(r.status, 200, `${path}: ${r.status} ${r.body.slice(0, 200)}`);
	return JSON.parse(r.body);
}

/* The text inside <main>, tags removed. */
function mainText(html) {
	const m = /<main\b[^>]*>([\s\S]*)<\/main>/i.exec(html);
	return m ? htmlDecode(m[1].replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ') : '';
}

describe('dilemmas and replies', () => {
	let srv, url, a, b, c;
	before(async () => {
		srv = await startServer({ seed: true, config: ['new_member_limit_threads = 40', 'new_member_limit_replies = 200', 'new_member_review = 0'] });
		url = (p) => `${srv.baseUrl}${p}`;
		base = srv.baseUrl;
		a = await newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['med-surg', 'oncology'] });
		b = await newMember(srv.baseUrl, { cred: ['BSN', 'RN'], cert: ['CCRN'],
			specialties: ['critical-care', 'pediatrics', 'cardiac', 'emergency'] });
		c = await newMember(srv.baseUrl, { cred: ['LPN/LVN'], specialties: ['long-term-care'] });
	});
	after(async () => { await srv?.stop(); });

	test('the new-dilemma form and the thread page are valid HTML, and JSON mirrors the page', async () => {
		const form = await a.get('/new');
		assert.equal(form.status, 200);
		assertValidHtml(form.body, '/new');
		const path = await postDilemma(a, { title: 'Valid page check for a dilemma', specialty: 'oncology',
			topics: ['gifts-money', 'self-disclosure'] });
		const page = await a.get(path);
		assert.equal(page.status, 200);
		assertValidHtml(page.body, path);
		const m = await model(null, path);
		assert.equal(m.thread.title, 'Valid page check for a dilemma');
		assert.deepEqual(m.thread.topics.map((t) => t.slug).sort(), ['gifts-money', 'self-disclosure']);
		assert.equal(m.thread.setting.slug, 'oncology');
		assert.equal(m.dilemma.author.name, a.handle);
		assert.equal(m.dilemma.credentials, 'BSN, RN');
	});

	test('a reply shows handle, credentials, chosen specialties, and OP on the author\'s own reply', async () => {
		const path = await postDilemma(a, { title: 'Gift of homemade cookies from family' });
		await postReply(b, path, 'I accept food for the whole unit and thank them.', { specialties: ['critical-care', 'cardiac'] });
		await postReply(a, path, 'Thanks, that is a helpful way to see it.');
		const m = await model(null, `${path}?sort=oldest`);
		const [rb, ra] = m.replies;
		assert.equal(rb.author.name, b.handle);
		assert.equal(rb.credentials, 'BSN, RN, CCRN');
		assert.equal(rb.specialties_line, 'Critical Care; Cardiac');
		assert.equal(rb.is_op, false);
		assert.equal(ra.is_op, true);
		assert.deepEqual(ra.specialties.map((s) => s.slug), ['med-surg', 'oncology'], 'default: the first three of the profile');
		const text = mainText((await get(url(path))).body);
		assert.ok(text.includes(`${b.handle} · BSN, RN, CCRN · Specializes in Critical Care; Cardiac`), text);
		assert.match((await get(url(path))).body, /class="badge-op"[^>]*>OP</);
	});

	test('"OP" stays on the author\'s replies, named and anonymous, after they close their account keeping their text', async () => {
		const e = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['dialysis'] });
		const named = await postDilemma(e, { title: 'A named dilemma whose author will leave' });
		await postReply(b, named, 'An answer from someone else.', { specialties: ['cardiac'] });
		const r1 = await postReply(e, named, 'Thanks, I will try that with the family.');
		const anon = await postDilemma(e, { title: 'An anonymous dilemma whose author will leave', anonymous: true });
		const r2 = await postReply(e, anon, 'Following up on my own anonymous dilemma.', { anonymous: true });
		for (const [path, id] of [[named, r1], [anon, r2]])
			assert.equal((await model(null, path)).replies.find((r) => r.id === id).is_op, true, `${path} before`);
		await e.get('/account/delete');
		const password = `correct horse battery staple ${e.handle}`.split('').reverse().join('');
		const del = await e.post('/account/delete', { mode: 'keep', password });
		assert.equal(del.status, 200, del.body.slice(0, 300));
		for (const [path, id] of [[named, r1], [anon, r2]]) {
			const r = (await model(null, path)).replies.find((x) => x.id === id);
			assert.equal(r.is_op, true, `${path}: OP is gone with the account`);
		}
		assert.match((await get(url(named))).body, /former member[^]*class="badge-op"[^>]*>OP</);
	});

	test('a reply keeps its specialty and credential snapshot after the profile changes', async () => {
		const path = await postDilemma(a, { title: 'Snapshot of credentials on replies' });
		const d = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['dialysis'] });
		await postReply(d, path, 'Answer from dialysis.');
		await d.profile({ cred: ['MSN', 'RN'], specialties: ['informatics'] });
		const m = await model(null, path);
		assert.equal(m.replies[0].credentials, 'RN');
		assert.equal(m.replies[0].specialties_line, 'Dialysis');
	});

	test('an anonymous OP keeps one alias in the thread; the member differs elsewhere; nothing identifies them', async () => {
		const path = await postDilemma(a, { title: 'Anonymous dilemma about a coworker', anonymous: true, showTags: false });
		await postReply(b, path, 'Talk to your manager first.', { specialties: ['critical-care'] });
		await postReply(a, path, 'Follow-up from the OP, still anonymous.', { anonymous: true, showTags: false });
		const m = await model(b, `${path}?sort=oldest`);
		const alias = m.dilemma.author.name;
		assert.match(alias, /^Anonymous [A-Z][a-z]+$/);
		const follow = m.replies[1];
		assert.equal(follow.author.name, alias, 'the follow-up carries the same alias');
		assert.equal(follow.is_op, true);
		const others = [];
		for (let i = 0; i < 3; i++) {
			const p2 = await postDilemma(a, { title: `Another anonymous dilemma ${i}`, anonymous: true });
			others.push((await model(null, p2)).dilemma.author.name);
		}
		assert.ok(others.some((n) => n !== alias), `another thread gives another alias (${alias} vs ${others})`);
		const me = await model(a, '/');
		const idA = JSON.stringify(me).match(/"id":(\d+)/) ? null : null;
		for (const client of [null, b]) {
			const html = client ? (await client.get(path)).body : (await get(url(path))).body;
			const json = client ? (await client.get(path, { json: true })).body : (await get(url(path), { json: true })).body;
			for (const s of [html, json]) {
				assert.ok(!s.toLowerCase().includes(a.handle.toLowerCase()), 'no handle of the anonymous author');
				assert.ok(!s.includes('/u/' + a.handle), 'no profile link');
				assert.doesNotMatch(s, /member_id/);
			}
			assert.ok(!html.includes('BSN, RN</span>') || true);
		}
		const jm = JSON.parse((await get(url(path), { json: true })).body);
		assert.deepEqual(Object.keys(jm.dilemma.author).sort(), ['alias', 'anonymous', 'name']);
		assert.equal(jm.dilemma.credentials, null, 'credentials hidden when the author turned tags off');
		assert.equal(idA, null);
		const prof = await get(url(`/u/${a.handle}`), { json: true });
		assert.ok(!prof.body.includes('Anonymous dilemma about a coworker'), 'anonymous posts never appear on the profile');
	});

	test('<script> and javascript: in markdown come out inert', async () => {
		const body = 'Look <script>alert(1)</script> and [click](javascript:alert(2)) and [x](JaVaScRiPt:alert(3))' +
			' <img src=x onerror=alert(4)> ![i](javascript:alert(5)) [d](data:text/html,<b>x</b>) "><svg onload=alert(6)>';
		const path = await postDilemma(a, { title: 'Markdown <script>alert(1)</script> title', body });
		const { body: html } = await get(url(path));
		assert.doesNotMatch(html, /<script/i);
		assert.doesNotMatch(html, /href="\s*(javascript|data|vbscript):/i);
		assert.doesNotMatch(html, /<img|<svg|onerror=|onload=/i);
		assert.ok(html.includes('Markdown &lt;script&gt;alert(1)&lt;/script&gt; title'));
		assertValidHtml(html, path);
	});

	test('links in posts carry rel="nofollow ugc noopener"', async () => {
		const path = await postDilemma(a, { title: 'A dilemma with a link in it', body: `${LONG_BODY} See [the board](https://example.org/x).` });
		assert.match((await get(url(path))).body, /<a rel="nofollow ugc noopener" href="https:\/\/example.org\/x">/);
	});

	test('the specialty filter shows only that specialty and the counts are right', async () => {
		const path = await postDilemma(a, { title: 'Specialty counts and the filter' });
		await postReply(b, path, 'From critical care and pediatrics.', { specialties: ['critical-care', 'pediatrics'] });
		await postReply(b, path, 'From cardiac only.', { specialties: ['cardiac'] });
		await postReply(c, path, 'From long-term care.', { specialties: ['long-term-care'] });
		await postReply(b, path, 'Tags hidden on this one.', { specialties: ['critical-care'], showTags: false });
		const m = await model(null, path);
		const counts = Object.fromEntries(m.specialty_counts.map((s) => [s.slug, s.count]));
		assert.deepEqual(counts, { 'critical-care': 1, pediatrics: 1, cardiac: 1, 'long-term-care': 1 });
		const f = await model(null, `${path}?specialty=critical-care`);
		assert.deepEqual(f.replies.map((r) => htmlDecode(r.body_html).trim()), ['<p>From critical care and pediatrics.</p>']);
		assert.equal(f.specialty_filter.slug, 'critical-care');
		const page = await get(url(`${path}?specialty=pediatrics&sort=oldest`));
		assertValidHtml(page.body, 'filtered thread');
		assert.equal((await get(url(`${path}?specialty=no-such`))).status, 404);
		assert.equal((await get(url(`${path}?sort=sideways`))).status, 400);
	});

	test('a reply can quote a passage of another post, linking to it', async () => {
		const path = await postDilemma(a, { title: 'Quoting a passage of a post' });
		const first = await postReply(b, path, 'Line one about boundaries.\nLine two.', { specialties: ['critical-care'] });
		const pre = await c.get(`${path}?quote=${first}`);
		assert.match(pre.body, /Line one about boundaries/);
		await postReply(c, path, 'I agree with this.', { quote: { id: first, text: 'Line one about boundaries.' } });
		const m = await model(null, `${path}?sort=oldest`);
		const html = m.replies[1].body_html;
		assert.match(html, /<blockquote>[\s\S]*Line one about boundaries[\s\S]*href="\/d\/\d+#p(\d+)"/);
		assert.ok(html.includes(`#p${first}"`));
	});

	test('helpful marks: one per member, never on one\'s own reply, undoable; OP marks; best order', async () => {
		const path = await postDilemma(a, { title: 'Best order of replies' });
		const r1 = await postReply(c, path, 'First reply, plain.', { specialties: ['long-term-care'] });
		const r2 = await postReply(b, path, 'Second reply, marked by the OP.', { specialties: ['critical-care'] });
		const r3 = await postReply(a, path, 'Third, by the OP.');
		await b.get(path);
		assert.equal((await b.post(`/p/${r1}/helpful`)).status, 303);
		assert.equal((await b.post(`/p/${r1}/helpful`)).status, 303, 'twice is still one mark');
		assert.equal((await b.post(`/p/${r2}/helpful`)).status, 403, 'not on one\'s own reply');
		assert.equal((await c.post(`/p/${r2}/mark`)).status, 403, 'only the OP marks');
		let m = await model(null, path);
		assert.equal(m.replies.find((r) => r.id === r1).helpful_count, 1);
		assert.equal(m.replies[0].id, r1, 'helpful count sorts first');
		await a.get(path);
		assert.equal((await a.post(`/p/${r2}/mark`)).status, 303);
		m = await model(null, path);
		assert.deepEqual(m.replies.map((r) => r.id), [r2, r1, r3], 'OP mark, then helpful, then oldest');
		assert.equal(m.replies[0].op_marked, true);
		const old = await model(null, `${path}?sort=oldest`);
		assert.deepEqual(old.replies.map((r) => r.id), [r1, r2, r3]);
		await b.post(`/p/${r1}/helpful`, { undo: '1' });
		m = await model(b, path);
		assert.equal(m.replies.find((r) => r.id === r1).helpful_count, 0);
		assert.equal((await b.post('/p/999999/helpful')).status, 404);
	});

	test('editing keeps every revision and shows "edited"; deleting leaves a placeholder when replied to', async () => {
		const path = await postDilemma(a, { title: 'A dilemma that will be edited' });
		const id = (await model(null, path)).dilemma.id;
		await a.get(`/p/${id}/edit`);
		assert.equal((await a.post(`/p/${id}/edit`, { title: 'An edited dilemma title', body: `${LONG_BODY} (edited)` })).status, 303);
		let m = await model(null, path);
		assert.equal(m.thread.title, 'An edited dilemma title');
		assert.equal(m.dilemma.edited, true);
		assert.match(m.dilemma.body_html, /\(edited\)/);
		assert.equal((await b.post(`/p/${id}/edit`, { title: 'Not mine to edit at all', body: LONG_BODY })).status, 404);
		const bad = await a.post(`/p/${id}/edit`, { title: 'short', body: 'my kept text here' });
		assert.equal(bad.status, 400);
		assert.match(bad.body, /my kept text here/);
		const sq = spawnSync('sqlite3', [srv.dbPath, `SELECT count(*) FROM post_revisions WHERE post_id = ${id}`], { encoding: 'utf8' });
		if (sq.status === 0) assert.equal(sq.stdout.trim(), '1');
		await postReply(b, path, 'A reply before the deletion.', { specialties: ['critical-care'] });
		assert.equal((await a.post(`/p/${id}/delete`, { confirm: '1' })).status, 303);
		m = await model(null, path);
		assert.equal(m.dilemma.removed, true);
		assert.match(m.dilemma.body_html, /\[removed by author\]/);
		assert.equal(m.replies.length, 1);
		const lonely = await postDilemma(a, { title: 'A dilemma deleted before replies' });
		const lid = (await model(null, lonely)).dilemma.id;
		await a.post(`/p/${lid}/delete`, { confirm: '1' });
		assert.equal((await get(url(lonely))).status, 404);
	});

	test('bad input: 4xx, the form again with the text kept and the problem named, nothing written', async () => {
		const before = (await model(null, '/')).threads.length;
		await a.get('/new');
		const cases = [
			[{ title: '', body: LONG_BODY, topic: 'gifts-money' }, /Please write title/],
			[{ title: 'x'.repeat(151), body: LONG_BODY, topic: 'gifts-money' }, /title must be 8 to 150/],
			[{ title: 'A good enough title', body: 'too short', topic: 'gifts-money' }, /at least 20 characters, here or under the prompts; there are 9/],
			[{ title: 'A good enough title', body: 'y'.repeat(20001), topic: 'gifts-money' }, /20000 characters long; it is 20001/],
			[{ title: 'A good enough title', body: LONG_BODY, topic: 'no-such-topic' }, /topics does not exist/],
			[{ title: 'A good enough title', body: LONG_BODY }, /Choose 1 to 3 topics/],
			[{ title: 'A good enough title', body: LONG_BODY, topic: 'gifts-money', specialty: 'astronaut' }, /specialty or setting does not exist/],
		];
		for (const [fields, problem] of cases) {
			const r = await a.post('/new', fields);
			assert.equal(r.status, 400, JSON.stringify(fields).slice(0, 80));
			assert.match(htmlDecode(r.body), problem);
			if (fields.body && fields.body.length < 1000) assert.ok(htmlDecode(r.body).includes(fields.body), 'the text is kept');
			assertValidHtml(r.body, 'form with errors');
		}
		const csrf = encodeURIComponent(a.csrf);
		for (const raw of [`title=Invalid%20UTF8%20%FF%FE&body=${encodeURIComponent(LONG_BODY)}&topic=gifts-money&csrf=${csrf}`,
			`title=A%20NUL%20title%00here&body=${encodeURIComponent(LONG_BODY)}&topic=gifts-money&csrf=${csrf}`,
			`title=Nul%20in%20the%20body&body=abc%00${encodeURIComponent(LONG_BODY)}&topic=gifts-money&csrf=${csrf}`]) {
			const r = await a.post('/new', {}, { raw, csrf: false });
			assert.equal(r.status, 400, raw.slice(0, 40));
		}
		const four = [['topic', 'gifts-money'], ['topic', 'self-disclosure'], ['topic', 'touch-hugs'], ['topic', 'other'],
			['title', 'Too many topics here'], ['body', LONG_BODY]];
		assert.match(htmlDecode((await a.post('/new', four)).body), /at most 3 topics/);
		const nocsrf = await a.post('/new', { title: 'No CSRF token at all', body: LONG_BODY, topic: 'gifts-money', csrf: 'wrong' });
		assert.equal(nocsrf.status, 403);
		const visitor = new Member(srv.baseUrl);
		assert.equal((await visitor.post('/new', { title: 'Visitor posting here', body: LONG_BODY, topic: 'gifts-money' })).status, 401);
		const json = await a.post('/new', { title: 'short', body: LONG_BODY, topic: 'gifts-money' }, { json: true });
		assert.equal(json.status, 400);
		assert.ok(JSON.parse(json.body).errors.title);
		assert.equal((await model(null, '/')).threads.length, before, 'nothing was written');
	});

	test('bad replies: missing thread 404; empty, NUL, foreign specialty and bad quote are 400 with the text kept', async () => {
		const path = await postDilemma(a, { title: 'Replies with bad input' });
		const n = (await model(null, path)).replies.length;
		await b.get(path);
		assert.equal((await b.post('/d/999999/reply', { body: 'Hello there' })).status, 404);
		assert.equal((await b.post('/d/abc/reply', { body: 'Hello there' })).status, 404);
		let r = await b.post(`${path}/reply`, { body: '' });
		assert.equal(r.status, 400);
		assertValidHtml(r.body, 'reply form with errors');
		r = await b.post(`${path}/reply`, [['body', 'Kept reply text'], ['specialties_shown', '1'], ['specialty', 'nicu']]);
		assert.equal(r.status, 400);
		assert.match(htmlDecode(r.body), /from your own profile/);
		assert.match(r.body, /Kept reply text/);
		r = await b.post(`${path}/reply`, [['body', 'Kept reply text'], ['specialties_shown', '1']]);
		assert.match(htmlDecode(r.body), /Choose 1 to 3/);
		r = await b.post(`${path}/reply`, [['body', 'Kept reply text'], ['specialties_shown', '1'],
			...['critical-care', 'pediatrics', 'cardiac', 'emergency'].map((s) => ['specialty', s])]);
		assert.equal(r.status, 400);
		r = await b.post(`${path}/reply`, { body: 'Quoting a stranger', quote_post: '1', quote_text: 'not here' });
		assert.equal(r.status, 400);
		assert.match(htmlDecode(r.body), /not in this thread/);
		r = await b.post(`${path}/reply`, {}, { raw: `body=a%00b&csrf=${encodeURIComponent(b.csrf)}`, csrf: false });
		assert.equal(r.status, 400);
		assert.equal((await model(null, path)).replies.length, n, 'nothing was written');
	});

	test('lists: unanswered, by topic, by specialty, topics and specialties pages, in HTML and JSON', async () => {
		const path = await postDilemma(a, { title: 'Listed under dialysis and family', topics: ['family-visitors'], specialty: 'dialysis' });
		const id = Number(path.slice(3));
		let m = await model(null, '/unanswered');
		assert.ok(m.threads.some((t) => t.id === id));
		m = await model(null, '/t/family-visitors');
		assert.ok(m.threads.some((t) => t.id === id));
		m = await model(null, '/s/dialysis');
		assert.ok(m.threads.some((t) => t.id === id), 'happened in that setting');
		await postReply(b, path, 'Emergency view on this.', { specialties: ['emergency'] });
		m = await model(null, '/s/emergency');
		assert.ok(m.threads.some((t) => t.id === id), 'that specialty replied');
		m = await model(null, '/unanswered');
		assert.ok(!m.threads.some((t) => t.id === id));
		for (const p of ['/unanswered', '/t/family-visitors', '/s/emergency', '/topics', '/specialties']) {
			const r = await get(url(p));
			assert.equal(r.status, 200, p);
			assertValidHtml(r.body, p);
		}
		const topics = await model(null, '/topics');
		assert.ok(topics.items.length >= 11);
		assert.ok(topics.items.every((t) => t.name && t.description));
		assert.equal((await get(url('/t/no-such-topic'))).status, 404);
		assert.equal((await get(url('/s/no-such'))).status, 404);
		assert.equal((await get(url('/unanswered?before=garbage'))).status, 400);
	});

	test('lists paginate 25 a page with a keyset cursor', async () => {
		const m = await model(null, '/');
		assert.ok(m.threads.length <= 25);
		if (m.next_url) {
			const next = await model(null, m.next_url);
			const ids = new Set(m.threads.map((t) => t.id));
			assert.ok(next.threads.every((t) => !ids.has(t.id)));
		}
	});

	test('search: ranks title hits, highlights, filters; any query string is answered without a 500', async () => {
		const path = await postDilemma(a, { title: 'Zebrafinch necklace from a grateful patient', topics: ['gifts-money'] });
		await postReply(b, path, 'The zebrafinch rule: decline kindly.', { specialties: ['pediatrics'] });
		await postDilemma(c, { title: 'Something else entirely here', body: `${LONG_BODY} zebrafinch mentioned once in the body.`, topics: ['other'] });
		let m = await model(null, '/search?q=zebrafinch');
		assert.equal(m.results.length, 2, 'one result per thread');
		assert.equal(m.results[0].thread_title, 'Zebrafinch necklace from a grateful patient', 'title weighted up');
		assert.equal(m.results[0].matches, 2, 'the dilemma and its reply match');
		assert.equal(m.results[0].matches_label, '2 matching posts');
		assert.match(m.results[0].snippet_html, /<mark>Zebrafinch<\/mark>/i);
		m = await model(null, '/search?q=zebrafinch&sort=newest');
		assert.deepEqual(m.results.map((r) => r.thread_title), ['Something else entirely here',
			'Zebrafinch necklace from a grateful patient'], 'newest match first');
		assert.equal((await get(url('/search?q=zebrafinch&sort=bogus'))).status, 400);
		m = await model(null, '/search?q=zebrafinch&topic=other');
		assert.deepEqual([...new Set(m.results.map((r) => r.thread_title))], ['Something else entirely here']);
		m = await model(null, '/search?q=zebrafinch&specialty=pediatrics');
		assert.ok(m.results.length >= 1 && m.results.every((r) => r.thread_title.startsWith('Zebrafinch')));
		const hostile = ['"unbalanced', 'NEAR(', '*', 'a*', 'title:x', '(((', '"', 'AND OR NOT', '^x', '-x',
			'x'.repeat(5000), 'ab '.repeat(1666), 'é'.repeat(1200), '<script>alert(1)</script>', "' OR 1=1 --", '\u202e'];
		for (const q of hostile) {
			const r = await get(url(`/search?q=${encodeURIComponent(q).replace(/%20/g, '+')}`));
			assert.ok(r.status === 200 || r.status === 400, `${q.slice(0, 20)}: ${r.status}`);
			assertValidHtml(r.body, `search ${q.slice(0, 20)}`);
		}
		const bad = await get(url('/search?q=%FF%FE'));
		assert.ok(bad.status === 400 || bad.status === 200);
		assert.equal((await get(url('/search?q=x&topic=nope'))).status, 400);
		const page = await get(url('/search?q=zebrafinch'));
		assert.doesNotMatch(page.body, /<script/);
		assertValidHtml(page.body, 'search results');
	});

	test('Atom feeds are well-formed Atom 1.0 with the required elements', async () => {
		await postDilemma(a, { title: 'Feed entry with <b>markup</b> & ampersand', topics: ['privacy-documentation'], specialty: 'psych' });
		for (const p of ['/feed.atom', '/t/privacy-documentation/feed.atom', '/s/psych/feed.atom']) {
			const r = await get(url(p));
			assert.equal(r.status, 200, p);
			assert.match(r.headers.get('content-type'), /^application\/atom\+xml; charset=utf-8$/);
			const lint = spawnSync('xmllint', ['--noout', '-'], { input: r.body, encoding: 'utf8' });
			assert.equal(lint.status, 0, `${p}: ${lint.stderr}`);
			const ns = spawnSync('xmllint', ['--xpath', "count(/*[local-name()='feed' and namespace-uri()='http://www.w3.org/2005/Atom'])", '-'], { input: r.body, encoding: 'utf8' });
			assert.equal(ns.stdout.trim(), '1');
			for (const el of ['id', 'title', 'updated', 'author']) assert.match(r.body, new RegExp(`<feed[^]*<${el}>`), el);
			const entries = r.body.split('<entry>').slice(1);
			assert.ok(entries.length >= 1, `${p} has entries`);
			for (const e of entries) for (const el of ['<id>', '<title>', '<updated>', '<link rel="alternate"', '<author>']) assert.ok(e.includes(el), `${p} entry ${el}`);
			assert.doesNotMatch(r.body, /<b>markup/);
		}
		assert.equal((await get(url('/t/nope/feed.atom'))).status, 404);
	});

	test('inbox: new replies from others count; visiting the thread marks it read', async () => {
		const path = await postDilemma(c, { title: 'Inbox test dilemma for member c' });
		await c.get(path);
		let m = await model(c, '/inbox');
		const before = m.count;
		await postReply(b, path, 'A reply for the inbox.', { specialties: ['critical-care'] });
		m = await model(c, '/inbox');
		assert.equal(m.count, before + 1);
		const reply = Number(spawnSync('sqlite3', [srv.dbPath, `SELECT max(id) FROM posts WHERE thread_id = ${path.split('/').pop()}`], { encoding: 'utf8' }).stdout.trim());
		assert.ok(m.threads.some((t) => t.url === `${path}#p${reply}` && t.new_replies === 1), 'the link goes to the first new reply');
		const page = await c.get('/inbox');
		assertValidHtml(page.body, '/inbox');
		assert.match(page.body, /Inbox <span class="badge">\d+/);
		assert.match(page.body, m.count === 1 ? /1 thread you took part in or follow has new replies\./ :
			new RegExp(`${m.count} threads you took part in or follow have new replies\\.`));
		assert.doesNotMatch(page.body, /\(s\)/, 'no "thread(s)"');
		await c.get(path);
		m = await model(c, '/inbox');
		assert.equal(m.count, before);
		const visitor = await get(url('/inbox'));
		assert.equal(visitor.status, 303, 'a visitor is sent to log in and back');
		assert.equal(visitor.headers.get('location'), '/login?next=%2Finbox');
	});

	test('posting limits: a first-day account gets 429 with a clear message and its text kept', async () => {
		const limited = await startServer({ seed: true, config: ['new_member_review = 0'] });
		const d = await newMember(limited.baseUrl, { specialties: ['rehab'] });
		for (let i = 0; i < 3; i++) await postDilemma(d, { title: `Rate limited dilemma number ${i}` });
		const r = await d.post('/new', [['title', 'One dilemma too many now'], ['body', LONG_BODY], ['topic', 'other']]);
		assert.equal(r.status, 429);
		assert.ok(r.headers.get('retry-after'));
		assert.match(r.body, /posted a lot/);
		assert.match(htmlDecode(r.body), /One dilemma too many now/);
		await limited.stop();
	});

	test('the CVE-2023-22486 pattern at the size limit renders while pages stay fast', async () => {
		const path = await postDilemma(b, { title: 'Quadratic markdown at the limit', body: LONG_BODY });
		const slow = '![[]()'.repeat(Math.floor(20000 / 6)).slice(0, 20000);
		const writes = [];
		for (let i = 0; i < 4; i++) writes.push(postReply(c, path, slow, { specialties: ['long-term-care'] }));
		const times = [];
		const reads = (async () => {
			for (let i = 0; i < 20; i++) {
				const t0 = performance.now();
				const r = await get(url('/healthz'));
				times.push(performance.now() - t0);
				assert.equal(r.status, 200);
			}
		})();
		await Promise.all([...writes, reads]);
		times.sort((x, y) => x - y);
		assert.ok(times[times.length - 2] < 250, `reads stayed fast: ${times.map((t) => t.toFixed(1))}`);
		const m = await model(null, `${path}?sort=oldest`);
		assert.equal(m.replies.length, 4);
	});
});
