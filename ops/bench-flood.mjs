// bench-flood.mjs: a normal reader's latency while thousands of connections trickle a header
// line every 2 s from hundreds of loopback addresses (slowloris), and forumd's memory per open
// connection; also malformed framing. Loopback only, bounded: each phase a fixed time.
// Run by ops/bench-flood.sh (release build, file limit raised). Modes:
//   node ops/bench-flood.mjs [READER_SECONDS]           the whole bench
//   node ops/bench-flood.mjs attack PORT N ADDRS FIRST SECONDS   one attacker process
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer, request, sleep } from '../tests/integration/harness.mjs';

const TRICKLE_MS = 2000;          // a header line every 2 s
const READER_EVERY_MS = 20;       // the reader: a new connection and a page every 20 ms
const RAMP_BATCH = 250;           // attacker connections opened per 50 ms
const ATTACKER_PROCESSES = 2;

/* The loopback address of attacker address number k (127.1.0.1 ...): another machine. */
const addressOf = (k) => `127.1.${Math.floor(k / 250)}.${(k % 250) + 1}`;

/* ------------------------------------------------------------ one attacker process */

async function attack(port, n, addrs, first, seconds) {
	const end = Date.now() + seconds * 1000;
	let open = 0, opened = 0, closedByServer = 0;
	const one = (i) => {
		if (Date.now() > end) return;
		const s = net.connect({ port, host: '127.0.0.1', localAddress: addressOf(first + (i % addrs)) });
		let timer = null;
		s.on('connect', () => {
			open++; opened++;
			s.write('GET / HTTP/1.1\r\nHost: x\r\n');
			timer = setInterval(() => s.write(`X-Slow-${Date.now() % 1000}: a\r\n`), TRICKLE_MS);
		});
		s.on('error', () => {});
		s.on('close', (hadErr) => {
			if (timer) { clearInterval(timer); open--; closedByServer++; }
			setTimeout(() => one(i), 100);   // keep n open: reconnect
		});
		s.on('data', () => {});
	};
	for (let i = 0; i < n; i += RAMP_BATCH) {
		for (let j = i; j < Math.min(n, i + RAMP_BATCH); j++) one(j);
		await sleep(50);
	}
	const report = setInterval(() => process.stdout.write(`open ${open} opened ${opened} closed ${closedByServer}\n`), 500);
	await sleep(Math.max(0, end - Date.now()));
	clearInterval(report);
	process.exit(0);
}

/* ------------------------------------------------------------ the bench */

function percentiles(ms) {
	const s = [...ms].sort((a, b) => a - b);
	const at = (p) => s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
	return { n: s.length, p50: at(50), p99: at(99), max: s.length ? s[s.length - 1] : NaN };
}

const rssKiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const tcpMemPages = () => Number(/TCP: .* mem (\d+)/.exec(readFileSync('/proc/net/sockstat', 'utf8'))[1]);

/* Starts the attacker processes; resolves with their handles once n connections are open
 * (or after 30 s). */
async function startAttackers(port, n, addrs, seconds) {
	const me = fileURLToPath(import.meta.url);
	const procs = [], open = [];
	for (let p = 0; p < ATTACKER_PROCESSES; p++) {
		const share = Math.floor(n / ATTACKER_PROCESSES), a = Math.floor(addrs / ATTACKER_PROCESSES);
		const child = spawn(process.execPath, [me, 'attack', port, share, a, p * a, seconds], { stdio: ['ignore', 'pipe', 'inherit'] });
		open[p] = 0;
		child.stdout.on('data', (d) => {
			const m = /open (\d+)[^\n]*\n$/.exec(d.toString());
			if (m) open[p] = Number(m[1]);
		});
		procs.push(child);
	}
	const t0 = Date.now();
	while (open.reduce((a, b) => a + b, 0) < n * 0.98 && Date.now() - t0 < 30_000) await sleep(200);
	return { procs, open: () => open.reduce((a, b) => a + b, 0) };
}

