// browser.mjs: what every browser test shares: Debian's Chromium through playwright-core, the screenshots folder, and pages that record console errors, page errors and failed answers.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO } from '../integration/harness.mjs';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
export const SHOTS = process.env.FORUMD_SCREENSHOTS ?? join(REPO, 'build', 'screenshots');
export const VIEWPORT = { width: 1280, height: 900 };
const ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
	'--disable-background-networking', '--disable-component-update', '--disable-sync'];
const LAUNCH = { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30_000 };

/* Makes sure the screenshots folder exists. */
export function makeScreenshotsDir() {
	mkdirSync(SHOTS, { recursive: true });
}

/* Launches Chromium; the caller closes it with browser.close(). */
export function launchBrowser() {
	return chromium.launch(LAUNCH);
}

/* Launches Chromium with a persistent profile in a fresh temporary folder. Returns {ctx, close}:
 * close() closes the context and removes the folder. */
export async function launchPersistent() {
	const userDir = mkdtempSync(join(tmpdir(), 'forumd-chromium-'));
	const remove = () => rmSync(userDir, { recursive: true, force: true });
	let ctx;
	try {
		ctx = await chromium.launchPersistentContext(userDir, { ...LAUNCH, viewport: VIEWPORT });
	} catch (e) {
		remove();
		throw e;
	}
	return { ctx, close: async () => { await ctx.close(); remove(); } };
}

/* Records on `problems` the page's console errors and uncaught errors; with responses (the
 * default), every answer of 400 or above; with requests, every failed request. */
export function watchProblems(page, problems, { responses = true, requests = false } = {}) {
	page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
	page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
	if (requests) page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
	if (responses) page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
}

/* Makes the page log every Content-Security-Policy violation as a console error. */
export async function reportCspViolations(page) {
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
		});
	});
}

/* A phone's screen, for the pages' phone layout. */
export const PHONE = { width: 390, height: 844 };

/* A new page in a context of its own, signed in as member m (its cookies copied from the test
 * client), recording its problems on `problems`; `viewport` and `javaScript` (false: off) as
 * asked. */
export async function signedInPage(browser, baseUrl, m, problems, { viewport = VIEWPORT, javaScript = true } = {}) {
	const ctx = await browser.newContext({ viewport, javaScriptEnabled: javaScript });
	await ctx.addCookies([...m.cookies].map(([name, value]) => ({ name, value, url: baseUrl })));
	const page = await ctx.newPage();
	watchProblems(page, problems);
	return page;
}
