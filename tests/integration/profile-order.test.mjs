// profile-order.test.mjs: a member's specialties read in the order they chose: the one they
// know best (its own field) first, then the others; a named dilemma's byline shows them like
// a reply's (a snapshot of the first three), an anonymous one never does.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, htmlDecode } from './harness.mjs';
import { newMember, postDilemma } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

describe('specialties in the member\'s order', () => {
	let srv, a;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_threads = 100'] });
		a = await newMember(srv.baseUrl);
	});
	after(async () => { await srv?.stop(); });

	test('the main specialty first, whatever the page order of the boxes', async () => {
		await a.get('/account/profile');
		const r = await a.post('/account/profile', [['cred', 'RN'], ['spec_primary', 'cardiac'],
			['spec', 'critical-care'], ['spec', 'cardiac'], ['bio', '']]);
		assert.equal(r.status, 303, r.body.slice(0, 300));
		const form = await a.get('/account/profile');
		assert.match(form.body, /<option value="cardiac" selected>/);
		assert.match(form.body, /id="spec-critical-care" name="spec" value="critical-care" checked/);
		assertValidHtml(form.body, 'profile form');
		const thread = await postDilemma(a, { title: 'A patient asked to follow me on instagram' });
		const page = htmlDecode((await get(srv.baseUrl + thread)).body);
		assert.match(page, /Specializes in Cardiac; Critical Care/);
		const anon = await postDilemma(a, { title: 'A family member asked for my address', anonymous: true });
		assert.doesNotMatch(htmlDecode((await get(srv.baseUrl + anon)).body), /Specializes in/);
	});
});
