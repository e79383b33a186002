// dilemma-prompts.test.mjs: the new-dilemma form's optional prompts (issue 14): "What happened",
// "What you said or did", "What you are asking", each answered one a headed section of the
// dilemma after its own text; their checks name the field and keep the text; the guard page
// shows the composed text whole; a draft keeps them.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, htmlDecode } from './harness.mjs';
import { newMember } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

function sql(db, q) {
	const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, q], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

const HAPPENED = 'A patient I cared for asked for my phone number at discharge.';
const SAID = 'I smiled and changed the subject, which felt dishonest.';
const ASKING = 'How do you politely turn down a request like this?';

describe('the dilemma prompts', () => {
	let srv, a;
	const threads = () => Number(sql(srv.dbPath, 'SELECT count(*) FROM threads'));
	const post = (fields) => a.post('/new', [['title', 'A patient asked for my number'],
		['topic', 'contact-social-media'], ...Object.entries(fields)]);
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_threads = 100'] });
		a = await newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['med-surg'] });
	});
	after(async () => { await srv?.stop(); });

	test('the form offers them, labelled, and its JSON lists them', async () => {
		const page = (await a.get('/new')).body;
		assertValidHtml(page, 'new dilemma');
		for (const [field, label] of [['happened', 'What happened'], ['said', 'What you said or did'], ['asking', 'What you are asking']]) {
			assert.match(page, new RegExp(`<label for="d-${field}">${label}</label>`));
			assert.match(page, new RegExp(`<textarea id="d-${field}" name="${field}" rows="4" aria-describedby="d-${field}-hint">`));
		}
		assert.doesNotMatch(page, /<textarea id="d-body"[^>]* required/, 'the text may come from the prompts alone');
		const m = JSON.parse((await a.get('/new', { json: true })).body);
		assert.deepEqual(m.prompts.map((p) => [p.field, p.label, p.value]),
			[['happened', 'What happened', ''], ['said', 'What you said or did', ''], ['asking', 'What you are asking', '']]);
	});

	test('each answered prompt is a headed section, after the dilemma\'s own text', async () => {
		const r = await post({ body: 'Some context first.', happened: HAPPENED, asking: ASKING });
		assert.equal(r.status, 303, r.body.slice(0, 300));
		const page = htmlDecode((await a.get(r.location)).body);
		const at = ['<p>Some context first.</p>', '<h2>What happened</h2>', `<p>${HAPPENED}</p>`,
			'<h2>What you are asking</h2>', `<p>${ASKING}</p>`].map((s) => page.indexOf(s));
		assert.ok(at.every((i) => i > 0), `all there: ${at}`);
		assert.deepEqual([...at].sort((x, y) => x - y), at, 'in order');
		assert.ok(!page.includes('What you said or did</h2>'), 'an unanswered prompt has no section');
		const m = JSON.parse((await a.get(r.location, { json: true })).body);
		assert.match(m.dilemma.body_html, /<h2>What happened<\/h2>/, 'the JSON model too');
	});

	test('the prompts alone make a dilemma', async () => {
		const r = await post({ body: '', happened: HAPPENED, said: SAID, asking: ASKING });
		assert.equal(r.status, 303, r.body.slice(0, 300));
		const page = htmlDecode((await a.get(r.location)).body);
		assert.ok(page.indexOf('<h2>What happened</h2>') < page.indexOf('<h2>What you said or did</h2>'));
		assert.ok(page.includes(`<p>${SAID}</p>`));
	});

	test('a code block left open in one piece is closed before the next section', async () => {
		const r = await post({ body: 'What I wrote in the chart:\n\n````text\nPt requests RN phone number', happened: HAPPENED });
		assert.equal(r.status, 303, r.body.slice(0, 300));
		const page = htmlDecode((await a.get(r.location)).body);
		assert.match(page, /<code class="language-text">Pt requests RN phone number\n<\/code><\/pre>\n<h2>What happened<\/h2>/);
	});

	test('too little in all: 400 naming the text field, every prompt kept, nothing written', async () => {
		const before = threads();
		const r = await post({ body: '', happened: 'Short.', said: 'Also short.' });
		assert.equal(r.status, 400);
		assert.match(r.body, /<textarea id="d-body"[^>]*aria-invalid="true"/);
		assert.match(htmlDecode(r.body), /Please write at least 20 characters, here or under the prompts; there are 17\./);
		assert.match(r.body, /<textarea id="d-happened"[^>]*>Short\.<\/textarea>/);
		assert.match(r.body, /<textarea id="d-said"[^>]*>Also short\.<\/textarea>/);
		assert.equal(threads(), before);
		const m = JSON.parse((await a.post('/new', [['title', 'A patient asked for my number'], ['topic', 'contact-social-media'],
			['happened', 'Short.']], { json: true })).body);
		assert.equal(m.prompts[0].value, 'Short.');
	});

	test('a prompt with a refused character: 400 naming that prompt, nothing written', async () => {
		const before = threads();
		const r = await post({ body: HAPPENED, said: 'I said \u0007no.' });
		assert.equal(r.status, 400);
		assert.match(r.body, /<textarea id="d-said"[^>]*aria-invalid="true"/);
		assert.match(r.body, /id="d-said-error">The text under this prompt holds characters that cannot be posted/);
		assert.doesNotMatch(r.body, /<textarea id="d-body"[^>]*aria-invalid/);
		assert.match(r.body, new RegExp(`<textarea id="d-body"[^>]*>${HAPPENED}</textarea>`));
		assert.equal(threads(), before);
	});

	test('too long with the headings: 400 naming the text field', async () => {
		const r = await post({ body: 'x'.repeat(19990), happened: 'y'.repeat(20) });
		assert.equal(r.status, 400);
		assert.match(htmlDecode(r.body), /The dilemma with its prompts' headings must be at most 20000 characters; it is 20030\./);
	});

	test('the guard page shows the composed text whole and carries no prompt apart: posted once, not twice', async () => {
		const r = await post({ body: '', happened: `${HAPPENED} Her number is 555-867-5309 if that matters.`, asking: ASKING });
		assert.equal(r.status, 422, r.body.slice(0, 300));
		const body = htmlDecode(/<textarea id="guard-body" name="body"[^>]*>([^<]*)<\/textarea>/.exec(r.body)[1]);
		assert.match(body, /^## What happened\n\n.*555-867-5309.*\n\n## What you are asking\n\n/s);
		assert.doesNotMatch(r.body, /name="(happened|said|asking)"/);
		const fields = [...r.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)]
			.map((x) => [x[1], htmlDecode(x[2])]).filter(([k]) => k !== 'csrf');
		const again = await a.post('/new', [...fields, ['title', 'A patient asked for my number'],
			['body', body.replace('Her number is 555-867-5309 if that matters.', '')]]);
		assert.equal(again.status, 303, again.body.slice(0, 300));
		const page = htmlDecode((await a.get(again.location)).body);
		assert.equal(page.split('<h2>What happened</h2>').length, 2, 'one section, not two');
		assert.equal(page.split('<h2>What you are asking</h2>').length, 2);
	});

	test('a draft keeps the prompts, and the account page shows the first one answered', async () => {
		const r = await post({ body: '', happened: HAPPENED, said: SAID, draft: '1' });
		assert.equal(r.status, 303);
		const page = (await a.get('/new')).body;
		assert.match(page, new RegExp(`<textarea id="d-happened"[^>]*>${HAPPENED}</textarea>`));
		assert.match(page, new RegExp(`<textarea id="d-said"[^>]*>${SAID}</textarea>`));
		assert.ok(htmlDecode((await a.get('/account/sessions')).body).includes(HAPPENED.slice(0, 40)), 'the draft\'s excerpt');
	});

	test('a refused post (an expired form token) keeps every prompt\'s text on the error page', async () => {
		const r = await a.post('/new', [['csrf', 'not-the-token'], ['title', 'A patient asked for my number'],
			['topic', 'contact-social-media'], ['happened', HAPPENED], ['asking', ASKING]]);
		assert.equal(r.status, 403);
		const page = htmlDecode(r.body);
		assert.ok(page.includes(HAPPENED) && page.includes(ASKING), 'both prompts kept');
	});

	test('a NUL in a prompt: 400, the message says it may be in a prompt', async () => {
		const before = threads();
		const raw = new URLSearchParams([['csrf', a.csrf], ['title', 'A patient asked for my number'],
			['topic', 'contact-social-media'], ['body', HAPPENED]]).toString() + '&said=I%00said';
		const r = await a.post('/new', {}, { raw });
		assert.equal(r.status, 400);
		assert.match(r.body, /The text or one of the prompts holds a NUL character/);
		assert.equal(threads(), before);
	});
});
