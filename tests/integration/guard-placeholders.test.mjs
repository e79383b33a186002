// guard-placeholders.test.mjs: "Replace these with placeholders" on the privacy guard's page:
// the form comes back (200) with each identifying passage of the text, the title and a
// quoted passage replaced by what it is ("[name]", "[phone]", "[date]"), nothing written;
// posting that text goes through. Without JavaScript: plain form posts.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, htmlDecode } from './harness.mjs';
import { newMember, postDilemma, postReply } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

function sqlJson(db, q) {
	const r = spawnSync('sqlite3', ['-json', '-cmd', '.timeout 5000', db, q], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim() ? JSON.parse(r.stdout) : [];
}

const textarea = (html, id) => htmlDecode(new RegExp(`<textarea id="${id}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1] ?? '');
const inputValue = (html, name) => htmlDecode(new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '');
const posts = (srv) => sqlJson(srv.dbPath, 'SELECT count(*) AS n FROM posts')[0].n;

describe('the guard replaces identifying passages with placeholders for the author to check', () => {
	let srv, a, b, thread;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_replies = 100'] });
		[a, b] = await Promise.all([newMember(srv.baseUrl), newMember(srv.baseUrl)]);
		thread = await postDilemma(a, { title: 'A family asked for my number at discharge' });
	});
	after(async () => { await srv?.stop(); });

	test('a reply: 422 offers the button; pressing it shows the text with placeholders and writes nothing', async () => {
		const body = 'Mrs. Lopez in bed 4B, DOB 03/14/1951, asked me to call her daughter at 555-201-3344.';
		await b.get(thread);
		const first = await b.post(`${thread}/reply`, { body });
		assert.equal(first.status, 422);
		assert.match(first.body, /<button type="submit" name="guard_fix" value="1"[^>]*>Replace these with placeholders<\/button>/);
		const before = posts(srv);
		const fixed = await b.post(`${thread}/reply`, { body, guard_fix: '1' });
		assert.equal(fixed.status, 200);
		assert.equal(textarea(fixed.body, 'guard-body'),
			'[name] in bed 4B, DOB [date], asked me to call her daughter at [phone].');
		assert.match(htmlDecode(fixed.body), /3 passages replaced\./);
		assert.doesNotMatch(fixed.body, /name="guard_fix"/, 'no second replace button');
		assert.equal(posts(srv), before, 'nothing written');
		assertValidHtml(first.body, 'guard page');
		assertValidHtml(fixed.body, 'placeholder page');
		const sent = await b.post(`${thread}/reply`, { body: textarea(fixed.body, 'guard-body') });
		assert.equal(sent.status, 303, sent.body.slice(0, 300));
		const id = Number(/#p(\d+)$/.exec(sent.location)[1]);
		assert.deepEqual(sqlJson(srv.dbPath, `SELECT state, body_md FROM posts WHERE id = ${id}`),
			[{ state: 'visible', body_md: '[name] in bed 4B, DOB [date], asked me to call her daughter at [phone].' }]);
	});

	test('a dilemma: its title gets placeholders too, the other fields are kept', async () => {
		const title = 'Frank Delaney in room 9 offered me cash';
		await a.get('/new');
		const r = await a.post('/new', { title, body: 'He owns the diner on Main St and keeps asking. '.repeat(3),
			topic: 'gifts-money', guard_fix: '1' });
		assert.equal(r.status, 200);
		assert.equal(inputValue(r.body, 'title'), '[name] in room 9 offered me cash');
		assert.match(textarea(r.body, 'guard-body'), /owns the diner on \[address\] and keeps asking/);
		assert.equal(inputValue(r.body, 'topic'), 'gifts-money');
	});

	test('a quoted passage carried with the reply gets placeholders too', async () => {
		const source = await postReply(a, thread, 'Say no kindly and point them to the unit phone.');
		await b.get(thread);
		const r = await b.post(`${thread}/reply`, { body: 'I agree, her son Mike asked me the same.',
			quote_post: String(source), quote_text: 'Say no kindly, Mrs. Okafor.', guard_fix: '1' });
		assert.equal(r.status, 200);
		assert.equal(inputValue(r.body, 'quote_text'), 'Say no kindly, [name].');
		assert.equal(textarea(r.body, 'guard-body'), 'I agree, her son [name] asked me the same.');
	});
});
