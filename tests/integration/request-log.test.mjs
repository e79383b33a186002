// request-log.test.mjs: a request-log line never blocks a worker. forumd logs every request
// to a stderr that nobody reads (a pipe that fills after some 100 KB, as a stalled disk or
// journal would): every request is still answered, the lines that did not fit are counted,
// and the count is logged once stderr takes bytes again.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sleep } from './harness.mjs';

const REQUESTS = 4_000;    // each logs a line of some 430 bytes: 1.7 MB, more than the log's buffer
const CONCURRENCY = 16;
const LONG_PATH = `/no-such-page/${'x'.repeat(400)}`;

describe('the request log never blocks a worker', () => {
	let srv;
	before(async () => {
		srv = await startServer({ config: ['log_requests = true', 'workers = 2'] });
		srv.proc.stderr.removeAllListeners('data');
		srv.proc.stderr.pause();  // node stops reading once its buffer fills; then the pipe does
	});
	after(async () => { await srv?.stop(); });

	test(`${REQUESTS} requests are all answered while stderr takes nothing`, async () => {
		let next = 0, ok = 0;
		const t0 = Date.now();
		await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
			while (next < REQUESTS) {
				next++;
				const r = await fetch(srv.baseUrl + LONG_PATH, { signal: AbortSignal.timeout(5000) });
				await r.arrayBuffer();
				if (r.status === 404) ok++;
			}
		}));
		assert.equal(ok, REQUESTS, 'every request answered');
		assert.ok(Date.now() - t0 < 60_000);
	});

	test('the dropped lines are counted once stderr is read again', async () => {
		let text = '';
		srv.proc.stderr.on('data', (s) => { text += s; });
		srv.proc.stderr.resume();
		for (let i = 0; i < 50 && !/request log lines dropped/.test(text); i++) await sleep(100);
		assert.match(text, /forumd: \d+ request log lines dropped: stderr did not keep up/);
		assert.match(text, /GET \/no-such-page\/x+ 404 /, 'the lines that fitted are written');
	});
});
