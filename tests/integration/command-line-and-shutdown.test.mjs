// command-line-and-shutdown.test.mjs: forumd's command line and lifecycle against the real server: flags, exit status 2, default db path, configured limits, log format, in-flight requests on SIGTERM.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { FORUMD_BIN, startServer, runForumd, freePort, get, request, sleep, htmlDecode } from './harness.mjs';
import { Member, uniqueHandle } from './members.mjs';

/* The non-empty lines of a stderr capture. */
function lines(text) {
	return text.split('\n').filter((l) => l.trim() !== '');
}

describe('forumd flags and exit status', () => {
	test('--help exits 0 with the usage and every configuration key', async () => {
		const r = await runForumd(['--help']);
		assert.equal(r.code, 0);
		const out = r.stdout + r.stderr;
		assert.match(out, /usage: forumd \[--config FILE\] \[--listen ADDR:PORT\] \[--db PATH\] \[--workers N\]/);
		for (const key of ['listen', 'db', 'workers', 'max_body', 'max_headers', 'idle_timeout', 'request_deadline',
			'max_connections', 'max_connections_per_client', 'log_requests'])
			assert.match(out, new RegExp(`^${key}\\s`, 'm'), `--help lists ${key}`);
	});

	test('--version exits 0 with the name and version', async () => {
		const r = await runForumd(['--version']);
		assert.equal(r.code, 0);
		assert.match((r.stdout + r.stderr).trim(), /^forumd \d+\.\d+\.\d+$/);
	});

	const badFlags = [
		[['--bogus'], /--bogus/],
		[['--workers', 'abc'], /workers/],
		[['--workers', '-1'], /workers/],
		[['--listen', '127.0.0.1:99999'], /listen/],
		[['--listen', 'nope'], /listen/],
		[['--workers'], /--workers/],
	];
	for (const [args, key] of badFlags) {
		test(`${args.join(' ')} prints one line naming the key and exits 2`, async () => {
			const r = await runForumd(args);
			assert.equal(r.code, 2, `exit status; stderr:\n${r.stderr}`);
			const out = lines(r.stderr);
			assert.equal(out.length, 1, `one line: ${JSON.stringify(out)}`);
			assert.match(out[0], key);
			assert.doesNotMatch(r.stderr, /listening on/);
		});
	}

	const badConfig = [
		['max_body = -5', /max_body/],
		['max_headers = lots', /max_headers/],
		['workers = 1000', /workers/],
		['log_requests = maybe', /log_requests/],
		['no_such_key = 1', /no_such_key/],
		['listen =', /listen/],
	];
	for (const [line, key] of badConfig) {
		test(`config line "${line}" prints one line naming the key and exits 2`, async () => {
			const dir = mkdtempSync(join(tmpdir(), 'forumd-audit2-'));
			try {
				const conf = join(dir, 'forumd.conf');
				writeFileSync(conf, `# a bad value\n${line}\n`);
				const r = await runForumd(['--config', conf, '--db', join(dir, 'forum.db')]);
				assert.equal(r.code, 2, `exit status; stderr:\n${r.stderr}`);
				const out = lines(r.stderr);
				assert.equal(out.length, 1, `one line: ${JSON.stringify(out)}`);
				assert.match(out[0], key);
				assert.ok(!existsSync(join(dir, 'forum.db')), 'no database created');
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		});
	}
});

describe('forumd defaults', () => {
	test('without --db the database is ./var/forum.db, created with its folder; pages and static files need no files beside the binary', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'forumd-audit2-'));
		const port = await freePort();
		const proc = spawn(FORUMD_BIN, ['--listen', `127.0.0.1:${port}`, '--workers', '1'],
			{ cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		proc.stderr.on('data', (d) => { stderr += d; });
		const exited = new Promise((ok) => proc.on('exit', (code, signal) => ok({ code, signal })));
		try {
			for (let i = 0; i < 100 && !/listening on/.test(stderr); i++) await sleep(50);
			assert.match(stderr, /listening on/, stderr);
			assert.ok(existsSync(join(dir, 'var', 'forum.db')), 'var/forum.db exists');
			assert.equal((await get(`http://127.0.0.1:${port}/healthz`)).body.trim(), 'ok');
			// The working folder holds no web/ and no migrations/: all of it is compiled in.
			const front = await get(`http://127.0.0.1:${port}/`);
			assert.equal(front.status, 200);
			assert.match(front.body, /<main\b/);
			const css = await get(`http://127.0.0.1:${port}/static/forum.css`);
			assert.equal(css.status, 200);
			assert.match(css.headers.get('content-type'), /^text\/css/);
		} finally {
			proc.kill('SIGTERM');
			const end = await exited;
			rmSync(dir, { recursive: true, force: true });
			assert.equal(end.code, 0, stderr);
		}
	});
});

