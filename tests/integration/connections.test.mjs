/* connections.test.mjs: when connections run short (issue 15): over the total cap the
 * connection that has waited longest for its request to arrive whole is closed to make room
 * for a newcomer, then the longest idle keep-alive, never one being answered; the open-file
 * limit is raised at start-up and the default caps are sized from it. And a burst of
 * connections is spread evenly over the workers (issue 11). */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, request, sleep, openSocket, freePort, FORUMD_BIN } from './harness.mjs';

const HEALTH = 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';

/* Waits up to ms for s to be closed by the server. */
async function closedWithin(s, ms = 2000) {
	const t0 = Date.now();
	while (!s.closedAt && Date.now() - t0 < ms) await sleep(20);
	return s.closedAt > 0;
}

/* A keep-alive connection that has had one request answered. */
async function answered(port) {
	const s = await openSocket(port);
	s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
	const t0 = Date.now();
	while (!/\r\n\r\nok/.test(s.data) && Date.now() - t0 < 2000) await sleep(10);
	assert.match(s.data, /^HTTP\/1\.1 200 /);
	s.data = '';
	return s;
}

describe('over the total cap', () => {
	let srv;
	before(async () => {
		srv = await startServer({ config: ['workers = 1', 'max_connections = 3',
			'max_connections_per_client = 50', 'request_deadline = 10'] });
	});
	after(async () => { await srv?.stop(); });

	test('a newcomer is served, and the connection waiting longest for its request is closed', async () => {
		const a = await openSocket(srv.port);               // sends nothing
		await sleep(50);
		const b = await openSocket(srv.port);
		b.write('GET / HTTP/1.1\r\nHost: x\r\n');            // half a request
		await sleep(50);
		const c = await openSocket(srv.port);
		await sleep(200);
		assert.equal((await request(srv.port, HEALTH)).status, 200, 'the newcomer is served');
		assert.ok(await closedWithin(a), 'the oldest waiting connection made room');
		assert.ok(!b.closedAt && !c.closedAt, 'the others stay');
		const d = await openSocket(srv.port);               // full again: b, c, d
		await sleep(200);
		assert.equal((await request(srv.port, HEALTH)).status, 200);
		assert.ok(await closedWithin(b), 'then the next oldest, half a request or none');
		assert.ok(!c.closedAt && !d.closedAt);
		for (const s of [a, b, c, d]) s.destroy();
		await sleep(200);
	});

	test('waiting connections go before idle keep-alives, the longest idle first, and an idle one still works', async () => {
		const k1 = await answered(srv.port);
		await sleep(50);
		const k2 = await answered(srv.port);
		await sleep(50);
		const w = await openSocket(srv.port);                // newest, but waiting for its request
		await sleep(200);
		assert.equal((await request(srv.port, HEALTH)).status, 200);
		assert.ok(await closedWithin(w), 'the waiting connection made room, though newer');
		assert.ok(!k1.closedAt && !k2.closedAt, 'keep-alives stay while a waiting one is there');
		const k3 = await answered(srv.port);                 // full again, all idle: k1, k2, k3
		await sleep(200);
		assert.equal((await request(srv.port, HEALTH)).status, 200);
		assert.ok(await closedWithin(k1), 'then the longest idle keep-alive');
		assert.ok(!k2.closedAt && !k3.closedAt);
		k2.write(HEALTH);
		const t0 = Date.now();
		while (!k2.closedAt && Date.now() - t0 < 2000) await sleep(10);
		assert.match(k2.data, /^HTTP\/1\.1 200 /, 'the idle keep-alive left open still answers');
		for (const s of [k1, k2, k3, w]) s.destroy();
		await sleep(200);
	});
});

