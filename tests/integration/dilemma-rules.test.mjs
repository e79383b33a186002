// dilemma-rules.test.mjs: the dilemma and reply rules not covered elsewhere: anonymity on every page, tag defaults, the alias secret file, keyset pages, sort in URLs, edge lengths, limits after day one.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync, readFileSync } from 'node:fs';
import { startServer, get, htmlDecode } from './harness.mjs';
import { newMember, postDilemma, postReply, LONG_BODY } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';


function sql(db, q) {
	const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, q], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

describe('dilemma and reply rules', () => {
	let srv, url, a, b, c;
	const json = async (client, path) => {
		const r = client ? await client.get(path, { json: true }) : await get(url(path), { json: true });
		assert.equal(r.status, 200, `${path}: ${r.status} ${r.body.slice(0, 200)}`);
		return JSON.parse(r.body);
	};
	before(async () => {
		srv = await startServer({ seed: true, config: ['new_member_limit_threads = 100', 'new_member_limit_replies = 200', 'new_member_review = 0'] });
		url = (p) => `${srv.baseUrl}${p}`;
		a = await newMember(srv.baseUrl, { cred: ['MSN', 'RN'], specialties: ['hospice-palliative', 'oncology'] });
		b = await newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['critical-care', 'pediatrics', 'cardiac', 'emergency'] });
		c = await newMember(srv.baseUrl, { cred: ['LPN/LVN'], specialties: ['long-term-care'] });
	});
	after(async () => { await srv?.stop(); });

	test('anonymous posts leave no trace of the account on any page, list, feed, search, profile or JSON', async () => {
		const word = 'quokkawander';
		const own = await postDilemma(a, { title: `Anonymous ${word} dilemma on every page`, anonymous: true,
			topics: ['touch-hugs'], specialty: 'hospice-palliative', showTags: false });
		const other = await postDilemma(b, { title: 'A thread where A answers anonymously', topics: ['touch-hugs'] });
		const first = await postReply(a, other, `Anonymous ${word} reply with tags off.`, { anonymous: true, showTags: false });
		await postReply(a, own, `Anonymous follow-up ${word} by the OP.`, { anonymous: true, showTags: false });
		await postReply(c, other, 'Quoting the anonymous reply here.', { quote: { id: first, text: `Anonymous ${word} reply` } });
		const id = sql(srv.dbPath, `SELECT id FROM members WHERE handle = '${a.handle}'`);
		assert.match(id, /^\d+$/);
		const pages = [own, other, `${other}?sort=oldest`, '/', '/unanswered', '/t/touch-hugs', '/s/hospice-palliative',
			`/search?q=${word}`, '/feed.atom', '/t/touch-hugs/feed.atom', '/s/hospice-palliative/feed.atom'];
		for (const p of pages) {
			for (const client of [null, b, c]) {
				for (const asJson of [false, true]) {
					const r = client ? await client.get(p, { json: asJson }) : await get(url(p), { json: asJson });
					assert.equal(r.status, 200, p);
					const s = htmlDecode(r.body).toLowerCase();
					assert.ok(!s.includes(a.handle.toLowerCase()), `${p} (json ${asJson}) names the anonymous author`);
					assert.ok(!s.includes('msn, rn'), `${p} shows the credentials the author turned off`);
					assert.doesNotMatch(r.body, /member_id|"author_id"/, p);
					if (asJson) assert.ok(!new RegExp(`"(member|author|user)[a-z_]*"\\s*:\\s*${id}\\b`).test(r.body), `${p} carries the member id`);
				}
			}
		}
		for (const asJson of [false, true]) {
			const prof = await get(url(`/u/${a.handle}`), { json: asJson });
			assert.equal(prof.status, 200);
			assert.ok(!prof.body.includes(word), 'no anonymous dilemma or reply on the profile');
		}
		const quoted = (await json(null, `${other}?sort=oldest`)).replies.at(-1).body_html;
		assert.match(quoted, /Anonymous [A-Z][a-z]+/, 'a quote of an anonymous post names the alias');
	});

	test('an anonymous post shows neither the credentials nor the specialties of its author, even with tags left on', async () => {
		const path = await postDilemma(b, { title: 'Anonymous but tagged dilemma here' });
		await postReply(a, path, 'Anonymous with tags kept on.', { anonymous: true, showTags: true, specialties: ['oncology'] });
		await postReply(a, path, 'The same author, named, with tags.', { showTags: true, specialties: ['oncology'] });
		const m = await json(null, `${path}?sort=oldest`);
		const [anon, named] = m.replies;
		assert.equal(anon.author.anonymous, true);
		assert.equal(named.credentials, 'MSN, RN', 'the named reply keeps its tags');
		assert.ok(!anon.credentials, 'the anonymous reply shows credentials');
		assert.deepEqual(anon.specialties ?? [], []);
		const html = htmlDecode((await get(url(path))).body);
		const anonHtml = new RegExp(`id="p${anon.id}"[^]*?</article>`).exec(html)[0];
		assert.doesNotMatch(anonHtml, /MSN, RN|Oncology/);
		assert.ok(!html.toLowerCase().includes(a.handle.toLowerCase()) || html.includes(`/u/${a.handle}`));
	});

	test('a reply with no specialty chosen is tagged with the first three of the profile', async () => {
		const path = await postDilemma(a, { title: 'Default specialties of a reply' });
		await postReply(b, path, 'No specialties picked on purpose.');
		const m = await json(null, path);
		assert.deepEqual(m.replies[0].specialties.map((s) => s.slug), ['critical-care', 'pediatrics', 'cardiac']);
		const form = await b.get(path);
		for (const s of ['critical-care', 'pediatrics', 'cardiac']) assert.match(form.body, new RegExp(`value="${s}"[^>]*checked|checked[^>]*value="${s}"`), s);
		assert.doesNotMatch(form.body, /value="emergency"[^>]*checked|checked[^>]*value="emergency"/);
	});

	test('the alias secret is a 0600 file beside the database, and never logged', async () => {
		const key = `${srv.dbPath}.key`;
		const st = statSync(key);
		assert.equal(st.mode & 0o777, 0o600);
		assert.equal(st.size, 32);
		const bytes = readFileSync(key);
		const log = srv.stderr() + srv.stdout();
		for (const enc of ['hex', 'base64', 'base64url']) assert.ok(!log.includes(bytes.toString(enc)), enc);
		assert.ok(!sql(srv.dbPath, "SELECT group_concat(name) FROM sqlite_master").includes('secret'));
	});

	test('lists page 25 at a time with a keyset cursor, on the front page, unanswered, topic and specialty', async () => {
		const d = await newMember(srv.baseUrl, { specialties: ['dialysis'] });
		const mine = [];
		for (let i = 0; i < 27; i++) {
			const p = await postDilemma(d, { title: `Paged dilemma number ${i}`, topics: ['endings-goodbyes'], specialty: 'dialysis' });
			mine.push(Number(p.slice(3)));
		}
		for (const p of ['/', '/unanswered', '/t/endings-goodbyes', '/s/dialysis']) {
			const one = await json(null, p);
			assert.equal(one.threads.length, 25, p);
			assert.ok(one.next_url, `${p} has a next page`);
			const html = await get(url(p));
			assert.ok(htmlDecode(html.body).includes(one.next_url), `${p} links its next page`);
			const seen = [];
			for (let page = one; ; page = await json(null, page.next_url)) {
				assert.ok(page.threads.length <= 25);
				seen.push(...page.threads.map((t) => t.id));
				if (!page.next_url) break;
			}
			assert.equal(new Set(seen).size, seen.length, `${p}: no thread twice`);
			assert.ok(mine.every((id) => seen.includes(id)), `${p}: every thread reached`);
			if (p !== '/') assert.deepEqual(seen.slice(0, 27).sort(), [...mine].sort(), `${p}: newest activity first`);
		}
	});

	test('the reader\'s sort stays in the URL of the filter links and forms', async () => {
		const path = await postDilemma(a, { title: 'Sort kept in every link' });
		await postReply(b, path, 'Critical care thinks so.', { specialties: ['critical-care'] });
		const m = await json(null, `${path}?sort=oldest`);
		assert.ok(m.specialty_counts.every((s) => /sort=oldest/.test(s.url)), JSON.stringify(m.specialty_counts));
		const html = htmlDecode((await b.get(`${path}?sort=oldest`)).body);
		assert.match(html, /href="\/d\/\d+\?sort=oldest&specialty=critical-care"/);
	});

	test('best order: moderator pick, then the OP\'s mark, then helpful count, then oldest', async () => {
		const path = await postDilemma(a, { title: 'The full best order of replies' });
		const plain = await postReply(c, path, 'Plain reply, oldest.', { specialties: ['long-term-care'] });
		const helped = await postReply(c, path, 'Marked helpful by a peer.', { specialties: ['long-term-care'] });
		const opMarked = await postReply(b, path, 'Marked by the OP.', { specialties: ['cardiac'] });
		const picked = await postReply(b, path, 'Picked by a moderator.', { specialties: ['cardiac'] });
		await b.get(path);
		assert.equal((await b.post(`/p/${helped}/helpful`)).status, 303);
		await a.get(path);
		assert.equal((await a.post(`/p/${opMarked}/mark`)).status, 303);
		sql(srv.dbPath, `UPDATE posts SET mod_pick = 1 WHERE id = ${picked}`);
		const m = await json(null, path);
		assert.deepEqual(m.replies.map((r) => r.id), [picked, opMarked, helped, plain]);
		const old = await json(null, `${path}?sort=oldest`);
		assert.deepEqual(old.replies.map((r) => r.id), [plain, helped, opMarked, picked]);
	});

	test('the public page says "edited", and every revision is kept', async () => {
		const path = await postDilemma(a, { title: 'A dilemma edited twice here' });
		const id = (await json(null, path)).dilemma.id;
		for (const t of ['First edit of the title', 'Second edit of the title']) {
			await a.get(`/p/${id}/edit`);
			assert.equal((await a.post(`/p/${id}/edit`, { title: t, body: `${LONG_BODY} ${t} **bold**` })).status, 303);
		}
		const html = (await get(url(path))).body;
		assert.match(mainOf(html), /\bedited\b/i);
		assert.match(html, /Second edit of the title <strong>bold<\/strong>/, 'edits re-render the markdown');
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM post_revisions WHERE post_id = ${id}`), '2');
	});

	test('titles 8-150 and bodies 20-20000 are counted in characters at both edges', async () => {
		await a.get('/new');
		const ok = [['Eight ch', 'b'.repeat(20)], ['é'.repeat(150), 'é'.repeat(20000)]];
		for (const [title, body] of ok) {
			const r = await a.post('/new', [['title', title], ['body', body], ['topic', 'other']]);
			assert.equal(r.status, 303, `${title.length}/${body.length}: ${r.body.slice(0, 300)}`);
		}
		for (const [title, body] of [['Seven c', 'b'.repeat(20)], ['Eight ch', 'b'.repeat(19)], ['é'.repeat(151), LONG_BODY]]) {
			const r = await a.post('/new', [['title', title], ['body', body], ['topic', 'other']]);
			assert.equal(r.status, 400, `${title.length}/${body.length}`);
			assert.ok(htmlDecode(r.body).includes(body.slice(0, 19)), 'text kept');
		}
	});

	test('a reply to a missing thread is a 4xx that keeps the text; nothing is written', async () => {
		const n = sql(srv.dbPath, 'SELECT count(*) FROM posts');
		await b.get('/');
		const r = await b.post('/d/987654/reply', { body: 'My carefully written reply text' });
		assert.equal(r.status, 404);
		assert.match(r.body, /My carefully written reply text/);
		assert.match(r.body, /no such dilemma/);
		assertValidHtml(r.body, 'reply to a missing thread');
		const bad = await b.post('/d/abc/reply', { body: 'Another kept <b>reply</b>' });
		assert.equal(bad.status, 404);
		assert.match(bad.body, /Another kept &lt;b&gt;reply&lt;\/b&gt;/);
		const j = await b.post('/d/987654/reply', { body: 'JSON client' }, { json: true });
		assert.equal(j.status, 404);
		assert.equal(JSON.parse(j.body).error.status, 404);
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM posts'), n);
	});

	test('posting limits are configurable and stricter during an account\'s first day', async () => {
		const lim = await startServer({ seed: true, config: ['new_member_review = 0', 'new_member_limit_threads = 1',
			'post_limit_threads = 3', 'new_member_limit_replies = 1', 'post_limit_replies = 3'] });
		try {
			const fresh = await newMember(lim.baseUrl, { specialties: ['rehab'] });
			const old = await newMember(lim.baseUrl, { specialties: ['rehab'] });
			sql(lim.dbPath, `UPDATE members SET created_at = created_at - 3*86400 WHERE handle = '${old.handle}'`);
			await postDilemma(fresh, { title: 'First dilemma of a new member' });
			await fresh.get('/new');
			const r = await fresh.post('/new', [['title', 'Second dilemma of a new member'], ['body', LONG_BODY], ['topic', 'other']]);
			assert.equal(r.status, 429);
			for (let i = 0; i < 3; i++) await postDilemma(old, { title: `Older member dilemma ${i}` });
			await old.get('/new');
			assert.equal((await old.post('/new', [['title', 'One past the older limit'], ['body', LONG_BODY], ['topic', 'other']])).status, 429);
			const t = (await old.get('/')).body.match(/href="(\/d\/\d+)"/)[1];
			await postReply(fresh, t, 'First reply of the newcomer.');
			await fresh.get(t);
			const rr = await fresh.post(`${t}/reply`, { body: 'Second reply of the newcomer, kept.' });
			assert.equal(rr.status, 429);
			assert.match(htmlDecode(rr.body), /Second reply of the newcomer, kept\./);
			assertValidHtml(rr.body, 'reply 429');
		} finally {
			await lim.stop();
		}
	});
});

function mainOf(html) {
	const m = /<main\b[^>]*>([\s\S]*)<\/main>/i.exec(html);
	return m ? m[1].replace(/<[^>]*>/g, ' ') : '';
}
