// words.test.mjs: issue 14's paths in a real Chromium on a phone with JavaScript off, through
// the pages' own forms: a member says where they practise; a reply carries words to say,
// which show in it and among the suggested words; the asker sorts replies near them first and
// posts how it turned out; /scripts and /updated list them; nothing scrolls sideways.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../integration/harness.mjs';
import { newMember, postDilemma } from '../integration/members.mjs';
import { PHONE, SHOTS, launchBrowser, makeScreenshotsDir, signedInPage } from './browser.mjs';

const SAY = 'I care about how you are doing, and that is why I need to keep my own number private.';

describe('words to say, where you practise, how it turned out: Chromium, phone, JavaScript off', () => {
	let srv, browser, asker, nurse, askerPage, nursePage, problems, thread;
	before(async () => {
		makeScreenshotsDir();
		problems = [];
		srv = await startServer({ config: ['new_member_review = 0', 'new_member_limit_threads = 100',
			'new_member_limit_replies = 100'] });
		asker = await newMember(srv.baseUrl, { cred: ['RN'], specialties: ['med-surg'], place: 'US-OH' });
		nurse = await newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['telemetry'] });
		thread = await postDilemma(asker, { title: 'A patient asked for my number at discharge' });
		browser = await launchBrowser();
		askerPage = await signedInPage(browser, srv.baseUrl, asker, problems, { viewport: PHONE, javaScript: false });
		nursePage = await signedInPage(browser, srv.baseUrl, nurse, problems, { viewport: PHONE, javaScript: false });
	});
	after(async () => {
		await browser?.close();
		await srv?.stop();
	});

	const noSidewaysScroll = async (page, what) => {
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		assert.ok(width <= PHONE.width, `${what}: ${width}px wide`);
	};

	test('a member says where they practise on the profile', async () => {
		await nursePage.goto(`${srv.baseUrl}/account/profile`);
		await nursePage.getByLabel('Where you practise').selectOption('US-OH');
		await nursePage.getByRole('button', { name: 'Save profile' }).click();
		await nursePage.waitForURL(/saved=1/);
		assert.equal(await nursePage.getByLabel('Where you practise').inputValue(), 'US-OH');
		await nursePage.goto(`${srv.baseUrl}/u/${nurse.handle}`);
		assert.match(await nursePage.locator('.profile-meta').textContent(), /Practises in Ohio, United States/);
	});

	test('a reply with words to say shows them as a block and among the suggested words', async () => {
		await nursePage.goto(`${srv.baseUrl}${thread}`);
		await nursePage.getByLabel('Reply', { exact: true }).fill('Keep it warm and short; offer the unit line instead.');
		await nursePage.getByLabel('Words 1').fill(SAY);
		await nursePage.getByRole('button', { name: 'Post reply' }).click();
		await nursePage.waitForURL(/#p\d+$/);
		const reply = nursePage.locator('article.reply').last();
		assert.equal((await reply.locator('blockquote.script p').first().textContent()).trim(), SAY);
		assert.match(await reply.locator('.byline .place').textContent(), /Ohio/);
		const suggested = nursePage.locator('section.suggested-words');
		assert.match(await suggested.locator('h2').textContent(), /Words nurses suggested/);
		assert.equal((await suggested.locator('blockquote.script p').first().textContent()).trim(), SAY);
		await noSidewaysScroll(nursePage, 'thread with words');
		await nursePage.screenshot({ path: join(SHOTS, 'words-thread-phone.png'), fullPage: true });
	});

	test('the asker sorts near them first, then posts how it turned out', async () => {
		await askerPage.goto(`${srv.baseUrl}${thread}`);
		await askerPage.getByRole('link', { name: 'near you first' }).click();
		await askerPage.waitForURL(/sort=near/);
		assert.match(await askerPage.locator('main').textContent(), /Replies from nurses who practise in Ohio, United States come first/);
		await askerPage.getByLabel('Your update: what you did and how it went').fill('I used the words above; he smiled, took the unit number, and his follow-up went well.');
		await askerPage.getByRole('button', { name: 'Post update' }).click();
		await askerPage.waitForURL(/#p\d+$/);
		const update = askerPage.locator('section.asker-update');
		assert.match(await update.locator('h2').textContent(), /How it turned out/);
		assert.match(await update.textContent(), /his follow-up went well/);
		assert.equal(await askerPage.locator('#update-form-heading').count(), 0, 'one update: the form is gone');
	});

	test('/scripts and /updated list them on a phone', async () => {
		await nursePage.goto(`${srv.baseUrl}/scripts`);
		assert.ok((await nursePage.locator('blockquote.script p').allTextContents()).some((t) => t.trim() === SAY));
		await noSidewaysScroll(nursePage, '/scripts');
		await nursePage.screenshot({ path: join(SHOTS, 'words-scripts-phone.png'), fullPage: true });
		await nursePage.getByRole('link', { name: 'How it turned out' }).click();
		await nursePage.waitForURL(/\/updated$/);
		assert.match(await nursePage.locator('main').textContent(), /A patient asked for my number at discharge/);
		await noSidewaysScroll(nursePage, '/updated');
		assert.deepEqual(problems, []);
	});
});
