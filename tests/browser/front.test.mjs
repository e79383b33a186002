// front.test.mjs: the front page in a real headless Chromium (Debian's): no console error, keyboard skip link, dark mode, phone width, screenshots.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../integration/harness.mjs';
import { SHOTS, launchPersistent, makeScreenshotsDir, reportCspViolations, watchProblems } from './browser.mjs';

describe('front page in Chromium', () => {
	let srv, chrome, ctx;

	before(async () => {
		makeScreenshotsDir();
		srv = await startServer({ seed: true });
		chrome = await launchPersistent();
		ctx = chrome.ctx;
	});
	after(async () => {
		await chrome?.close();
		await srv?.stop();
	});

	/* Opens path in a new page and records console errors, failed requests and CSP reports. */
	async function open(path, { width = 1280, height = 900, colorScheme = 'light' } = {}) {
		const page = await ctx.newPage();
		const problems = [];
		watchProblems(page, problems, { requests: true });
		await page.setViewportSize({ width, height });
		await page.emulateMedia({ colorScheme });
		await reportCspViolations(page);
		const res = await page.goto(`${srv.baseUrl}${path}`, { waitUntil: 'load' });
		assert.equal(res.status(), 200);
		return { page, problems };
	}

	test('loads with no console error, failed request or CSP violation, and saves a screenshot', async () => {
		const { page, problems } = await open('/');
		await page.waitForTimeout(200);
		await page.screenshot({ path: join(SHOTS, 'front-light.png'), fullPage: true });
		assert.deepEqual(problems, []);
		assert.ok(await page.locator('main').count() === 1);
		const sheets = await page.evaluate(() => document.styleSheets.length);
		assert.ok(sheets >= 1, 'the stylesheet loaded');
		await page.close();
	});

	test('the skip link is the first focusable element and moves focus to main', async () => {
		const { page } = await open('/');
		await page.keyboard.press('Tab');
		const first = await page.evaluate(() => ({
			tag: document.activeElement?.tagName,
			href: document.activeElement?.getAttribute('href'),
			text: document.activeElement?.textContent.trim(),
			visible: (() => {
				const r = document.activeElement?.getBoundingClientRect();
				return !!r && r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0;
			})(),
		}));
		assert.equal(first.tag, 'A');
		assert.match(first.text, /skip|main content/i);
		assert.ok(first.href?.startsWith('#'), 'an in-page link');
		assert.ok(first.visible, 'visible when focused');
		await page.keyboard.press('Enter');
		const target = await page.evaluate(() => {
			const main = document.querySelector('main');
			return {
				inMain: !!main && (main === document.activeElement || main.contains(document.activeElement)),
				hash: location.hash,
				mainId: main?.id,
			};
		});
		assert.equal(target.hash, `#${target.mainId}`);
		assert.ok(target.inMain, 'focus is in <main> after following the skip link');
		await page.close();
	});

	test('dark mode changes the body background', async () => {
		const light = await open('/');
		const dark = await open('/', { colorScheme: 'dark' });
		const bg = (p) => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
		const [l, d] = [await bg(light.page), await bg(dark.page)];
		await dark.page.screenshot({ path: join(SHOTS, 'front-dark.png'), fullPage: true });
		assert.notEqual(l, d, `light ${l} vs dark ${d}`);
		assert.deepEqual(dark.problems, []);
		await light.page.close();
		await dark.page.close();
	});

	test('at 360 px wide the page has no horizontal scroll', async () => {
		const { page, problems } = await open('/', { width: 360, height: 740 });
		const sizes = await page.evaluate(() => ({
			scroll: document.documentElement.scrollWidth,
			client: document.documentElement.clientWidth,
		}));
		await page.screenshot({ path: join(SHOTS, 'front-phone.png'), fullPage: true });
		assert.ok(sizes.scroll <= sizes.client, `scrollWidth ${sizes.scroll} > clientWidth ${sizes.client}`);
		assert.deepEqual(problems, []);
		await page.close();
	});

	for (const path of ['/privacy', '/guidelines']) {
		test(`${path} loads with no console error`, async () => {
			const { page, problems } = await open(path);
			assert.deepEqual(problems, []);
			await page.close();
		});
	}
});
