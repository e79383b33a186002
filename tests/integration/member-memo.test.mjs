// member-memo.test.mjs: what a worker keeps of a member between writes (store/membermemo.c:
// the inbox count, the suspension notice, the reply form's specialties and the anonymous-tag
// choices) is never shown after a write that changes it. One worker, so every read below
// meets the memo its previous read filled; each test reads twice first (the second read is
// the memo's), then writes, then reads again.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, FORUMD_BIN } from './harness.mjs';
import { newMember, postDilemma, postReply, login } from './members.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const CONFIG = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'new_member_review = 0',
	'new_member_limit_replies = 1000', 'new_member_limit_threads = 100', 'workers = 1',
	'anon_tag_k = 2'];
const passwordOf = (handle) => `correct horse battery staple ${handle}`.split('').reverse().join('');

const inboxBadge = (html) => /href="\/inbox"[^>]*>Inbox(?: <span class="badge">(\d+))?/.exec(html)?.[1] ?? '0';
const suspended = (html) => /Your account is suspended until/.test(html);
const radios = (html) => [...html.matchAll(/<input type="radio" id="reply-anon-tags-\d+" name="anon_tags" value="([^"]*)"/g)]
	.map((m) => m[1].replace(/&#124;|&vert;/g, '|'));
const specialtyBoxes = (html) => [...html.matchAll(/name="specialty" value="([^"]+)"/g)].map((m) => m[1]);

describe('a member\'s kept values are never shown after a write changes them', () => {
	let srv, asker, other, mod, thread;

	before(async () => {
		srv = await startServer({ config: CONFIG });
		[asker, other] = await Promise.all([0, 1].map(() =>
			newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['critical-care'] })));
		const moderator = await newMember(srv.baseUrl);
		assert.equal(spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', moderator.handle]).status, 0);
		mod = await login(srv.baseUrl, moderator.handle, passwordOf(moderator.handle));
		thread = await postDilemma(asker, { title: 'A patient\'s son keeps asking me out' });
	});
	after(async () => { await srv?.stop(); });

	/* m's page at path, read twice: the second answer comes from what the first kept. */
	async function readTwice(m, path) {
		const first = (await m.get(path)).body;
		const second = (await m.get(path)).body;
		return [first, second];
	}

	test('the inbox count moves with a reply, and with the reader\'s visit', async () => {
		const [first, second] = await readTwice(asker, '/');
		assert.equal(inboxBadge(first), '0');
		assert.equal(inboxBadge(second), '0');
		await postReply(other, thread, 'Tell him kindly that you keep work and your life apart.');
		assert.equal(inboxBadge((await asker.get('/')).body), '1', 'the reply is counted at once');
		await asker.get(thread);                                  // the visit moves the read mark
		assert.equal(inboxBadge((await asker.get('/')).body), '0', 'the visit is counted at once');
	});

	test('the suspension notice comes with a suspension and goes when it is lifted', async () => {
		const [first, second] = await readTwice(other, thread);
		assert.ok(!suspended(first) && !suspended(second));
		assert.equal((await mod.post(`/moderation/member/${other.handle}/suspend`,
			{ days: '3', reason: 'repeated personal attacks' })).status, 303);
		const page = (await other.get(thread)).body;
		assert.ok(suspended(page), 'the notice shows at once');
		assert.match(page, /repeated personal attacks/);
		assert.ok(suspended((await other.get('/')).body));
		assert.equal((await mod.post(`/moderation/member/${other.handle}/unsuspend`)).status, 303);
		assert.ok(!suspended((await other.get(thread)).body), 'the notice goes at once');
	});

	test('the reply form\'s specialties follow a profile change', async () => {
		const [first, second] = await readTwice(asker, thread);
		assert.deepEqual(specialtyBoxes(first), ['critical-care']);
		assert.deepEqual(specialtyBoxes(second), ['critical-care']);
		await asker.profile({ cred: ['BSN', 'RN'], specialties: ['oncology', 'critical-care'] });
		assert.deepEqual(specialtyBoxes((await asker.get(thread)).body), ['oncology', 'critical-care']);
	});

	test('the anonymous-tag choices follow another member\'s profile change (k = 2)', async () => {
		const [first, second] = await readTwice(asker, thread);
		assert.ok(radios(first).includes('|critical-care'), radios(first).join());
		assert.ok(radios(second).includes('|critical-care'));
		await other.profile({ cred: ['BSN', 'RN'], specialties: ['cardiac'] });   // one critical-care nurse left
		const now = radios((await asker.get(thread)).body);
		assert.ok(!now.includes('|critical-care'), `no longer shared by two: ${now.join()}`);
		assert.ok(now.includes('RN|'), 'credentials still shared by two');
	});
});
