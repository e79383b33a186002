// moderation.test.mjs: moderation in a real Chromium: three members flag a reply, it disappears for readers, a moderator hides it with a reason from the queue (keyboard only), readers see the reason, and the public log shows the action.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { FORUMD_BIN, startServer } from '../integration/harness.mjs';
import { newMember } from '../integration/members.mjs';
import { launchBrowser, signedInPage } from './browser.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const REASON = 'contains patient identifiers';

describe('moderation in Chromium', () => {
	let srv, browser, problems, author, replier, flaggers, mod;

	const signedIn = (m) => signedInPage(browser, srv.baseUrl, m, problems);

	before(async () => {
		problems = [];
		srv = await startServer({ seed: true, config: ['new_member_review = 0', 'flag_threshold = 3',
			'pwhash_memlimit = 8388608', 'pwhash_opslimit = 1'] });
		[author, replier, ...flaggers] = await Promise.all([1, 2, 3, 4, 5].map(() => newMember(srv.baseUrl)));
		const m = await newMember(srv.baseUrl);
		const promoted = spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', m.handle], { encoding: 'utf8' });
		assert.equal(promoted.status, 0, promoted.stderr);
		mod = m;
		browser = await launchBrowser();
	});
	after(async () => {
		await browser?.close();
		await srv?.stop();
	});

	test('flags hide a reply, a moderator hides it with a reason, readers and the log show it', async () => {
		// The author posts a dilemma; another member replies.
		const pageA = await signedIn(author);
		await pageA.goto(`${srv.baseUrl}/new`);
		await pageA.getByLabel('Title').fill('A relative of a patient wants to meet for coffee');
		await pageA.getByLabel('Your dilemma').fill('After discharge the son asked to meet me for coffee to say thanks. Is that okay?');
		await pageA.getByLabel('Gifts & money').check();
		await pageA.getByRole('button', { name: 'Post dilemma' }).click();
		await pageA.waitForURL(/\/d\/\d+$/);
		const threadUrl = pageA.url();

		const pageR = await signedIn(replier);
		await pageR.goto(threadUrl);
		const replyText = 'I met the family of bed-side patient at the cafe on Elm once; it went badly.';
		await pageR.getByLabel('Reply', { exact: true }).fill(replyText);
		await pageR.getByRole('button', { name: 'Post reply' }).click();
		await pageR.waitForURL(/#p\d+$/);
		const replyId = /#p(\d+)$/.exec(pageR.url())[1];

		// Three members flag it through the form.
		for (const f of flaggers) {
			const page = await signedIn(f);
			await page.goto(threadUrl);
			await page.locator(`#p${replyId} a`, { hasText: 'Flag' }).click();
			await page.getByLabel(/Patient privacy/).check();
			await page.getByRole('button', { name: 'Flag the post' }).click();
			await page.waitForURL(/\/p\/\d+\/flagged$/);
			assert.match(await page.getByRole('status').textContent(), /The moderators will review the post/);
			await page.context().close();
		}

		// Readers no longer see it.
		const reader = await (await browser.newContext()).newPage();
		await reader.goto(threadUrl);
		assert.equal(await reader.locator(`#p${replyId}`).count(), 0, 'the flagged reply is hidden pending review');

		// The moderator follows the header's "Review queue" link (with its count) and hides
		// the reply with a reason, from the keyboard: Tab to the action, Enter.
		const pageM = await signedIn(mod);
		await pageM.goto(`${srv.baseUrl}/`);
		// At 1280 px the reader's links stay together: "Log out" never alone on a line.
		const middle = async (loc) => { const b = await loc.boundingBox(); return b.y + b.height / 2; };
		const logout = pageM.getByRole('button', { name: 'Log out' });
		const post = pageM.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Post a dilemma' });
		assert.ok(Math.abs(await middle(logout) - await middle(post)) < 8,
			'"Log out" on the line of the other account links');
		const queueLink = pageM.getByRole('link', { name: /^Review queue/ });
		assert.match(await queueLink.textContent(), /Review queue \d+/);
		await queueLink.focus();
		await Promise.all([pageM.waitForURL(/\/moderation$/), pageM.keyboard.press('Enter')]);
		const item = pageM.locator(`#q${replyId}`);
		await item.waitFor();
		assert.match(await item.textContent(), /3 open flag/);
		await item.getByLabel('Hide with public reason').focus();
		await item.getByLabel('Hide with public reason').selectOption(REASON);
		await pageM.keyboard.press('Tab');
		await pageM.keyboard.press('Tab');
		const focused = await pageM.evaluate(() => {
			const el = document.activeElement;
			const style = getComputedStyle(el);
			return { text: el.textContent, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
		});
		assert.equal(focused.text, 'Hide', 'Tab reaches the Hide button');
		assert.ok(focused.outline !== 'none' && focused.width >= 2, `keyboard focus is visible: ${JSON.stringify(focused)}`);
		await Promise.all([pageM.waitForNavigation(), pageM.keyboard.press('Enter')]);
		await item.waitFor({ state: 'detached' });

		// Readers see the placeholder with the reason.
		await reader.goto(threadUrl);
		const placeholder = reader.locator(`#p${replyId}`);
		assert.match(await placeholder.textContent(), new RegExp(`removed by a moderator: ${REASON}`));
		assert.ok(!(await placeholder.textContent()).includes('cafe on Elm'));

		// The public log shows the action, its target and the reason, not the moderator.
		await reader.goto(`${srv.baseUrl}/moderation/log`);
		const row = reader.locator('tr', { hasText: REASON });
		assert.match(await row.first().textContent(), /hide/);
		assert.ok((await row.first().locator('a').getAttribute('href')).endsWith(`#p${replyId}`));
		assert.ok(!(await row.first().innerHTML()).includes(mod.handle), 'the row never names the moderator');
		const unexpected = problems.filter((p) => !p.includes('/favicon'));
		assert.deepEqual(unexpected, []);
	});
});
