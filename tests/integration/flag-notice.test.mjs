// flag-notice.test.mjs: after flagging a post the reader gets a notice (GET /p/:id/flagged,
// after the POST's redirect) with the way back, and on the thread page their Flag link for
// that post reads "Flagged", in the page kept for members and the one rendered whole alike;
// other readers still see "Flag".
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, htmlDecode } from './harness.mjs';
import { newMember, postDilemma, postReply } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

describe('flagging says it was done', () => {
	let srv, a, b, c, d, thread, reply;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_replies = 100',
			'flag_threshold = 5'] });
		[a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => newMember(srv.baseUrl)));
		thread = await postDilemma(a, { title: 'A relative wants my home address' });
		reply = await postReply(b, thread, 'Buy my supplements, link in my profile.');
	});
	after(async () => { await srv?.stop(); });

	const flagLink = (html, id) => new RegExp(`<a class="small-link" href="/p/${id}/flag">Flag</a>`).test(html);
	const flagged = (html) => /<span class="small-link flagged">Flagged<\/span>/.test(html);

	test('the POST redirects to a notice that leads back to the post', async () => {
		await c.get(`/p/${reply}/flag`);
		const r = await c.post(`/p/${reply}/flag`, { reason: 'spam' });
		assert.equal(r.status, 303);
		assert.equal(r.location, `/p/${reply}/flagged`);
		const notice = await c.get(r.location);
		assert.equal(notice.status, 200);
		const text = htmlDecode(notice.body);
		assert.match(text, /<h1>Thank you: flagged<\/h1>/);
		assert.match(text, /The moderators will review the post/);
		assert.match(notice.body, new RegExp(`<a href="${thread}#p${reply}">Back to the dilemma`));
		assertValidHtml(notice.body, 'flag notice');
		assert.equal((await d.get(`/p/${reply}/flagged`)).status, 404, 'only for who flagged it');
	});

	test('the thread page says "Flagged" to who flagged, "Flag" to others, both ways of rendering', async () => {
		for (let round = 0; round < 2; round++) {   /* the first view keeps the page, the second uses it */
			const mine = (await c.get(thread)).body;
			assert.ok(flagged(mine), `"Flagged" (view ${round + 1})`);
			assert.ok(!flagLink(mine, reply), `no Flag link (view ${round + 1})`);
			const other = (await d.get(thread)).body;
			assert.ok(flagLink(other, reply) && !flagged(other), `others still see Flag (view ${round + 1})`);
		}
		const whole = (await c.get(`${thread}?sort=oldest`)).body;
		assert.ok(flagged(whole));
	});
});

describe('"Flagged" on a page rendered whole (page_cache = 0)', () => {
	let srv;
	before(async () => { srv = await startServer({ config: ['new_member_review = 0', 'page_cache = 0'] }); });
	after(async () => { await srv?.stop(); });

	test('who flagged sees "Flagged" on the dilemma they flagged', async () => {
		const [a, c] = await Promise.all([newMember(srv.baseUrl), newMember(srv.baseUrl)]);
		const thread = await postDilemma(a, { title: 'A patient keeps messaging my work phone' });
		const page = (await c.get(thread)).body;
		const dilemma = Number(/href="\/p\/(\d+)\/flag"/.exec(page)[1]);
		assert.equal((await c.post(`/p/${dilemma}/flag`, { reason: 'off-topic' })).status, 303);
		const after = (await c.get(thread)).body;
		assert.match(after, /<span class="small-link flagged">Flagged<\/span>/);
		assert.doesNotMatch(after, new RegExp(`href="/p/${dilemma}/flag"`));
	});
});