describe('forumd with configured limits', () => {
	test('max_body = 4096: an 8 KiB POST gets 413, then the server still serves', async () => {
		const srv = await startServer({ config: ['max_body = 4096'] });
		try {
			const body = 'a='.padEnd(8192, 'x');
			const r = await request(srv.port,
				'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
				`Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`, { thenSend: body });
			assert.equal(r.status, 413);
			assert.equal((await get(`${srv.baseUrl}/healthz`)).status, 200);
		} finally {
			await srv.stop();
		}
	});

	test('max_headers = 2048: a 4 KiB header gets 431, then the server still serves', async () => {
		const srv = await startServer({ config: ['max_headers = 2048'] });
		try {
			const small = await request(srv.port,
				`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ${'p'.repeat(1024)}\r\nConnection: close\r\n\r\n`);
			assert.equal(small.status, 200, 'a 1 KiB header is under the limit');
			const r = await request(srv.port,
				`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(4096)}\r\nConnection: close\r\n\r\n`);
			assert.equal(r.status, 431);
			assert.equal((await get(`${srv.baseUrl}/healthz`)).status, 200);
		} finally {
			await srv.stop();
		}
	});
});

describe('forumd request log and shutdown', () => {
	test('a log line is "METHOD PATH STATUS BYTESB MICROSECONDSus", without query, cookie or address', async () => {
		const srv = await startServer();
		const r = await get(`${srv.baseUrl}/healthz?q=querysecret`, { headers: { cookie: 'session=cookiesecret' } });
		assert.equal(r.status, 200);
		await srv.stop();
		const log = lines(srv.stderr()).filter((l) => !/listening on http:/.test(l)).join('\n');
		assert.match(log, /^GET \/healthz 200 3B \d+us$/m, log);
		assert.doesNotMatch(log, /querysecret|cookiesecret|127\.0\.0\.1/, log);
	});

	/* One try: a registration (a password hash on the pool) then SIGTERM 15 ms later.
	 * Resolves {inFlight, r, end, log}; inFlight says SIGTERM came before the answer. */
	async function registerThenStop() {
		const srv = await startServer({ config: ['pwhash_opslimit = 4', 'pwhash_memlimit = 16777216', 'workers = 2'] });
		const m = new Member(srv.baseUrl);
		await m.get('/register');
		const password = 'lantern oatmeal zebra harbor drift';
		const pending = m.post('/register', { handle: uniqueHandle('inflight'), password, password2: password })
			.catch((e) => ({ status: 0, error: e }));
		await sleep(15);
		const end = await srv.stop('SIGTERM');
		const r = await pending;
		const log = srv.stderr();
		const answered = log.search(/^POST \/register (200|201|303) \d+B \d+us$/m);
		return { inFlight: answered < 0 || log.indexOf('SIGTERM received') < answered, answered, r, end, log };
	}

	test('SIGTERM lets an in-flight request (a password hash on the pool) finish, then exits 0', async () => {
		let t;
		for (let i = 0; i < 3; i++) {
			t = await registerThenStop();
			if (t.inFlight) break;  // the hash ended before the signal: try again
		}
		assert.ok(t.inFlight, `SIGTERM came while the request was in flight:\n${t.log}`);
		assert.ok(!t.r.error, `the in-flight request got an answer (${t.r.error?.cause ?? t.r.error}); stderr:\n${t.log}`);
		assert.ok(t.r.status < 400, `the in-flight registration completed (${t.r.status})`);
		assert.ok(t.answered >= 0, `the answer was logged:\n${t.log}`);
		assert.equal(t.end.code, 0, t.log);
	});
});

describe('forumd front page: one model, two forms', () => {
	test('every thread of the JSON model appears in the HTML form', async () => {
		const srv = await startServer({ seed: true });
		try {
			const json = JSON.parse((await get(`${srv.baseUrl}/`, { json: true })).body);
			const html = htmlDecode((await get(`${srv.baseUrl}/`)).body);
			assert.ok(json.threads.length > 0);
			for (const t of json.threads) assert.ok(html.includes(t.title), `HTML shows "${t.title}"`);
		} finally {
			await srv.stop();
		}
	});
});

describe('/healthz reports a database that does not answer', () => {
	test('503 while the schema cannot be read, 200 again once it can', async () => {
		const { spawnSync } = await import('node:child_process');
		const srv = await startServer({ config: ['workers = 1'] });
		const cli = (sql) => {
			const r = spawnSync('sqlite3', ['-bail', srv.dbPath, sql], { encoding: 'utf8' });
			assert.equal(r.status, 0, r.stderr);
		};
		try {
			assert.equal((await get(`${srv.baseUrl}/healthz`)).status, 200);
			cli('ALTER TABLE schema_migrations RENAME TO schema_migrations_away;');
			const down = await get(`${srv.baseUrl}/healthz`);
			assert.equal(down.status, 503);
			assert.match(down.body, /database unavailable/);
			cli('ALTER TABLE schema_migrations_away RENAME TO schema_migrations;');
			assert.equal((await get(`${srv.baseUrl}/healthz`)).status, 200);
		} finally {
			await srv.stop();
		}
	});
});
