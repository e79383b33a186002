// framing.test.mjs: the connection guard (forumd/http/conn.c) against the real server: malformed
// framing is refused with 400/431 and a close, slow requests hit the deadline, the per-client
// cap holds, and pipelining still works. Every test then checks that /healthz still answers.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, request, parseResponse, sleep, openSocket } from './harness.mjs';

const DEADLINE_SECONDS = 2;
const PER_CLIENT = 4;
const HEALTHZ = 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';

async function assertHealthy(port) {
	const r = await request(port, HEALTHZ);
	assert.equal(r.status, 200, `GET /healthz after the test: ${r.raw.slice(0, 200)}`);
}

/* Sends raw and expects the guard's refusal: the status and a closed connection. */
async function assertRefused(port, raw, statuses = [400]) {
	const r = await request(port, raw);
	assert.ok(statuses.includes(r.status), `status ${r.status}, want ${statuses}: ${r.raw.slice(0, 300)}`);
	assert.equal(r.closed, true, 'the server closes the connection');
	assert.match(r.headers.connection ?? '', /close/i);
	assert.equal(r.headers['x-content-type-options'], 'nosniff');
	return r;
}

/* Splits a buffer of back-to-back Content-Length responses. */
function splitResponses(buf) {
	const out = [];
	let rest = buf;
	for (;;) {
		const p = parseResponse(rest);
		if (!p || !p.complete) return out;
		out.push(p);
		const headEnd = rest.indexOf('\r\n\r\n') + 4;
		rest = rest.subarray(headEnd + Number(p.headers['content-length'] ?? 0));
	}
}

describe('framing', () => {
	let srv;
	before(async () => {
		srv = await startServer({ config: [`request_deadline = ${DEADLINE_SECONDS}`] });
	});
	after(async () => { await srv?.stop(); });

	test('two Content-Length headers get 400 and a close', async () => {
		await assertRefused(srv.port,
			'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello');
		await assertHealthy(srv.port);
	});

	test('a space before the colon of Content-Length gets 400', async () => {
		await assertRefused(srv.port,
			'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\nhello');
		await assertHealthy(srv.port);
	});

	test('a signed Content-Length (+5) gets 400', async () => {
		await assertRefused(srv.port,
			'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello');
		await assertHealthy(srv.port);
	});

	test('a NUL inside a header value gets 400', async () => {
		await assertRefused(srv.port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Note: a\u0000b\r\n\r\n');
		await assertHealthy(srv.port);
	});

	test('an empty header name gets 400', async () => {
		await assertRefused(srv.port, 'GET / HTTP/1.1\r\nHost: x\r\n: x\r\n\r\n');
		await assertHealthy(srv.port);
	});

	test('a folded header line gets 400', async () => {
		await assertRefused(srv.port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Note: a\r\n  folded\r\n\r\n');
		await assertHealthy(srv.port);
	});

	test('Transfer-Encoding: chunked gets 400', async () => {
		await assertRefused(srv.port,
			'POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
		await assertHealthy(srv.port);
	});

	test('a 20 KiB header gets 431 and a fresh connection still gets 200', async () => {
		const big = 'a'.repeat(20 * 1024);
		await assertRefused(srv.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`, [431, 400]);
		await assertHealthy(srv.port);
	});

	test(`a request trickled one byte a second is cut off by the ${DEADLINE_SECONDS} s deadline`, async () => {
		const s = await openSocket(srv.port);
		const t0 = Date.now();
		const line = 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ' + 'z'.repeat(64);
		for (let i = 0; i < line.length && !s.closedAt && Date.now() - t0 < (DEADLINE_SECONDS + 4) * 1000; i++) {
			s.write(line[i]);
			await sleep(1000);
		}
		s.destroy();
		assert.ok(s.closedAt > 0, 'the server closed the connection');
		assert.ok(s.closedAt - t0 <= (DEADLINE_SECONDS + 2) * 1000,
			`closed after ${s.closedAt - t0} ms`);
		assert.equal(s.data.includes('HTTP/1.1 200'), false, 'the trickled request was not served');
		await assertHealthy(srv.port);
	});

	test('a pipelined pair of GETs gets two 200s on one connection', async () => {
		const pair = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n' + HEALTHZ;
		const s = await openSocket(srv.port);
		s.write(pair);
		const t0 = Date.now();
		while (!s.closedAt && Date.now() - t0 < 5000) await sleep(20);
		s.destroy();
		const replies = splitResponses(Buffer.from(s.data, 'latin1'));
		assert.deepEqual(replies.map((r) => r.status), [200, 200], s.data.slice(0, 400));
		await assertHealthy(srv.port);
	});
});

describe('per-client connection cap', () => {
	let srv;
	before(async () => {
		srv = await startServer({
			config: [`max_connections_per_client = ${PER_CLIENT}`, 'request_deadline = 10'],
		});
	});
	after(async () => { await srv?.stop(); });

	test(`the ${PER_CLIENT + 1}th connection from one client is refused, and a place frees on close`, async () => {
		const idle = [];
		for (let i = 0; i < PER_CLIENT; i++) idle.push(await openSocket(srv.port));
		await sleep(300);
		assert.equal(idle.filter((s) => s.closedAt).length, 0, 'the first connections stay open');

		const extra = await openSocket(srv.port);
		extra.write(HEALTHZ);
		const t0 = Date.now();
		while (!extra.closedAt && Date.now() - t0 < 3000) await sleep(20);
		extra.destroy();
		assert.ok(extra.closedAt > 0, 'the connection over the cap is closed');
		assert.ok(extra.data === '' || /^HTTP\/1\.1 503 /.test(extra.data),
			`over the cap: 503 or a bare close, got ${extra.data.slice(0, 200)}`);
		if (extra.data) assert.match(extra.data, /\r\nRetry-After: \d+\r\n/i);

		idle[0].destroy();
		await sleep(300);
		const r = await request(srv.port, HEALTHZ);
		assert.equal(r.status, 200, 'a new connection works once one closed');

		for (const s of idle) s.destroy();
		await sleep(300);
		await assertHealthy(srv.port);
	});
});
