// drafts.test.mjs: "Save draft" on the reply and new-dilemma forms: one draft per thread and
// one new dilemma, back in the form when the member returns, listed on the account page and
// in the export, deleted when posted, by the member, and with the account; sealed in the
// database (no text, member id or thread in clear); bad input refused with the text kept.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, htmlDecode } from './harness.mjs';
import { newMember, postDilemma, postReply } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const sql = (db, q) => spawnSync('sqlite3', [db, q], { encoding: 'utf8' }).stdout.trim();
const textarea = (page, id) => htmlDecode(new RegExp(`id="${id}"[^>]*>([^<]*)</textarea>`).exec(page)?.[1] ?? '');
const password = (m) => `correct horse battery staple ${m.handle}`.split('').reverse().join('');

describe('drafts', () => {
	let srv, a, b, thread;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_replies = 200',
			'new_member_limit_threads = 200'] });
		[a, b] = await Promise.all([1, 2].map(() => newMember(srv.baseUrl)));
		thread = await postDilemma(b, { title: 'A patient\'s son asked me for coffee' });
	});
	after(async () => { await srv?.stop(); });

	test('a reply\'s draft comes back in the form, for its member only, and goes when posted', async () => {
		await a.get(thread);
		const text = 'Half a thought: call him at 555 0100 and';   // short, and the guard would stop it
		const saved = await a.post(`${thread}/reply`, { body: text, anonymous: '1', draft: '1' });
		assert.equal(saved.status, 303);
		assert.equal(saved.location, `${thread}?draft=saved#reply`);
		let page = (await a.get(`${thread}?draft=saved`)).body;
		assertValidHtml(page, 'thread with a draft');
		assert.equal(textarea(page, 'reply-body'), text);
		assert.match(page, /<strong>Draft saved\.<\/strong> The form below holds your draft/);
		assert.match(page, /id="reply-anonymous" name="anonymous" value="1" checked/);
		page = (await a.get(thread)).body;
		assert.equal(textarea(page, 'reply-body'), text, 'still there on a later visit');
		assert.doesNotMatch(page, /Draft saved\./);
		assert.equal(textarea((await b.get(thread)).body, 'reply-body'), '', 'another member sees an empty form');
		// the database: one sealed row, no text, member id or thread in clear
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM drafts'), '1');
		assert.deepEqual(sql(srv.dbPath, 'PRAGMA table_info(drafts)').split('\n').map((l) => l.split('|')[1]), ['slot', 'seal'],
			'no column two drafts of one member would share');
		assert.equal(sql(srv.dbPath, 'SELECT length(slot) FROM drafts'), '16');
		assert.equal(Number(sql(srv.dbPath, 'SELECT (length(seal) - 40) % 1024 FROM drafts')), 0, 'padded');
		const dump = spawnSync('sqlite3', [srv.dbPath, '.dump drafts'], { encoding: 'utf8' }).stdout;
		assert.ok(!/Half a thought/.test(dump));
		assert.ok(!dump.includes(Buffer.from('Half a thought').toString('hex').toUpperCase()));
		// posting it deletes the draft
		const posted = await a.post(`${thread}/reply`, { body: 'Say you keep work and home apart, kindly.' });
		assert.equal(posted.status, 303);
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM drafts'), '0');
		assert.equal(textarea((await a.get(thread)).body, 'reply-body'), '');
	});

	test('a new dilemma\'s draft: title, text, topics and choices come back in /new; posting deletes it', async () => {
		await a.get('/new');
		const saved = await a.post('/new', [['title', 'Draft: a gift from a family'], ['body', 'They left an envelope'],
			['topic', 'gifts-money'], ['topic', 'family-visitors'], ['draft', '1']]);
		assert.equal(saved.status, 303);
		assert.equal(saved.location, '/new?draft=saved#draft');
		const page = (await a.get('/new?draft=saved')).body;
		assertValidHtml(page, 'new dilemma with a draft');
		assert.match(page, /value="Draft: a gift from a family"/);
		assert.equal(textarea(page, 'd-body'), 'They left an envelope');
		assert.match(page, /value="gifts-money" checked/);
		assert.match(page, /value="family-visitors" checked/);
		const account = (await a.get('/account/sessions')).body;
		assertValidHtml(account, 'account page with drafts');
		assert.match(account, /New dilemma <a href="\/new#draft">Draft: a gift from a family<\/a>/);
		const exported = JSON.parse((await a.get('/account/export')).body);
		assert.equal(exported.drafts.length, 1);
		assert.deepEqual(exported.drafts[0].fields.title, ['Draft: a gift from a family']);
		await postDilemma(a, { title: 'A family left an envelope of cash', topics: ['gifts-money'] });
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM drafts'), '0');
	});

	test('one draft per thread (saving again replaces it); listed on the account page; deleted there', async () => {
		await a.get(thread);
		await a.post(`${thread}/reply`, { body: 'first try', draft: '1' });
		await a.post(`${thread}/reply`, { body: 'second try', draft: '1' });
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM drafts'), '1');
		let account = (await a.get('/account/sessions')).body;
		assert.match(account, new RegExp(`Reply to <a href="${thread}#reply">A patient&#39;s son asked me for coffee</a>`));
		assert.match(account, /second try/);
		const del = await a.post('/drafts/delete', { thread: thread.split('/').pop() });
		assert.equal(del.status, 303);
		assert.equal(del.location, '/account/sessions#drafts');
		account = (await a.get('/account/sessions')).body;
		assert.match(account, /No drafts\./);
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM drafts'), '0');
		// from the thread's own notice, back to the thread
		await a.post(`${thread}/reply`, { body: 'third try', draft: '1' });
		const back = await a.post('/drafts/delete', { thread: thread.split('/').pop(), from: 'reply' });
		assert.equal(back.location, `${thread}#reply`);
		assert.equal((await a.post('/drafts/delete', { thread: 'nonsense' })).status, 400);
	});

	test('a seal opens only in its own slot; a quote of a post edited since is dropped; ?quote= wins', async () => {
		const t = await postDilemma(b, { title: 'A patient asked me to be his emergency contact' });
		const source = await postReply(b, t, 'I said no, and suggested a social worker instead.');
		await a.get(t);
		assert.equal((await a.post(`${t}/reply`, { body: 'mine', quote_post: String(source), quote_text: 'suggested a social worker', draft: '1' })).status, 303);
		let page = (await a.get(t)).body;
		assert.equal(textarea(page, 'reply-quote'), 'suggested a social worker');
		const other = await postReply(b, t, 'Another post to quote instead.');
		page = (await a.get(`${t}?quote=${other}`)).body;
		assert.match(textarea(page, 'reply-quote'), /Another post to quote instead/, 'Quote pressed on a post wins');
		assert.equal(textarea(page, 'reply-body'), 'mine', 'the draft\'s text stays');
		await b.get(`/p/${source}/edit`);
		assert.equal((await b.post(`/p/${source}/edit`, { body: 'I said no, kindly, and called the charge nurse.' })).status, 303);
		page = (await a.get(t)).body;
		assert.doesNotMatch(page, /id="reply-quote"/, 'the quoted words are gone from the post: the draft keeps none');
		// b's draft in the same thread; swapping the two seals opens neither
		await b.get(t);
		assert.equal((await b.post(`${t}/reply`, { body: 'b draft', draft: '1' })).status, 303);
		sql(srv.dbPath, `CREATE TEMP TABLE s AS SELECT slot, seal FROM drafts;
			UPDATE drafts SET seal = (SELECT seal FROM s WHERE s.slot <> drafts.slot);`);
		assert.equal(textarea((await a.get(t)).body, 'reply-body'), '');
		assert.equal(textarea((await b.get(t)).body, 'reply-body'), '');
		sql(srv.dbPath, 'DELETE FROM drafts');
	});

	test('a thread locked while typing: the draft is kept and the account page shows all of it', async () => {
		const t = await postDilemma(b, { title: 'A thread that will be locked' });
		await a.get(t);
		const id = t.split('/').pop();
		sql(srv.dbPath, `UPDATE threads SET locked = 1 WHERE id = ${id}`);
		const long = 'Every word of this should survive the lock. '.repeat(5).trim();
		const r = await a.post(`${t}/reply`, { body: long, draft: '1' });
		assert.equal(r.status, 303);
		assert.equal(r.location, '/account/sessions?draft=saved#drafts');
		const account = (await a.get('/account/sessions?draft=saved')).body;
		assert.match(account, /Draft saved: that dilemma no longer takes replies/);
		assert.ok(account.includes(long), 'the whole text, to copy');
		sql(srv.dbPath, 'DELETE FROM drafts');
	});

	test('bad input is refused with the text kept and nothing saved', async () => {
		await a.get(thread);
		const bad = await a.post(`${thread}/reply`, { body: 'bell \u0007 in the text', draft: '1' });
		assert.equal(bad.status, 400);
		assert.match(bad.body, /The draft was not saved/);
		const long = await a.post(`${thread}/reply`, { body: 'x'.repeat(20001), draft: '1' });
		assert.equal(long.status, 400);
		assert.equal(textarea(long.body, 'reply-body').length, 20001, 'the text is kept');
		const many = await a.post('/new', [['title', 'Many topics'], ['body', 'text'],
			...Array.from({ length: 21 }, (_, i) => ['topic', `t${i}`]), ['draft', '1']]);
		assert.equal(many.status, 400);
		assert.match(many.body, /more choices than it offers/);
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM drafts'), '0');
		assert.equal((await b.post('/d/999999/reply', { body: 'to nowhere', draft: '1' })).status, 404);
	});

	test('at most 50 drafts; the account\'s deletion takes them all', async () => {
		const c = await newMember(srv.baseUrl);
		const threads = [];
		for (let i = 0; i < 51; i++) threads.push(await postDilemma(b, { title: `Thread number ${i} for drafts` }));
		await c.get(threads[0]);
		for (let i = 0; i < 50; i++)
			assert.equal((await c.post(`${threads[i]}/reply`, { body: `draft ${i}`, draft: '1' })).status, 303);
		const full = await c.post(`${threads[50]}/reply`, { body: 'one too many', draft: '1' });
		assert.equal(full.status, 409);
		assert.equal(textarea(full.body, 'reply-body'), 'one too many');
		assert.equal((await c.post(`${threads[0]}/reply`, { body: 'replacing one is fine', draft: '1' })).status, 303);
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM drafts'), '50');
		await c.get('/account/delete');
		const del = await c.post('/account/delete', { mode: 'keep', password: password(c) });
		assert.equal(del.status, 200);
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM drafts'), '0');
	});
});
