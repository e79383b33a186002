// empty-states.test.mjs: empty states say what to do next and link to it: an empty topic's
// page offers to post the first dilemma there, and /new?topic= (or ?specialty=) comes with
// that topic ticked (or that setting chosen); the author of a reply waiting for review does
// not read "No replies yet" above it.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, htmlDecode } from './harness.mjs';
import { newMember, postDilemma, postReply } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

describe('empty states lead somewhere', () => {
	let srv, a, b;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_replies = 100'] });
		[a, b] = await Promise.all([newMember(srv.baseUrl), newMember(srv.baseUrl)]);
	});
	after(async () => { await srv?.stop(); });

	test('an empty topic offers to post there, and the form comes with the topic ticked', async () => {
		const page = await get(`${srv.baseUrl}/t/touch-hugs`);
		assert.equal(page.status, 200);
		assert.match(htmlDecode(page.body), /Nothing here yet/);
		assert.match(page.body, /<a href="\/new\?topic=touch-hugs">Post the first dilemma here<\/a>/);
		assertValidHtml(page.body, 'empty topic');
		const form = (await a.get('/new?topic=touch-hugs')).body;
		assert.match(form, /id="d-topic-touch-hugs" name="topic" value="touch-hugs" checked/);
		assert.equal((form.match(/name="topic" value="[^"]*" checked/g) ?? []).length, 1, 'that topic alone');
		const setting = (await a.get('/new?specialty=critical-care')).body;
		assert.match(setting, /<option value="critical-care" selected>/);
		const unknown = (await a.get('/new?topic=no-such-topic')).body;
		assert.doesNotMatch(unknown, /name="topic" value="[^"]*" checked/);
	});

	test('the author of a held reply reads "1 reply", not "No replies yet"', async () => {
		const thread = await postDilemma(a, { title: 'A patient left me a voicemail at home' });
		await b.get(thread);
		/* posted despite the privacy guard: held for review */
		const r = await b.post(`${thread}/reply`, { body: 'Mrs. Lopez did the same; return the call from the ward phone.', guard_ack: '1' });
		assert.equal(r.status, 303);
		const mine = htmlDecode((await b.get(thread)).body);
		assert.match(mine, /Awaiting review/);
		assert.doesNotMatch(mine, /No replies yet/);
		assert.match(mine, />1 reply</);
		assert.match(htmlDecode((await get(srv.baseUrl + thread)).body), /No replies yet/, 'others see none yet');
	});

	test('the empty inbox and curated page say what to do next and link to it', async () => {
		const c = await newMember(srv.baseUrl);
		const inbox = htmlDecode((await c.get('/inbox')).body);
		assert.match(inbox, /Nothing new\./);
		assert.match(inbox, /<a href="\/unanswered">Answer a dilemma nobody has answered yet<\/a>/);
		const curated = await get(`${srv.baseUrl}/curated`);
		assert.match(htmlDecode(curated.body), /Nothing curated yet\./);
		assert.match(curated.body, /<a href="\/unanswered">answer one nobody has yet<\/a>/);
		assertValidHtml(curated.body, 'empty curated page');
	});
});
