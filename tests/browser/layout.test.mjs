// layout.test.mjs: the pages a member meets, on a phone and a desktop, light and dark, with
// JavaScript off (a draft waiting in a reply form): nothing scrolls sideways, the header's account links stay on one line
// together, every form control has its label in view, and a screenshot of each is saved
// (build/screenshots/layout-*.png) for a person to look at.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../integration/harness.mjs';
import { newMember, postDilemma, postReply } from '../integration/members.mjs';
import { PHONE, SHOTS, VIEWPORT, launchBrowser, makeScreenshotsDir, watchProblems } from './browser.mjs';

const MODES = [
	{ name: 'phone-light', viewport: PHONE, colorScheme: 'light' },
	{ name: 'phone-dark', viewport: PHONE, colorScheme: 'dark' },
	{ name: 'desktop-light', viewport: VIEWPORT, colorScheme: 'light' },
	{ name: 'desktop-dark', viewport: VIEWPORT, colorScheme: 'dark' },
];

describe('the member\'s pages on a phone and a desktop, light and dark, JavaScript off', () => {
	let srv, browser, member, pages;
	before(async () => {
		makeScreenshotsDir();
		srv = await startServer({ seed: true, config: ['new_member_review = 0', 'new_member_limit_replies = 100'] });
		member = await newMember(srv.baseUrl, { cred: ['BSN', 'RN'], specialties: ['cardiac', 'critical-care'] });
		const other = await newMember(srv.baseUrl);
		const thread = await postDilemma(other, { title: 'A patient keeps asking for my phone number at discharge' });
		const reply = await postReply(member, thread, 'Say it warmly and firmly: "I can\'t share my number, but the ward can reach me."');
		await postReply(other, thread, `Thank you @${member.handle}, that is what I will say.`);
		await member.get(thread);
		assert.equal((await member.post(`${thread}/reply`, { body: 'A second thought, kept for later', draft: '1' })).status, 303);
		pages = ['/', thread, '/new', `/p/${reply}/delete`, '/account/profile', '/account/sessions', '/inbox',
			'/notifications', '/t/touch-hugs', '/topics', '/scripts', '/updated'];
		browser = await launchBrowser();
	});
	after(async () => {
		await browser?.close();
		await srv?.stop();
	});

	for (const mode of MODES) {
		test(`${mode.name}: no sideways scroll, labels in view, account links together`, async () => {
			const ctx = await browser.newContext({ viewport: mode.viewport, colorScheme: mode.colorScheme,
				javaScriptEnabled: false });
			await ctx.addCookies([...member.cookies].map(([name, value]) => ({ name, value, url: srv.baseUrl })));
			const problems = [];
			for (const path of pages) {
				const page = await ctx.newPage();
				watchProblems(page, problems);
				const res = await page.goto(`${srv.baseUrl}${path}`);
				assert.equal(res.status(), 200, path);
				const width = await page.evaluate(() => document.documentElement.scrollWidth);
				assert.ok(width <= mode.viewport.width, `${mode.name} ${path}: ${width}px wide`);
				const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
					.filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
					.map((el) => el.name || el.id));
				assert.deepEqual(unlabelled, [], `${mode.name} ${path}: every control has a label`);
				const tops = await page.evaluate(() => [...document.querySelectorAll('.nav-account > li')]
					.map((li) => Math.round(li.getBoundingClientRect().top)));
				if (mode.viewport.width >= 1000)
					assert.equal(new Set(tops).size, 1, `${mode.name} ${path}: the account links on one line`);
				const name = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'front';
				await page.screenshot({ path: join(SHOTS, `layout-${mode.name}-${name}.png`), fullPage: true });
				await page.close();
			}
			await ctx.close();
			assert.deepEqual(problems, []);
		});
	}
});