describe('over the total cap, a connection being answered', () => {
	let srv;
	before(async () => {
		// the default Argon2id cost: a login takes long enough to be caught answering
		srv = await startServer({ config: ['workers = 1', 'max_connections = 3',
			'max_connections_per_client = 50', 'request_deadline = 10'] });
	});
	after(async () => { await srv?.stop(); });

	test('is never shed, even with the next request begun behind it (pipelining)', async () => {
		const form = await request(srv.port, 'GET /login HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nConnection: close\r\n\r\n');
		const pre = (form.headers['set-cookie'] ?? []).toString().split(';')[0];
		const { csrf } = JSON.parse(form.body);
		const body = new URLSearchParams({ handle: 'nobody_at_all', password: 'not the password at all', csrf }).toString();
		const p = await openSocket(srv.port);              // the oldest: first to go if listed
		await sleep(50);
		const q = await openSocket(srv.port);
		await sleep(50);
		const r = await openSocket(srv.port);
		await sleep(200);
		p.write(`POST /login HTTP/1.1\r\nHost: x\r\nCookie: ${pre}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
			`Content-Length: ${body.length}\r\n\r\n${body}GET / HTTP/1.1\r\nHost: x\r\n`);
		await sleep(5);
		assert.equal((await request(srv.port, HEALTH)).status, 200, 'the newcomer is served');
		const t0 = Date.now();
		while (!/^HTTP\/1\.1 \d{3}/.test(p.data) && !p.closedAt && Date.now() - t0 < 5000) await sleep(10);
		assert.match(p.data, /^HTTP\/1\.1 (401|303) /, 'the login being answered got its answer');
		assert.ok(await closedWithin(q), 'a connection waiting for its request made room instead');
		for (const s of [p, q, r]) s.destroy();
		await sleep(200);
	});
});

/* Starts forumd under `ulimit` shell words, reads its start-up lines, stops it. */
async function startupLines(ulimit, config = []) {
	const dir = mkdtempSync(join(tmpdir(), 'forumd-files-'));
	const port = await freePort();
	const child = spawn('sh', ['-c', `${ulimit}; exec "$0" "$@"`, FORUMD_BIN, '--listen', `127.0.0.1:${port}`,
		'--db', join(dir, 'forum.db'), ...config], { stdio: ['ignore', 'ignore', 'pipe'] });
	let err = '';
	child.stderr.on('data', (d) => { err += d; });
	const t0 = Date.now();
	while (!/listening on/.test(err) && child.exitCode === null && Date.now() - t0 < 10_000) await sleep(20);
	child.kill('SIGTERM');
	await new Promise((ok) => child.exitCode !== null ? ok() : child.once('exit', ok));
	rmSync(dir, { recursive: true, force: true });
	return err;
}

describe('the open-file limit', () => {
	const hard = Number(spawnSync('sh', ['-c', 'ulimit -Hn']).stdout.toString().trim());

	test('is raised to the hard limit at start-up, and the default caps are sized from it', async (t) => {
		if (!(hard > 1024)) return t.skip(`the hard limit here is ${hard}: nothing to raise`);
		const err = await startupLines('ulimit -Sn 1024');
		const m = err.match(/open-file limit (\d+): at most (\d+) connections \(from the file limit\), (\d+) per client/);
		assert.ok(m, err);
		assert.equal(Number(m[1]), hard, 'raised from 1024 to the hard limit');
		const reserve = Math.max(256, Math.floor(hard / 20));
		assert.equal(Number(m[2]), Math.min(hard - reserve, 65536));
		assert.equal(Number(m[3]), Math.max(64, Math.floor(Number(m[2]) / 16)));
	});

	test('a configured cap the files cannot hold is lowered to fit', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'forumd-conf-'));
		const conf = join(dir, 'forumd.conf');
		spawnSync('sh', ['-c', `printf 'max_connections = 5000\\n' > ${conf}`]);
		const err = await startupLines('ulimit -n 600', ['--config', conf]);
		rmSync(dir, { recursive: true, force: true });
		assert.match(err, /open-file limit 600: at most 344 connections \(lowered to fit the file limit\), 64 per client/);
	});
});

describe('a burst of connections', () => {
	let srv, mport;
	before(async () => {
		mport = await freePort();
		srv = await startServer({ config: ['workers = 2', 'max_connections_per_client = 1000',
			`metrics_listen = 127.0.0.1:${mport}`] });
	});
	after(async () => { await srv?.stop(); });

	/* Each worker's connections, from the metrics. */
	async function perWorker() {
		const text = await (await fetch(`http://127.0.0.1:${mport}/metrics`)).text();
		return [0, 1].map((i) => {
			const m = text.match(new RegExp(`^forumd_worker_connections\\{worker="${i}"\\} (\\d+)$`, 'm'));
			assert.ok(m, `worker ${i} in the metrics`);
			return Number(m[1]);
		});
	}

	async function settled(want, ms = 3000) {
		const t0 = Date.now();
		let got = await perWorker();
		while (got[0] + got[1] !== want && Date.now() - t0 < ms) {
			await sleep(20);
			got = await perWorker();
		}
		return got;
	}

	test('is spread evenly over the workers, round after round (a worker over its share pauses accepting)', async () => {
		for (let round = 0; round < 8; round++) {
			const socks = await Promise.all(Array.from({ length: 64 }, () => openSocket(srv.port)));
			for (const s of socks) s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
			const t0 = Date.now();
			while (socks.some((s) => !/\r\n\r\nok/.test(s.data)) && Date.now() - t0 < 5000) await sleep(10);
			assert.ok(socks.every((s) => /^HTTP\/1\.1 200 /.test(s.data)), 'every connection answered');
			const [a, b] = await settled(64);
			assert.equal(a + b, 64, `round ${round}: ${a} + ${b}`);
			assert.ok(Math.abs(a - b) <= 4, `round ${round}: the workers hold ${a} and ${b}`);
			for (const s of socks) s.destroy();
			assert.deepEqual(await settled(0), [0, 0], 'every connection let go');
		}
	});
});
