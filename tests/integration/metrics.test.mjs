/* metrics.test.mjs: Prometheus metrics on a listener of their own (issue 16): off by default,
 * never on the public port; GET /metrics there passes promtool's check and counts requests by
 * route pattern and status, latency, connections, caches, queues, database errors, posts and
 * registrations; no label holds a handle, an id, an address or a token. */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, freePort, FORUMD_BIN } from './harness.mjs';
import { newMember, postDilemma, postReply } from './members.mjs';

const FAST = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'new_member_review = 0'];

/* The value of the sample `name{labels}` (labels as written), or undefined. */
function sample(text, name, labels = '') {
	const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
	return line === undefined ? undefined : Number(line.split(' ').pop());
}

describe('metrics', () => {
	let srv, mport, m;
	before(async () => {
		mport = await freePort();
		srv = await startServer({ config: [...FAST, `metrics_listen = 127.0.0.1:${mport}`] });
		m = await newMember(srv.baseUrl, { specialties: ['med-surg'] });
		const thread = await postDilemma(m);
		await postReply(m, thread, 'A reply with enough words to be posted here, thank you.');
		for (let i = 0; i < 3; i++) await (await fetch(`${srv.baseUrl}${thread}`)).text();
		await (await fetch(`${srv.baseUrl}/no/such/page`)).text();
	});
	after(async () => { await srv?.stop(); });

	const scrape = async () => {
		const r = await fetch(`http://127.0.0.1:${mport}/metrics`);
		assert.equal(r.status, 200);
		assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
		return r.text();
	};

	test('are served on metrics_listen only: the public port has no /metrics, the metrics port nothing else', async () => {
		assert.match(srv.stderr(), new RegExp(`metrics on http://127\\.0\\.0\\.1:${mport}/metrics`));
		assert.equal((await fetch(`${srv.baseUrl}/metrics`)).status, 404);
		assert.equal((await fetch(`http://127.0.0.1:${mport}/`)).status, 404);
		assert.equal((await fetch(`http://127.0.0.1:${mport}/d/1`)).status, 404);
	});

	test('pass promtool check metrics', async () => {
		const text = await scrape();
		const p = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
		assert.equal(p.status, 0, `promtool: ${p.stdout}${p.stderr}`);
		assert.equal((p.stdout + p.stderr).trim(), '', 'no lint finding');
	});

	test('count requests by route pattern and status, latency, posts, registrations, caches and queues', async () => {
		const text = await scrape();
		assert.ok(sample(text, 'forumd_http_requests_total', 'route="/d/:id",method="GET",status="200"') >= 3, text);
		assert.ok(sample(text, 'forumd_http_requests_total', 'route="none",method="GET",status="404"') >= 1);
		assert.ok(sample(text, 'forumd_http_requests_total', 'route="/d/:id/reply",method="POST",status="303"') >= 1);
		assert.ok(sample(text, 'forumd_http_request_duration_seconds_count') >= 6);
		assert.equal(sample(text, 'forumd_http_request_duration_seconds_bucket', 'le="+Inf"'),
			sample(text, 'forumd_http_request_duration_seconds_count'));
		assert.equal(sample(text, 'forumd_posts_total'), 2);
		assert.equal(sample(text, 'forumd_registrations_total'), 1);
		assert.ok(sample(text, 'forumd_page_cache_hits_total') >= 1, 'the anonymous thread page came from the cache');
		assert.ok(sample(text, 'forumd_worker_connections', 'worker="0"') >= 0, 'each worker\'s connections');
		for (const g of ['forumd_connections_open', 'forumd_connections_shed_total', 'forumd_connections_refused_total',
			'forumd_hash_queue_depth', 'forumd_render_queue_depth', 'forumd_review_queue_length',
			'forumd_db_busy_total', 'forumd_db_errors_total', 'forumd_page_cache_misses_total'])
			assert.ok(sample(text, g) >= 0, `${g} is there`);
		assert.equal(sample(text, 'forumd_review_queue_length'), 0);
	});

	test('no label names a handle, an id, an address or a token', async () => {
		const text = await scrape();
		const patterns = new Set(spawnSync(FORUMD_BIN, ['--routes'], { encoding: 'utf8' }).stdout
			.trim().split('\n').map((l) => l.split(' ')[1]));
		const values = [...text.matchAll(/(\w+)="([^"]*)"/g)];
		assert.ok(values.length > 10);
		for (const [, name, value] of values) {
			assert.ok(['route', 'method', 'status', 'le', 'worker'].includes(name), `label ${name}`);
			if (name === 'worker') assert.match(value, /^\d+$/);
			if (name === 'route') assert.ok(value === 'none' || patterns.has(value), `route label ${value}`);
			if (name === 'method') assert.match(value, /^(GET|HEAD|POST|other)$/);
			if (name === 'status') assert.match(value, /^(\d{3}|other)$/);
		}
		assert.ok(!text.includes(m.handle), 'no handle');
		assert.ok(!text.includes('127.0.0.1'), 'no address');
		assert.ok(!text.includes(m.cookies.get('fd_session')), 'no token');
	});
});

describe('metrics off', () => {
	test('no metrics listener without metrics_listen', async () => {
		const srv = await startServer({ config: FAST });
		try {
			assert.doesNotMatch(srv.stderr(), /metrics on/);
			assert.equal((await fetch(`${srv.baseUrl}/metrics`)).status, 404);
		} finally {
			await srv.stop();
		}
	});
});