/* The reader: a new connection for each page, one every READER_EVERY_MS, for seconds. */
async function reader(port, path, seconds) {
	const times = [], refused = [];
	const end = Date.now() + seconds * 1000;
	const pending = [];
	while (Date.now() < end) {
		const t0 = performance.now();
		pending.push(request(port, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, { graceMs: 0 })
			.then((r) => (r.status === 200 ? times : refused).push(r.status === 200 ? performance.now() - t0 : r.status)));
		await sleep(READER_EVERY_MS);
	}
	await Promise.all(pending);
	return { ...percentiles(times), refused: refused.length };
}

const MALFORMED = [
	'POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello',
	'POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\nhello',
	'POST / HTTP/1.1\r\nContent-Length : 5\r\n\r\nhello',
	'GET / HTTP/1.1\r\n: x\r\n\r\n',
	'GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n',
	'GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n',
	'GET / HTTP/1.1\r\nX(A): a\r\n\r\n',
	'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
	'HEAD / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello',
	'GET / HTTP/2.0\r\n\r\n',
	'BREW / HTTP/1.1\r\n\r\n',
	'\r\nGET / HTTP/1.1\r\n\r\n',
	`GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`,
];

async function malformedRow(port) {
	let refused = 0;
	for (const raw of MALFORMED) {
		const r = await request(port, raw);
		const replies = (r.raw ?? '').toString().match(/HTTP\/1\.1 \d{3}/g) ?? [];
		if (r.status >= 400 && r.status < 600 && replies.length <= 1) refused++;
	}
	return `${MALFORMED.length} malformed-framing requests: ${refused} refused with one 4xx/5xx`;
}

async function phase(label, { conns, addrs, config = [], readerSeconds }) {
	const srv = await startServer({ seed: true, config: ['request_deadline = 15', ...config] });
	try {
		const cap = /at most (\d+) connections[^,]*, (\d+) per client/.exec(srv.stderr());
		const rss0 = rssKiB(srv.proc.pid), tcp0 = tcpMemPages();
		let attackers = null;
		if (conns) attackers = await startAttackers(srv.port, conns, addrs, readerSeconds + 40);
		const openNow = attackers ? attackers.open() : 0;
		const rss1 = rssKiB(srv.proc.pid), tcp1 = tcpMemPages();
		const r = await reader(srv.port, '/', readerSeconds);
		const openEnd = attackers ? attackers.open() : 0;
		if (attackers) for (const p of attackers.procs) p.kill('SIGKILL');
		const perConn = openNow ? ` | forumd +${((rss1 - rss0) / openNow).toFixed(1)} KiB, kernel TCP +${((tcp1 - tcp0) * 4 / openNow).toFixed(1)} KiB per connection` : '';
		console.log(`${label.padEnd(46)} caps ${cap?.[1]}/${cap?.[2]} | open ${openNow}->${openEnd} | reader n ${r.n}, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms, refused ${r.refused}${perConn}`);
		if (label.startsWith('no attack')) console.log(await malformedRow(srv.port));
	} finally {
		await srv.stop();
	}
}

async function main() {
	const readerSeconds = Number(process.argv[2] ?? 20);
	if (!(readerSeconds >= 1 && readerSeconds <= 60)) throw new Error('READER_SECONDS: 1..60');
	console.log(`bench-flood: a reader opens a connection and reads / every ${READER_EVERY_MS} ms for ${readerSeconds} s; attackers trickle a header line every ${TRICKLE_MS / 1000} s (request_deadline 15 s, then they reconnect)`);
	await phase('no attack', { conns: 0, addrs: 0, readerSeconds });
	await phase('1,000 connections from 50 addresses', { conns: 1000, addrs: 50, readerSeconds });
	await phase('5,000 connections from 200 addresses', { conns: 5000, addrs: 200, readerSeconds });
	await phase('10,000 connections from 500 addresses', { conns: 10000, addrs: 500, readerSeconds });
	await phase('10,000 from 500, max_connections = 2,000 (shed)', { conns: 10000, addrs: 500, readerSeconds, config: ['max_connections = 2000'] });
}

if (process.argv[2] === 'attack') {
	const [port, n, addrs, first, seconds] = process.argv.slice(3).map(Number);
	attack(port, n, addrs, first, seconds);
} else {
	main().catch((e) => { console.error(e); process.exit(1); });
}
