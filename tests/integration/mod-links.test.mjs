// mod-links.test.mjs: moderators reach a member's moderation page from their profile, and
// lift an anonymous author's suspension with a button on the thread's moderation page (the
// suspension made through that post; the author stays unnamed).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, htmlDecode, FORUMD_BIN } from './harness.mjs';
import { newMember, postDilemma, postReply, login } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');

describe('moderators\' links', () => {
	let srv, a, b, mod;
	before(async () => {
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_replies = 100'] });
		[a, b, mod] = await Promise.all([1, 2, 3].map(() => newMember(srv.baseUrl)));
		assert.equal(spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', mod.handle]).status, 0);
		mod = await login(srv.baseUrl, mod.handle, `correct horse battery staple ${mod.handle}`.split('').reverse().join(''));
	});
	after(async () => { await srv?.stop(); });

	test('a profile links to its moderation page, for moderators only', async () => {
		const link = `<a href="/moderation/member/${b.handle}">Moderate this member</a>`;
		assert.ok((await mod.get(`/u/${b.handle}`)).body.includes(link));
		assert.ok(!(await a.get(`/u/${b.handle}`)).body.includes(link));
		assert.equal((await mod.get(`/moderation/member/${b.handle}`)).status, 200);
	});

	test('an anonymous author\'s suspension is lifted with a button', async () => {
		const thread = await postDilemma(a, { title: 'A patient proposed to me on the ward' });
		const reply = await postReply(b, thread, 'Anonymously: say no kindly and tell your manager.', { anonymous: true, showTags: false });
		const tools = `/moderation/thread/${thread.split('/').pop()}`;
		await mod.get(tools);
		assert.equal((await mod.post(`/moderation/post/${reply}/suspend-author`, { days: '3', reason: 'a cooling-off', next: tools })).status, 303);
		const page = (await mod.get(tools)).body;
		assert.match(page, new RegExp(`action="/moderation/post/${reply}/unsuspend-author"[^]*?Lift the author's suspension`));
		assert.doesNotMatch(htmlDecode(page), new RegExp(b.handle), 'the author stays unnamed');
		assertValidHtml(page, 'moderation thread page');
		assert.equal((await mod.post(`/moderation/post/${reply}/unsuspend-author`, { next: tools })).status, 303);
		assert.doesNotMatch((await mod.get(tools)).body, /Lift the author's suspension/);
	});
});
