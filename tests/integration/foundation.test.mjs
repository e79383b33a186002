// foundation.test.mjs: the foundation's behaviour against the real forumd: pages, headers, limits, static files, shutdown, logs.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, get, request, demoContent, htmlDecode, sleep } from './harness.mjs';
import { assertValidHtml } from '../html-check.mjs';

const CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/* Asserts the headers every forumd response carries. */
function assertSecurityHeaders(headers, what) {
	const h = (n) => (typeof headers.get === 'function' ? headers.get(n) : headers[n]);
	assert.equal(h('content-security-policy'), CSP, `${what}: Content-Security-Policy`);
	assert.equal(h('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
	assert.equal(h('referrer-policy'), 'no-referrer', `${what}: Referrer-Policy`);
	assert.match(h('content-type') ?? '', /;\s*charset=utf-8/i, `${what}: Content-Type charset`);
}

/* The text inside <main>...</main>, tags removed and references decoded. */
function mainText(html) {
	const m = /<main\b[^>]*>([\s\S]*)<\/main>/i.exec(html);
	return m ? htmlDecode(m[1].replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim() : '';
}

function rawGet(path, extra = '') {
	return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`;
}

describe('forumd with the demo content', () => {
	let srv;
	before(async () => { srv = await startServer({ seed: true }); });
	after(async () => { await srv?.stop(); });

	test('front page is HTML 200 with the security headers and a UTF-8 charset', async () => {
		const r = await get(`${srv.baseUrl}/`);
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/html;\s*charset=utf-8$/i);
		assertSecurityHeaders(r.headers, 'GET /');
	});

	test('front page has a skip link to <main>, one <main> and a <nav>', async () => {
		const { body } = await get(`${srv.baseUrl}/`);
		const main = /<main\b[^>]*\bid="([^"]+)"/i.exec(body);
		assert.ok(main, '<main> with an id');
		const firstLink = /<a\b[^>]*\bhref="([^"]*)"/i.exec(body.slice(body.search(/<body\b/i)));
		assert.equal(firstLink?.[1], `#${main[1]}`, 'the first link in <body> skips to <main>');
		assert.equal((body.match(/<main\b/gi) ?? []).length, 1);
		assert.match(body, /<nav\b/i);
	});

	test('front page lists the titles of the demo threads', async () => {
		const demo = demoContent();
		assert.ok(demo?.threads?.length, 'web/demo/demo.json has threads');
		const { body } = await get(`${srv.baseUrl}/`);
		const text = htmlDecode(body);
		for (const t of demo.threads) assert.ok(text.includes(t.title), `front page shows "${t.title}"`);
	});

	test('front page as JSON (Accept header) is the view model with a threads array and no HTML', async () => {
		const r = await get(`${srv.baseUrl}/`, { json: true });
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^application\/json;\s*charset=utf-8$/i);
		assertSecurityHeaders(r.headers, 'GET / as JSON');
		assert.doesNotMatch(r.body, /<!doctype|<html|<main|<a\s/i);
		const model = JSON.parse(r.body);
		assert.equal(typeof model.title, 'string');
		assert.ok(Array.isArray(model.threads) && model.threads.length > 0, 'threads is a non-empty array');
		assert.equal(model.empty, false);
		for (const t of model.threads) {
			assert.equal(typeof t.title, 'string');
			assert.equal(typeof t.url, 'string');
			assert.ok(Array.isArray(t.topics), 'topics is an array');
			assert.equal(typeof t.replies, 'number');
			assert.ok(t.last_activity !== undefined, 'last_activity present');
		}
		const titles = new Set(model.threads.map((t) => t.title));
		for (const t of demoContent()?.threads ?? []) assert.ok(titles.has(t.title), `JSON has "${t.title}" unescaped`);
	});

	test('front page as JSON via ?format=json equals the Accept form', async () => {
		const a = await get(`${srv.baseUrl}/?format=json`);
		const b = await get(`${srv.baseUrl}/`, { json: true });
		assert.equal(a.status, 200);
		assert.match(a.headers.get('content-type'), /^application\/json/i);
		assert.deepEqual(JSON.parse(a.body).threads, JSON.parse(b.body).threads);
	});

	test('GET /healthz answers 200 "ok"', async () => {
		const r = await get(`${srv.baseUrl}/healthz`);
		assert.equal(r.status, 200);
		assert.equal(r.body.trim(), 'ok');
		assertSecurityHeaders(r.headers, 'GET /healthz');
	});

	test('unknown path gets the 404 page inside the layout', async () => {
		const r = await get(`${srv.baseUrl}/no/such/page`);
		assert.equal(r.status, 404);
		assert.match(r.headers.get('content-type'), /^text\/html;\s*charset=utf-8$/i);
		assertSecurityHeaders(r.headers, '404');
		assert.match(r.body, /<nav\b/i);
		assert.match(r.body, /href="\/privacy"/);
		assert.match(r.body, /href="\/guidelines"/);
		assertValidHtml(r.body, '404 page');
	});

	test('PUT / and DELETE / get 405', async () => {
		for (const method of ['PUT', 'DELETE']) {
			const r = await get(`${srv.baseUrl}/`, { method });
			assert.equal(r.status, 405, method);
			assertSecurityHeaders(r.headers, `${method} /`);
		}
	});

	test('HEAD / answers 200 with the headers and no body', async () => {
		const r = await request(srv.port, 'HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
		assert.equal(r.status, 200);
		assert.match(r.headers['content-type'] ?? '', /^text\/html;\s*charset=utf-8$/i);
		assert.equal(r.headers['content-security-policy'], CSP);
		const afterHead = r.raw.slice(r.raw.indexOf('\r\n\r\n') + 4);
		assert.equal(afterHead, '', 'no body after the headers');
	});

	test('a 1 MiB POST gets 413 and the next request on a new connection succeeds', async () => {
		const body = 'a='.padEnd(1 << 20, 'x');
		const r = await request(srv.port,
			'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
			`Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`, { timeoutMs: 10_000, thenSend: body });
		assert.equal(r.status, 413);
		const next = await get(`${srv.baseUrl}/`);
		assert.equal(next.status, 200);
	});

	test('a 20 KiB header is refused and the next request succeeds', async () => {
		// The first 10 KiB already exceed the 8 KiB limit; the rest follows only if no answer came.
		const r = await request(srv.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(10 * 1024)}`,
			{ thenSend: `${'b'.repeat(10 * 1024)}\r\nConnection: close\r\n\r\n` });
		assert.ok(r.status >= 400 && r.status < 500, `refused with a 4xx (got ${r.status || 'no response'})`);
		assert.ok([400, 413, 431].includes(r.status), `431, 413 or 400 (got ${r.status})`);
		const next = await get(`${srv.baseUrl}/`);
		assert.equal(next.status, 200);
	});

	test('static CSS has text/css with charset, an ETag, Cache-Control, and 304 on If-None-Match', async () => {
		const r = await get(`${srv.baseUrl}/static/forum.css`);
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/css;\s*charset=utf-8$/i);
		assertSecurityHeaders(r.headers, 'forum.css');
		const etag = r.headers.get('etag');
		assert.ok(etag, 'ETag present');
		assert.ok(r.headers.get('cache-control'), 'Cache-Control present');
		assert.ok(r.body.length > 0, 'non-empty stylesheet');
		const again = await get(`${srv.baseUrl}/static/forum.css`, { headers: { 'if-none-match': etag } });
		assert.equal(again.status, 304);
		assert.equal(again.body, '');
		const stale = await get(`${srv.baseUrl}/static/forum.css`, { headers: { 'if-none-match': '"stale"' } });
		assert.equal(stale.status, 200);
	});

	test('static favicon is image/svg+xml', async () => {
		const r = await get(`${srv.baseUrl}/static/favicon.svg`);
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^image\/svg\+xml/i);
	});

	test('unknown static file gets 404', async () => {
		const r = await get(`${srv.baseUrl}/static/nope.css`);
		assert.equal(r.status, 404);
	});

	// Sent raw: fetch would normalise the dots away. A NUL byte may also be refused as bad input (400).
	for (const [path, allowed] of [['/static/../meson.build', [404]], ['/static/%2e%2e/meson.build', [404]],
		['/static/..%2fmeson.build', [404]], ['/static/%252e%252e/x', [404]], ['/static/forum.css%00.css', [400, 404]],
		['/static/forum.css/..', [404]], ['/static/./forum.css/../../meson.build', [404]]]) {
		test(`static path ${path} gets ${allowed.join(' or ')} and leaks nothing`, async () => {
			const r = await request(srv.port, rawGet(path));
			assert.ok(allowed.includes(r.status), `${path} -> ${r.status}`);
			assert.doesNotMatch(r.body, /project\s*\(|executable\s*\(/, 'no meson.build content');
		});
	}

	for (const path of ['/', '/privacy', '/guidelines', '/no/such/page']) {
		test(`page ${path} passes the HTML check and links privacy and guidelines`, async () => {
			const r = await get(`${srv.baseUrl}${path}`);
			assert.match(r.headers.get('content-type'), /^text\/html/i);
			assertValidHtml(r.body, path);
			assert.match(r.body, /href="\/privacy"/);
			assert.match(r.body, /href="\/guidelines"/);
		});
	}

	test('privacy and guidelines pages are 200 with real text', async () => {
		for (const path of ['/privacy', '/guidelines']) {
			const r = await get(`${srv.baseUrl}${path}`);
			assert.equal(r.status, 200, path);
			assert.ok(mainText(r.body).length > 300, `${path} has its text`);
		}
	});

	test('privacy and guidelines as JSON carry their text, the same as the page\'s', async () => {
		for (const path of ['/privacy', '/guidelines']) {
			const r = await get(`${srv.baseUrl}${path}`, { json: true });
			assert.equal(r.status, 200, path);
			assert.match(r.headers.get('content-type'), /^application\/json/);
			const m = JSON.parse(r.body);
			assert.ok(m.title && typeof m.body_html === 'string', `${path}: title and body_html`);
			assert.ok(htmlDecode(m.body_html.replace(/<[^>]*>/g, ' ')).trim().length > 300, `${path} JSON has its text`);
			const page = (await get(`${srv.baseUrl}${path}`)).body;
			assert.ok(page.includes(m.body_html.slice(0, 200)), `${path}: the same text as the page`);
		}
	});
});

describe('forumd with an empty database', () => {
	let srv;
	before(async () => { srv = await startServer(); });
	after(async () => { await srv?.stop(); });

	test('front page shows the empty state', async () => {
		const json = JSON.parse((await get(`${srv.baseUrl}/`, { json: true })).body);
		assert.equal(json.empty, true);
		assert.deepEqual(json.threads, []);
		const r = await get(`${srv.baseUrl}/`);
		assert.equal(r.status, 200);
		assertValidHtml(r.body, 'empty front page');
		const h1 = htmlDecode((/<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(r.body)?.[1] ?? '').replace(/<[^>]*>/g, '')).trim();
		assert.ok(mainText(r.body).length > h1.length + 20, 'main has a message beyond its heading');
		for (const t of demoContent()?.threads ?? []) assert.ok(!htmlDecode(r.body).includes(t.title), 'no demo thread');
	});
});

describe('forumd shutdown and logs', () => {
	test('SIGTERM during load (20 clients looping GET /) exits 0 within 2 s', async () => {
		const srv = await startServer({ seed: true });
		let ok = 0;
		let running = true;
		const client = async () => {
			while (running) {
				try {
					const r = await get(`${srv.baseUrl}/`, { timeoutMs: 5_000 });
					if (r.status === 200) ok++;
				} catch {
					await sleep(5);
				}
			}
		};
		const clients = Array.from({ length: 20 }, client);
		await sleep(700);
		const okBefore = ok;
		const end = await srv.stop('SIGTERM');
		running = false;
		await Promise.all(clients);
		assert.ok(okBefore > 0, 'requests succeeded under load');
		assert.equal(end.signal, null, `not killed by a signal: ${srv.stderr().slice(-2000)}`);
		assert.equal(end.code, 0, `exit status 0; stderr tail:\n${srv.stderr().slice(-2000)}`);
		assert.ok(end.ms < 2000, `exited in ${end.ms} ms`);
	});

	test('SIGINT exits 0', async () => {
		const srv = await startServer();
		assert.equal((await get(`${srv.baseUrl}/healthz`)).status, 200);
		const end = await srv.stop('SIGINT');
		assert.equal(end.code, 0, `ended with ${JSON.stringify(end)}; stderr:\n${srv.stderr()}`);
	});

	test('request log lines carry method, path and status, but no query string or address', async () => {
		const srv = await startServer();
		assert.equal((await get(`${srv.baseUrl}/?secret=xyz`)).status, 200);
		assert.equal((await get(`${srv.baseUrl}/healthz?token=abc123`)).status, 200);
		await srv.stop();
		const lines = srv.stderr().split('\n').filter((l) => l && !/listening on http:/.test(l));
		const log = lines.join('\n');
		assert.doesNotMatch(log, /xyz|secret|abc123|token=/, 'no query string');
		assert.doesNotMatch(log, /127\.0\.0\.1/, 'no client address');
		assert.ok(lines.some((l) => /\bGET\b/.test(l) && /\s\/healthz(\s|$)/.test(l) && /\b200\b/.test(l)),
			`a line for GET /healthz 200 in:\n${log}`);
	});
});
