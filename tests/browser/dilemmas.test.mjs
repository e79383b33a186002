// dilemmas.test.mjs: the dilemma flow in a real Chromium, through the pages' own forms (no JavaScript needed): a dilemma written with the prompts alone; anonymous dilemma, tagged reply, same alias, OP mark, best order, search, specialty filter; the privacy guard's placeholders; preview on a phone with JavaScript off; following a dilemma; notifications and the private feed; saving a draft; deleting one's reply after a confirmation page.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../integration/harness.mjs';
import { newMember } from '../integration/members.mjs';
import { PHONE, SHOTS, launchBrowser, makeScreenshotsDir, signedInPage } from './browser.mjs';

describe('dilemmas in Chromium', () => {
	let srv, browser, pageA, pageB, problems;

	/* A browser context signed in as member m (its cookies copied from the test client). */
	const signedIn = (m) => signedInPage(browser, srv.baseUrl, m, problems);

	before(async () => {
		makeScreenshotsDir();
		problems = [];
		srv = await startServer({ seed: true, config: ['new_member_review = 0', 'new_member_limit_threads = 100',
			'new_member_limit_replies = 100'] });
		const a = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['med-surg'] });
		const b = await newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['critical-care', 'pediatrics', 'cardiac'] });
		browser = await launchBrowser();
		pageA = await signedIn(a);
		pageB = await signedIn(b);
	});
	after(async () => {
		await browser?.close();
		await srv?.stop();
	});

	test('a dilemma written with the prompts alone posts from the form and shows headed sections', async () => {
		await pageA.goto(`${srv.baseUrl}/new`);
		await pageA.getByLabel('Title').fill('A family asked me to witness a will');
		await pageA.getByLabel('What happened', { exact: true }).fill('A patient\'s son asked me to sign as a witness to his mother\'s will.');
		await pageA.getByLabel('What you are asking', { exact: true }).fill('Is witnessing a will outside my role?');
		await pageA.getByLabel('Gifts & money').check();
		await pageA.getByRole('button', { name: 'Post dilemma' }).click();
		await pageA.waitForURL(/\/d\/\d+$/);
		const body = pageA.locator('article.dilemma');
		assert.deepEqual(await body.locator('h2').allTextContents(), ['What happened', 'What you are asking']);
		assert.match(await body.textContent(), /sign as a witness[\s\S]*outside my role/);
	});

	test('anonymous dilemma, tagged reply, same alias, OP mark, best order, search and filter', async () => {
		// A posts a dilemma anonymously.
		await pageA.goto(`${srv.baseUrl}/new`);
		await pageA.getByLabel('Title').fill('My patient\'s daughter keeps messaging me');
		await pageA.getByLabel('Your dilemma').fill('She found me online and asks for updates about her mother after my shifts. How do I answer kindly?');
		await pageA.getByLabel('Personal contact & social media').check();
		await pageA.getByLabel(/Post anonymously/).check();
		await pageA.getByRole('button', { name: 'Post dilemma' }).click();
		await pageA.waitForLoadState('load');
		await pageA.waitForURL(/\/d\/\d+$/);
		const threadUrl = pageA.url();
		const alias = (await pageA.locator('article.dilemma .byline .anonymous').textContent()).trim();
		assert.match(alias, /^Anonymous [A-Z][a-z]+$/);

		// B replies tagged Critical Care and Pediatrics (and not Cardiac).
		await pageB.goto(threadUrl);
		await pageB.getByLabel('Reply', { exact: true }).fill('Redirect her to the unit phone; a kaleidoscope of boundaries applies here.');
		await pageB.getByLabel('Cardiac').uncheck();
		assert.ok(await pageB.getByLabel('Critical Care').isChecked());
		assert.ok(await pageB.getByLabel('Pediatrics').isChecked());
		await pageB.getByRole('button', { name: 'Post reply' }).click();
		await pageB.waitForURL(/#p\d+$/);
		const bReply = pageB.locator('article.reply', { hasText: 'kaleidoscope' });
		assert.match(await bReply.locator('.byline').textContent(), /Specializes in Critical Care; Pediatrics/);

		// A replies anonymously as the same alias, then marks B's reply.
		await pageA.goto(threadUrl);
		await pageA.getByLabel('Reply', { exact: true }).fill('Thank you, I will try that tomorrow.');
		await pageA.getByLabel(/Post anonymously/).check();
		await pageA.getByRole('button', { name: 'Post reply' }).click();
		await pageA.waitForURL(/#p\d+$/);
		const aReply = pageA.locator('article.reply', { hasText: 'I will try that tomorrow' });
		assert.equal((await aReply.locator('.byline .anonymous').textContent()).trim(), alias);
		assert.equal(await aReply.locator('.badge-op').count(), 1);
		await pageA.locator('article.reply', { hasText: 'kaleidoscope' }).getByRole('button', { name: 'This helped me' }).click();
		await pageA.waitForURL(/#p\d+$/);

		// B's reply sorts first under "best".
		await pageA.goto(threadUrl);
		const first = pageA.locator('ol.reply-list > li').first();
		assert.match(await first.textContent(), /kaleidoscope/);
		assert.equal(await first.locator('.badge-pick').count(), 1);
		await pageA.screenshot({ path: join(SHOTS, 'thread.png'), fullPage: true });

		// Search finds the thread by a word from B's reply.
		await pageB.goto(`${srv.baseUrl}/search`);
		await pageB.getByLabel('Search dilemmas and replies').fill('kaleidoscope');
		await pageB.getByRole('button', { name: 'Search' }).click();
		await pageB.waitForURL(/\/search\?q=kaleidoscope/);
		assert.match(await pageB.locator('.search-results').textContent(), /My patient's daughter keeps messaging me/);
		assert.equal(await pageB.locator('.search-results mark').first().textContent(), 'kaleidoscope');

		// The Critical Care filter shows B's reply only.
		await pageB.goto(threadUrl);
		await pageB.locator('.specialty-counts').getByRole('link', { name: /Critical Care/ }).click();
		await pageB.waitForURL(/specialty=critical-care/);
		const shown = pageB.locator('ol.reply-list > li');
		assert.equal(await shown.count(), 1);
		assert.match(await shown.first().textContent(), /kaleidoscope/);
		await pageB.screenshot({ path: join(SHOTS, 'thread-filtered.png'), fullPage: true });
		assert.deepEqual(problems, []);
	});

	test('the privacy guard replaces identifying details with placeholders, then the reply posts', async () => {
		await pageA.goto(`${srv.baseUrl}/new`);
		await pageA.getByLabel('Title').fill('A relative keeps calling the ward for me');
		await pageA.getByLabel('Your dilemma').fill('She wants me to call her back on my own phone after shifts. How do I say no kindly?');
		await pageA.getByLabel('Personal contact & social media').check();
		await pageA.getByRole('button', { name: 'Post dilemma' }).click();
		await pageA.waitForURL(/\/d\/\d+$/);
		const threadUrl = pageA.url();

		await pageB.goto(threadUrl);
		await pageB.getByLabel('Reply', { exact: true }).fill('Mrs. Lopez in bed 4B asked me the same, and gave me 555-201-3344.');
		await pageB.getByRole('button', { name: 'Post reply' }).click();
		await pageB.waitForLoadState('load');
		assert.match(await pageB.locator('h1').textContent(), /Check your post for identifying details/);
		await pageB.getByRole('button', { name: 'Replace these with placeholders' }).click();
		await pageB.waitForLoadState('load');
		assert.equal(await pageB.getByLabel('Your text').inputValue(), '[name] in bed 4B asked me the same, and gave me [phone].');
		assert.match(await pageB.getByRole('status').textContent(), /2 passages replaced/);
		await pageB.screenshot({ path: join(SHOTS, 'guard-placeholders.png'), fullPage: true });
		await pageB.getByRole('button', { name: 'Check again and post' }).click();
		await pageB.waitForURL(/\/d\/\d+#p\d+$/);
		const reply = pageB.locator('article.reply', { hasText: 'asked me the same' });
		assert.match(await reply.textContent(), /\[name\] in bed 4B asked me the same, and gave me \[phone\]\./);
		// the guard page itself answers 422 (the post was not made): Chromium logs that
		assert.deepEqual(problems.filter((p) => !/status of 422|^HTTP 422: .*\/reply$/.test(p)), []);
	});

	test('on a phone with JavaScript off, Preview shows the reply as it will read, then it posts', async () => {
		const c = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['med-surg'] });
		const phone = await signedInPage(browser, srv.baseUrl, c, problems, { viewport: PHONE, javaScript: false });
		await pageA.goto(`${srv.baseUrl}/new`);
		await pageA.getByLabel('Title').fill('A patient wants to hug me at discharge');
		await pageA.getByLabel('Your dilemma').fill('Every shift he asks for a hug goodbye. How do I say no without hurting him?');
		await pageA.getByLabel('Personal contact & social media').check();
		await pageA.getByRole('button', { name: 'Post dilemma' }).click();
		await pageA.waitForURL(/\/d\/\d+$/);
		await phone.goto(pageA.url());
		await phone.getByLabel('Reply', { exact: true }).fill('Say it *warmly*: "I\'d rather shake your hand."');
		await phone.getByRole('button', { name: 'Preview' }).click();
		await phone.waitForLoadState('load');
		const preview = phone.locator('section.preview');
		assert.match(await preview.locator('h2').textContent(), /Preview: not posted yet/);
		assert.equal(await preview.locator('.preview-body em').textContent(), 'warmly');
		assert.equal(await phone.getByLabel('Reply', { exact: true }).inputValue(), 'Say it *warmly*: "I\'d rather shake your hand."');
		const width = await phone.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(width <= 390, `no sideways scrolling on a phone (${width}px)`);
		await phone.screenshot({ path: join(SHOTS, 'preview-phone-nojs.png'), fullPage: true });
		await phone.getByRole('button', { name: 'Post reply' }).click();
		await phone.waitForURL(/\/d\/\d+#p\d+$/);
		assert.equal(await phone.locator('article.reply em', { hasText: 'warmly' }).count(), 1);
		await phone.context().close();
		assert.deepEqual(problems.filter((p) => !/status of 422|^HTTP 422: .*\/reply$/.test(p)), []);
	});

	test('with JavaScript off, a member follows a dilemma and its new reply shows in the inbox', async () => {
		const d = await newMember(srv.baseUrl);
		const page = await signedInPage(browser, srv.baseUrl, d, problems, { javaScript: false });
		await pageA.goto(`${srv.baseUrl}/new`);
		await pageA.getByLabel('Title').fill('A patient wants to send me a postcard from home');
		await pageA.getByLabel('Your dilemma').fill('He asked for my home address to send a postcard after discharge. Is that ever okay?');
		await pageA.getByLabel('Personal contact & social media').check();
		await pageA.getByRole('button', { name: 'Post dilemma' }).click();
		await pageA.waitForURL(/\/d\/\d+$/);
		const threadUrl = pageA.url();
		await page.goto(threadUrl);
		await page.getByRole('button', { name: 'Follow this dilemma' }).click();
		await page.waitForURL(/#follow$/);
		assert.equal(await page.getByRole('button', { name: 'Following: stop' }).getAttribute('aria-pressed'), 'true');
		await pageB.goto(threadUrl);
		await pageB.getByLabel('Reply', { exact: true }).fill('The ward address works: he can send it there.');
		await pageB.getByRole('button', { name: 'Post reply' }).click();
		await pageB.waitForURL(/#p\d+$/);
		await page.goto(`${srv.baseUrl}/inbox`);
		await page.getByRole('link', { name: 'A patient wants to send me a postcard from home' }).click();
		await page.waitForURL(/\/d\/\d+#p\d+$/);
		await page.context().close();
		assert.deepEqual(problems.filter((p) => !/status of 422|^HTTP 422: .*\/reply$/.test(p)), []);
	});

	test('with JavaScript off, a member sees a mention in the header count and on the notifications page, and makes a private feed', async () => {
		const e = await newMember(srv.baseUrl);
		const page = await signedInPage(browser, srv.baseUrl, e, problems, { javaScript: false });
		await pageA.goto(`${srv.baseUrl}/new`);
		await pageA.getByLabel('Title').fill('A colleague asked me to cover for her lateness');
		await pageA.getByLabel('Your dilemma').fill(`She asks me to clock her in when she is late. @${e.handle} had the same, what did you do?`);
		await pageA.getByLabel('Coworkers & managers').check();
		await pageA.getByRole('button', { name: 'Post dilemma' }).click();
		await pageA.waitForURL(/\/d\/\d+$/);
		await page.goto(`${srv.baseUrl}/`);
		const link = page.getByRole('link', { name: /^Notifications 1 new$/ });
		assert.equal(await link.count(), 1, 'the header counts one new notification');
		await link.click();
		await page.waitForURL(/\/notifications$/);
		assert.match(await page.locator('.note-new').first().textContent(), /mentioned you in/);
		assert.equal(await page.getByRole('link', { name: /^Notifications$/ }).count(), 1, 'seen: no count left');
		await page.getByRole('button', { name: 'Make a private feed address' }).click();
		const url = await page.getByLabel('Your feed\'s address').inputValue();
		const feed = await fetch(url);
		assert.equal(feed.status, 200);
		assert.match(await feed.text(), /mentioned you in/);
		await page.goto(`${srv.baseUrl}/notifications`);
		await page.getByRole('button', { name: 'Stop the feed' }).click();
		await page.waitForURL(/feed=stopped#feed$/);
		assert.equal((await fetch(url)).status, 404);
		await page.context().close();
		assert.deepEqual(problems.filter((p) => !/status of 4(04|22)|^HTTP 4(04|22): /.test(p)), []);
	});

	test('with JavaScript off, a member saves a half-written reply as a draft, finds it on the account page and in the form, then posts it', async () => {
		const f = await newMember(srv.baseUrl);
		const page = await signedInPage(browser, srv.baseUrl, f, problems, { javaScript: false });
		await pageA.goto(`${srv.baseUrl}/new`);
		await pageA.getByLabel('Title').fill('A patient asked me to witness her will');
		await pageA.getByLabel('Your dilemma').fill('She wants me to sign as a witness before discharge. Am I allowed to?');
		await pageA.getByLabel('Gifts & money').check();
		await pageA.getByRole('button', { name: 'Post dilemma' }).click();
		await pageA.waitForURL(/\/d\/\d+$/);
		const threadUrl = pageA.url();
		await page.goto(threadUrl);
		await page.getByLabel('Reply', { exact: true }).fill('Check your');   // too short to post: a draft keeps it
		await page.getByRole('button', { name: 'Save draft' }).click();
		await page.waitForURL(/\?draft=saved#reply$/);
		assert.match(await page.locator('.draft-notice').textContent(), /Draft saved\./);
		assert.equal(await page.getByLabel('Reply', { exact: true }).inputValue(), 'Check your');
		await page.goto(`${srv.baseUrl}/account/sessions`);
		await page.screenshot({ path: join(SHOTS, 'drafts-account.png'), fullPage: true });
		await page.getByRole('link', { name: 'A patient asked me to witness her will' }).click();
		const reply = page.getByLabel('Reply', { exact: true });
		assert.equal(await reply.inputValue(), 'Check your');
		await reply.fill('Check your employer\'s policy first: most forbid witnessing a patient\'s will.');
		await page.getByRole('button', { name: 'Post reply' }).click();
		await page.waitForURL(/\/d\/\d+#p\d+$/);
		assert.equal(await page.locator('.draft-notice').count(), 0, 'posted: the draft is gone');
		await page.goto(`${srv.baseUrl}/account/sessions`);
		assert.match(await page.locator('#drafts + p').textContent(), /No drafts\./);
		await page.context().close();
		assert.deepEqual(problems.filter((p) => !/status of 4(04|22)|^HTTP 4(04|22): /.test(p)), []);
	});

	test('with JavaScript off, deleting one\'s reply asks first: "Keep it" changes nothing, "Delete it" removes it', async () => {
		const g = await newMember(srv.baseUrl);
		const page = await signedInPage(browser, srv.baseUrl, g, problems, { javaScript: false });
		await pageA.goto(`${srv.baseUrl}/new`);
		await pageA.getByLabel('Title').fill('A patient invited me to his wedding');
		await pageA.getByLabel('Your dilemma').fill('He was on our ward for months and now sent an invitation. Should I go?');
		await pageA.getByLabel('Friendship or dating after care').check();
		await pageA.getByRole('button', { name: 'Post dilemma' }).click();
		await pageA.waitForURL(/\/d\/\d+$/);
		const threadUrl = pageA.url();
		await page.goto(threadUrl);
		await page.getByLabel('Reply', { exact: true }).fill('I went to one once, briefly, after asking my manager.');
		await page.getByRole('button', { name: 'Post reply' }).click();
		await page.waitForURL(/#p\d+$/);
		const mine = page.locator('article.reply', { hasText: 'I went to one once' });
		await mine.getByRole('link', { name: 'Delete' }).click();
		await page.waitForURL(/\/p\/\d+\/delete$/);
		assert.match(await page.getByRole('alert').textContent(), /Deleting cannot be undone/);
		await page.getByRole('link', { name: 'Keep it' }).click();
		assert.equal(await page.locator('article.reply', { hasText: 'I went to one once' }).count(), 1, 'kept');
		await page.locator('article.reply', { hasText: 'I went to one once' }).getByRole('link', { name: 'Delete' }).click();
		await page.getByRole('button', { name: 'Delete it' }).click();
		await page.waitForURL(/\/d\/\d+/);
		assert.equal(await page.locator('article.reply', { hasText: 'I went to one once' }).count(), 0, 'deleted');
		await page.context().close();
		assert.deepEqual(problems.filter((p) => !/status of 4(04|22)|^HTTP 4(04|22): /.test(p)), []);
	});
});
