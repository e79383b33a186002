/* nginx.test.mjs: ops/nginx.conf.example run for real (issue 16): Debian's nginx with a
 * self-signed certificate (openssl) on loopback ports in front of forumd (tls = true,
 * trust_proxy = true). Over https through nginx: __Host- Secure cookies and HSTS; a member
 * signs in and posts in Chromium; rate limits key clients by the forwarded address; a second
 * anonymous read is a cache HIT, a signed-in page is never cached nor served to another
 * reader, and a new reply shows on an anonymous read within the documented second. Skipped,
 * saying why, where nginx or openssl is missing. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, startServer, freePort, sleep } from '../integration/harness.mjs';
import { launchBrowser } from '../browser/browser.mjs';

const have = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const NGINX = ['/usr/sbin/nginx', 'nginx'].find((c) => have(c));
const why = !NGINX ? 'no nginx (ops/install-deps.sh installs it)' : !have('openssl') ? 'no openssl' : null;
const FAST = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'new_member_review = 0'];

/* GET or POST over https to nginx from a chosen loopback address; { status, headers, body }. */
function fetchTls(port, path, { method = 'GET', headers = {}, body = null, from = '127.0.0.1' } = {}) {
	return new Promise((ok, fail) => {
		const req = https.request({ host: '127.0.0.1', port, path, method, headers: { host: `localhost:${port}`, ...headers },
			localAddress: from, rejectUnauthorized: false }, (res) => {
			let data = '';
			res.setEncoding('utf8');
			res.on('data', (d) => { data += d; });
			res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: data }));
		});
		req.on('error', fail);
		if (body) req.write(body);
		req.end();
	});
}

