// preview.test.mjs: "Preview" on the new-dilemma form, the reply form and the edit form: the
// form comes back (200) with the post rendered above it as readers will see it, and what
// the privacy guard would say, every field as the author left it; nothing is written and
// nothing counts against the posting limit. Without JavaScript: plain form posts.
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
const count = (srv, table) => sqlJson(srv.dbPath, `SELECT count(*) AS n FROM ${table}`)[0].n;
const previewOf = (html) => /<section class="preview"[\s\S]*?<\/section>/.exec(html)?.[0];
const BODY = 'I said, *kindly but firmly*, that I cannot share my number.\n\n- thank them\n- say no\n- offer the ward line';

describe('preview shows the post before it is posted', () => {
	let srv, a, b, thread;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_replies = 2',
			'new_member_limit_threads = 100'] });
		[a, b] = await Promise.all([newMember(srv.baseUrl), newMember(srv.baseUrl)]);
		thread = await postDilemma(a, { title: 'A family asked for my number at discharge' });
	});
	after(async () => { await srv?.stop(); });

	test('a new dilemma: rendered above the form, every field kept, nothing written', async () => {
		const before = count(srv, 'threads');
		await a.get('/new');
		const r = await a.post('/new', [['title', 'How do I say no to a hug at discharge?'], ['body', BODY],
			['topic', 'gifts-money'], ['topic', 'contact-social-media'], ['specialty', 'critical-care'],
			['show_tags', '1'], ['preview', '1']]);
		assert.equal(r.status, 200);
		const preview = previewOf(r.body);
		assert.ok(preview, 'a preview section');
		assert.match(preview, /<em>kindly but firmly<\/em>/);
		assert.match(preview, /<li>offer the ward line<\/li>/);
		assert.match(htmlDecode(preview), /How do I say no to a hug at discharge\?/);
		assert.doesNotMatch(preview, /privacy guard will stop/);
		assert.equal(textarea(r.body, 'd-body'), BODY);
		assert.match(r.body, /name="title" value="How do I say no to a hug at discharge\?"/);
		assert.match(r.body, /id="d-topic-gifts-money" name="topic" value="gifts-money" checked/);
		assert.match(r.body, /id="d-topic-contact-social-media" name="topic" value="contact-social-media" checked/);
		assert.match(r.body, /<option value="critical-care" selected>/);
		assert.match(r.body, /<button type="submit" name="preview" value="1"[^>]*>Preview<\/button>/);
		assert.equal(count(srv, 'threads'), before, 'nothing written');
		assertValidHtml(r.body, 'dilemma preview');
		const sent = await a.post('/new', [['title', 'How do I say no to a hug at discharge?'], ['body', BODY],
			['topic', 'gifts-money']]);
		assert.equal(sent.status, 303);
	});

	test('identifying text: the preview says what the guard will stop, still 200, nothing written', async () => {
		const before = count(srv, 'posts');
		await b.get(thread);
		const r = await b.post(`${thread}/reply`, { body: 'Mrs. Lopez in bed 4B asked me the same thing.', preview: '1' });
		assert.equal(r.status, 200);
		const preview = htmlDecode(previewOf(r.body) ?? '');
		assert.match(preview, /privacy guard will stop/);
		assert.match(preview, /<mark>Mrs\. Lopez<\/mark>/);
		assert.equal(count(srv, 'posts'), before);
		assertValidHtml(r.body, 'guarded preview');
	});

	test('a reply: the thread page with the reply form as left and the preview in it; no limit used', async () => {
		const before = count(srv, 'posts');
		await b.get(thread);
		for (let i = 0; i < 3; i++) {   /* the hourly limit here is 2 replies */
			const r = await b.post(`${thread}/reply`, { body: BODY, show_tags: '1', preview: '1' });
			assert.equal(r.status, 200);
			const form = /<section class="reply-form"[\s\S]*?<\/section>\s*<form/.exec(r.body)?.[0] ?? '';
			assert.match(form, /<em>kindly but firmly<\/em>/, 'the preview sits in the reply form');
			assert.doesNotMatch(form, /preview-title/, 'a reply has no title of its own');
			assert.equal(textarea(r.body, 'reply-body'), BODY);
		}
		assert.equal(count(srv, 'posts'), before, 'nothing written');
		const id = await postReply(b, thread, 'Posted after three previews, within the limit.');
		assert.ok(id > 0);
	});

	test('an edit: the changed text previewed, the post unchanged until saved', async () => {
		const id = await postReply(a, thread, 'My first version of this reply.');
		await a.get(`/p/${id}/edit`);
		const r = await a.post(`/p/${id}/edit`, { body: 'My **second** version.', preview: '1' });
		assert.equal(r.status, 200);
		assert.match(previewOf(r.body) ?? '', /<strong>second<\/strong>/);
		assert.equal(textarea(r.body, 'e-body'), 'My **second** version.');
		assert.deepEqual(sqlJson(srv.dbPath, `SELECT body_md, edited_at FROM posts WHERE id = ${id}`),
			[{ body_md: 'My first version of this reply.', edited_at: null }]);
		assertValidHtml(r.body, 'edit preview');
	});

	test('a preview with a field error shows the error, not a preview', async () => {
		await a.get('/new');
		const r = await a.post('/new', { title: 'Too short', body: 'short', topic: 'gifts-money', preview: '1' });
		assert.equal(r.status, 400);
		assert.equal(previewOf(r.body), undefined);
		assert.match(r.body, /class="field-error"/);
	});
});