/* The example with this test's ports, paths and certificate, inside a minimal nginx.conf. */
function nginxConf(dir, httpPort, httpsPort, upstreamPort) {
	let ex = readFileSync(join(REPO, 'ops', 'nginx.conf.example'), 'utf8');
	ex = ex.replace(/^\s*listen \[::\]:\d+.*$/gm, '')
		.replace(/listen 80;/g, `listen 127.0.0.1:${httpPort};`)
		.replace(/listen 443 ssl http2;/g, `listen 127.0.0.1:${httpsPort} ssl http2;`)
		.replace(/forum\.example\.org/g, 'localhost')
		.replace(/\/etc\/letsencrypt\/live\/localhost\/fullchain\.pem/g, join(dir, 'cert.pem'))
		.replace(/\/etc\/letsencrypt\/live\/localhost\/privkey\.pem/g, join(dir, 'key.pem'))
		.replace(/\/var\/log\/nginx\//g, `${dir}/`)
		.replace(/\/var\/cache\/nginx\/forumd/g, join(dir, 'cache'))
		.replace(/server 127\.0\.0\.1:8080;/g, `server 127.0.0.1:${upstreamPort};`);
	assert.ok(!/\b(443|8080)\b/.test(ex.replace(/^#.*$/gm, '')), 'every port of the example replaced');
	const user = process.getuid?.() === 0 ? 'user root;\n' : '';
	return `${user}daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n` +
		`events { worker_connections 256; }\nhttp {\n` +
		['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join('\n') +
		`\naccess_log off;\n${ex}\n}\n`;
}

describe('nginx in front, for real', { skip: why ?? false }, () => {
	let dir, srv, nginx, port, cookieName = '__Host-fd_session';

	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'forumd-nginx-'));
		mkdirSync(join(dir, 'cache'));
		const cert = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
			'-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
			'-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
		assert.equal(cert.status, 0, cert.stderr);
		srv = await startServer({ seed: true, config: [...FAST, 'tls = true', 'trust_proxy = true',
			'auth_attempts_per_client = 3', 'login_attempts_per_handle = 1000'] });
		const httpPort = await freePort();
		port = await freePort();
		writeFileSync(join(dir, 'nginx.conf'), nginxConf(dir, httpPort, port, srv.port));
		const t = spawnSync(NGINX, ['-t', '-c', join(dir, 'nginx.conf'), '-p', dir], { encoding: 'utf8' });
		assert.equal(t.status, 0, `nginx -t: ${t.stderr}`);
		nginx = spawn('timeout', ['-s', 'KILL', '300', NGINX, '-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' });
		const t0 = Date.now();
		for (;;) {
			try { if ((await fetchTls(port, '/healthz')).status === 200) break; } catch {}
			if (Date.now() - t0 > 10_000) throw new Error(`nginx did not answer: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
			await sleep(100);
		}
	});
	after(async () => {
		nginx?.kill('SIGTERM');
		await srv?.stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	});

	test('over https: HSTS on every answer, __Host- cookies that are Secure', async () => {
		const front = await fetchTls(port, '/');
		assert.equal(front.status, 200);
		assert.match(front.headers['strict-transport-security'] ?? '', /max-age=\d+/);
		const login = await fetchTls(port, '/login');
		const cookies = login.headers['set-cookie'] ?? [];
		assert.ok(cookies.length > 0 && cookies.every((c) => /^__Host-/.test(c) && /; Secure/.test(c) && !/Domain=/i.test(c)), cookies.join(' | '));
	});

	test('a member signs in and posts over https through nginx, in Chromium', async () => {
		const browser = await launchBrowser();
		try {
			const ctx = await browser.newContext({ ignoreHTTPSErrors: true });
			const page = await ctx.newPage();
			const base = `https://localhost:${port}`;
			await page.goto(`${base}/register`);
			const handle = `nginx_${Date.now() % 1e8}`;
			const password = 'a long passphrase for the tls test';
			await page.fill('#handle', handle);
			await page.fill('#password', password);
			await Promise.all([page.waitForNavigation(), page.click('form[action="/register"] button[type=submit]')]);
			const jar = await ctx.cookies(base);
			const session = jar.find((c) => c.name === cookieName);
			assert.ok(session && session.secure && session.httpOnly, JSON.stringify(jar.map((c) => c.name)));
			await page.goto(`${base}/d/1`);
			await page.fill('#reply-body', `Posted through nginx over TLS by ${handle}, with enough words.`);
			await Promise.all([page.waitForNavigation(), page.click('form[action="/d/1/reply"] button:has-text("Post reply")')]);
			assert.match(await page.content(), new RegExp(`Posted through nginx over TLS by ${handle}`));
		} finally {
			await browser.close();
		}
	});

	test('rate limits key each client by the address nginx forwards', async () => {
		const fail = async (from) => {
			const form = await fetchTls(port, '/login', { from, headers: { accept: 'application/json' } });
			const pre = (form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
			const { csrf } = JSON.parse(form.body);
			const body = new URLSearchParams({ handle: 'nobody_here', password: 'wrong wrong wrong wrong', csrf }).toString();
			return (await fetchTls(port, '/login', { method: 'POST', from, body, headers: { cookie: pre,
				'content-type': 'application/x-www-form-urlencoded', origin: `https://localhost:${port}` } })).status;
		};
		const first = [];
		for (let i = 0; i < 5; i++) first.push(await fail('127.0.0.2'));
		assert.ok(first.includes(429), `127.0.0.2 is stopped after its failures: ${first}`);
		assert.notEqual(await fail('127.0.0.3'), 429, 'another address is not');
	});

	test('the cache: a second anonymous read is a HIT; a signed-in page never cached nor shown to another; a new reply within a second', async () => {
		await fetchTls(port, '/d/2');
		const second = await fetchTls(port, '/d/2');
		assert.equal(second.headers['x-cache-status'], 'HIT');
		// a member: always from forumd, never kept
		const reg = await fetchTls(port, '/register', { headers: { accept: 'application/json' } });
		const pre = (reg.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
		const { csrf } = JSON.parse(reg.body);
		const handle = `cachey_${Date.now() % 1e8}`;
		const pw = 'another long passphrase for caching';
		const made = await fetchTls(port, '/register', { method: 'POST', headers: { cookie: pre,
			'content-type': 'application/x-www-form-urlencoded', origin: `https://localhost:${port}` },
			body: new URLSearchParams({ handle, password: pw, password2: pw, csrf }).toString() });
		assert.ok(made.status < 400, `register ${made.status}`);
		const cookie = (made.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
		for (let i = 0; i < 2; i++) {
			const mine = await fetchTls(port, '/d/3', { headers: { cookie } });
			assert.equal(mine.headers['x-cache-status'], 'BYPASS');
			assert.match(mine.body, new RegExp(handle));
		}
		const anon = await fetchTls(port, '/d/3');
		assert.doesNotMatch(anon.body, new RegExp(handle), 'the member\'s page is not served to another reader');
		// a new reply shows on an anonymous read within the documented second
		const page = await fetchTls(port, '/d/2', { headers: { cookie, accept: 'application/json' } });
		const token = JSON.parse(page.body).csrf;
		const reply = await fetchTls(port, '/d/2/reply', { method: 'POST', headers: { cookie,
			'content-type': 'application/x-www-form-urlencoded', origin: `https://localhost:${port}` },
			body: new URLSearchParams({ body: `A fresh reply ${handle} through the cache, with words.`, csrf: token }).toString() });
		assert.equal(reply.status, 303, reply.body.slice(0, 300));
		const t0 = Date.now();
		let seen = false;
		while (!seen && Date.now() - t0 < 2500) {
			seen = (await fetchTls(port, '/d/2')).body.includes(`A fresh reply ${handle}`);
			if (!seen) await sleep(100);
		}
		assert.ok(seen, 'the reply shows within the cache time');
	});
});
