// harness.mjs: starts the real forumd on a free loopback port with a fresh temporary database, and speaks HTTP to it.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FORUMD_BIN = process.env.FORUMD_BIN
	? resolve(process.env.FORUMD_BIN)
	: join(REPO, 'build', 'forumd');

const READY_TIMEOUT_MS = 10_000;      // the "listening" line must come within this
const STOP_TIMEOUT_MS = 10_000;       // after this, stop() kills with SIGKILL
const SAFETY_KILL_SECONDS = 300;      // no server outlives the tests by more than this
const MAX_STDERR_BYTES = 8 << 20;     // stderr kept for assertions
const PORT_TRIES = 5;
// setpriv (util-linux) execs forumd with a parent-death signal: forumd keeps its pid (so signals
// reach it directly) and dies with this process even if this process is killed with SIGKILL.
const HAVE_SETPRIV = /pdeathsig/.test(spawnSync('setpriv', ['--help'], { encoding: 'utf8' }).stdout ?? '');

const live = new Set();
function killAll() {
	for (const child of live) {
		try { child.kill('SIGKILL'); } catch { /* already gone */ }
	}
}
process.on('exit', killAll);
for (const [sig, num] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
	process.once(sig, () => { killAll(); process.exit(128 + num); });
}

/* A port on 127.0.0.1 that was free a moment ago (bind 0, read, close). */
export function freePort() {
	return new Promise((ok, fail) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', fail);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => ok(port));
		});
	});
}

/* Spawns forumd with args under a hard kill timer and a parent-death signal; returns the child
 * (its pid is forumd's) and its output getters. */
function spawnForumd(args, env) {
	const cmd = HAVE_SETPRIV ? 'setpriv' : FORUMD_BIN;
	const argv = HAVE_SETPRIV ? ['--pdeathsig', 'KILL', '--', FORUMD_BIN, ...args] : args;
	const proc = spawn(cmd, argv, {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, ...env },
	});
	live.add(proc);
	const safety = setTimeout(() => proc.kill('SIGKILL'), SAFETY_KILL_SECONDS * 1000);
	safety.unref();
	let err = '';
	let out = '';
	proc.stderr.setEncoding('utf8');
	proc.stdout.setEncoding('utf8');
	proc.stderr.on('data', (s) => { if (err.length < MAX_STDERR_BYTES) err += s; });
	proc.stdout.on('data', (s) => { if (out.length < MAX_STDERR_BYTES) out += s; });
	const t0 = Date.now();
	let stopAt = t0;
	const exited = new Promise((ok) => {
		proc.on('exit', (code, signal) => {
			clearTimeout(safety);
			live.delete(proc);
			ok({ code, signal, at: Date.now() });
		});
		proc.on('error', (e) => {
			err += `\nspawn ${cmd}: ${e.message}\n`;
			clearTimeout(safety);
			live.delete(proc);
			ok({ code: null, signal: null, at: Date.now(), error: e });
		});
	});
	// stdio streams may still hold data when 'exit' fires: wait for them to close too.
	const closed = new Promise((ok) => proc.on('close', ok));
	return {
		proc, exited, closed, t0,
		stderr: () => err,
		stdout: () => out,
		markStop: () => { stopAt = Date.now(); },
		sinceStop: (at) => at - stopAt,
	};
}

/* Runs forumd once with args (no config written) until it exits or timeoutMs passes.
 * Resolves {code, signal, ms, stderr, stdout, timedOut}. */
export async function runForumd(args, { timeoutMs = 10_000, env = {} } = {}) {
	const run = spawnForumd(args, env);
	let timedOut = false;
	const timer = setTimeout(() => { timedOut = true; run.proc.kill('SIGKILL'); }, timeoutMs);
	const end = await run.exited;
	await Promise.race([run.closed, sleep(500)]);
	clearTimeout(timer);
	return {
		code: end.code, signal: end.signal, ms: end.at - run.t0,
		stderr: run.stderr(), stdout: run.stdout(), timedOut,
	};
}

/* Starts forumd on a free loopback port with DIR/forum.db.
 * opts: config (array of "key = value" lines), args (extra argv), seed (adds --seed-demo),
 *       dir (reuse this folder instead of a fresh one), keep (do not delete the folder at stop),
 *       env (extra environment), readyTimeoutMs.
 * Resolves {port, baseUrl, dbPath, dir, proc, stderr(), stdout(), stop(signal)}; rejects with
 * the collected stderr when forumd exits or stays silent before its "listening" line. */
export async function startServer(opts = {}) {
	const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'forumd-test-'));
	const dbPath = join(dir, 'forum.db');
	let lastError;
	for (let attempt = 0; attempt < PORT_TRIES; attempt++) {
		const port = await freePort();
		const conf = join(dir, 'forumd.conf');
		const lines = [
			'# written by tests/integration/harness.mjs',
			`listen = 127.0.0.1:${port}`,
			`db = ${dbPath}`,
			...(opts.config ?? []),
		];
		writeFileSync(conf, lines.join('\n') + '\n');
		const args = ['--config', conf, ...(opts.seed ? ['--seed-demo'] : []), ...(opts.args ?? [])];
		const run = spawnForumd(args, opts.env ?? {});
		try {
			await waitReady(run, opts.readyTimeoutMs ?? READY_TIMEOUT_MS);
		} catch (e) {
			run.proc.kill('SIGKILL');
			await run.exited;
			lastError = e;
			if (/address already in use|EADDRINUSE/i.test(run.stderr())) continue;
			if (!opts.dir && !opts.keep) rmSync(dir, { recursive: true, force: true });
			throw e;
		}
		return makeHandle(run, { port, dir, dbPath, keep: opts.keep || opts.dir });
	}
	throw lastError;
}

function waitReady(run, timeoutMs) {
	return new Promise((ok, fail) => {
		const check = () => {
			if (/forumd: listening on http:\/\//.test(run.stderr())) { done(); ok(); }
		};
		const timer = setTimeout(() => {
			done();
			fail(new Error(`forumd did not report listening within ${timeoutMs} ms; stderr:\n${run.stderr()}`));
		}, timeoutMs);
		const onExit = ({ code, signal }) => {
			done();
			fail(new Error(`forumd exited (code ${code}, signal ${signal}) before listening; stderr:\n${run.stderr()}`));
		};
		function done() {
			clearTimeout(timer);
			run.proc.stderr.off('data', check);
		}
		run.proc.stderr.on('data', check);
		run.exited.then((r) => { if (!/listening on http/.test(run.stderr())) onExit(r); });
		check();
	});
}

function makeHandle(run, { port, dir, dbPath, keep }) {
	let stopped = null;
	const stop = (signal = 'SIGTERM') => {
		if (stopped) return stopped;
		run.markStop();
		stopped = (async () => {
			run.proc.kill(signal);
			const killer = setTimeout(() => run.proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
			const end = await run.exited;
			clearTimeout(killer);
			await Promise.race([run.closed, sleep(500)]);
			if (!keep && !process.env.FORUMD_KEEP_TMP) rmSync(dir, { recursive: true, force: true });
			return { code: end.code, signal: end.signal, ms: run.sinceStop(end.at) };
		})();
		return stopped;
	};
	return {
		port, dir, dbPath,
		baseUrl: `http://127.0.0.1:${port}`,
		proc: run.proc,
		stderr: run.stderr,
		stdout: run.stdout,
		stop,
	};
}

/* Opens a socket to 127.0.0.1:port, resolves once it is connected; records whether and when it closed. */
export function openSocket(port) {
	return new Promise((ok, fail) => {
		const s = net.connect({ port, host: '127.0.0.1' });
		s.data = '';
		s.closedAt = 0;
		s.on('data', (d) => { s.data += d.toString('latin1'); });
		s.on('error', () => {});
		s.on('close', () => { s.closedAt = Date.now(); });
		s.once('connect', () => ok(s));
		s.once('error', fail);
	});
}

export function sleep(ms) {
	return new Promise((ok) => setTimeout(ok, ms));
}

/* GET (or any method) through fetch without following redirects.
 * opts: fetch options plus json (sets Accept: application/json), timeoutMs.
 * Resolves {status, headers (a Headers), body (text), res}. */
export async function get(url, opts = {}) {
	const { json, timeoutMs = 10_000, headers = {}, ...rest } = opts;
	const h = { ...headers };
	if (json) h.accept = 'application/json';
	const res = await fetch(url, {
		redirect: 'manual',
		signal: AbortSignal.timeout(timeoutMs),
		...rest,
		headers: h,
	});
	const body = await res.text();
	return { status: res.status, headers: res.headers, body, res };
}

/* Sends raw bytes on a new connection and reads the first response.
 * Resolves {status, headers (lower-case names; repeats joined by ", "), body, closed, raw,
 * timedOut}: closed tells whether the server closed the connection after the response
 * (waited for up to timeoutMs when it said Connection: close, else graceMs).
 * opts.thenSend: more bytes (a body) written thenSendAfterMs later unless a response came first,
 * so a server that refuses on the headers alone can answer before the body arrives. */
export function request(port, raw, { timeoutMs = 5_000, graceMs = 150, host = '127.0.0.1',
	thenSend = null, thenSendAfterMs = 200 } = {}) {
	const isHead = /^HEAD\s/i.test(typeof raw === 'string' ? raw : raw.toString('latin1'));
	return new Promise((ok) => {
		const sock = net.connect({ port, host });
		let buf = Buffer.alloc(0);
		let closed = false;
		let settled = false;
		let graceTimer = null;
		const finish = (timedOut = false) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			clearTimeout(graceTimer);
			sock.destroy();
			const parsed = parseResponse(buf, isHead) ?? { status: 0, headers: {}, body: '' };
			ok({
				status: parsed.status, headers: parsed.headers,
				body: parsed.body, closed, raw: buf.toString('latin1'), timedOut,
			});
		};
		const timer = setTimeout(() => finish(!parseResponse(buf, isHead)?.complete), timeoutMs);
		sock.on('data', (d) => {
			buf = Buffer.concat([buf, d]);
			const p = parseResponse(buf, isHead);
			if (p?.complete && !graceTimer) {
				const wantsClose = /\bclose\b/i.test(p.headers.connection ?? '');
				if (!wantsClose) graceTimer = setTimeout(() => finish(), graceMs);
			}
		});
		const onGone = () => { closed = true; finish(); };
		sock.on('end', onGone);
		sock.on('close', onGone);
		sock.on('error', () => { closed = true; finish(); });
		sock.write(raw);
		if (thenSend !== null) {
			setTimeout(() => {
				if (!settled && buf.length === 0) sock.write(thenSend, () => {});
			}, thenSendAfterMs);
		}
	});
}

/* Parses the first non-1xx HTTP response in buf; null when its head is not complete yet. */
export function parseResponse(buf, isHead = false) {
	let start = 0;
	for (;;) {
		const end = buf.indexOf('\r\n\r\n', start);
		if (end < 0) return null;
		const head = buf.subarray(start, end).toString('latin1').split('\r\n');
		const m = /^HTTP\/\d\.\d\s+(\d{3})/.exec(head[0]);
		if (!m) return null;
		const status = Number(m[1]);
		const headers = {};
		for (const line of head.slice(1)) {
			const i = line.indexOf(':');
			if (i <= 0) continue;
			const k = line.slice(0, i).trim().toLowerCase();
			const v = line.slice(i + 1).trim();
			headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
		}
		const bodyStart = end + 4;
		if (status >= 100 && status < 200) { start = bodyStart; continue; }
		const rest = buf.subarray(bodyStart);
		if (isHead || status === 204 || status === 304) {
			return { status, headers, body: '', complete: true };
		}
		if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
			const c = dechunk(rest);
			return { status, headers, body: c.body.toString('utf8'), complete: c.complete };
		}
		if ('content-length' in headers) {
			const n = Number(headers['content-length']);
			return {
				status, headers,
				body: rest.subarray(0, n).toString('utf8'),
				complete: rest.length >= n,
			};
		}
		return { status, headers, body: rest.toString('utf8'), complete: false };
	}
}

function dechunk(buf) {
	const parts = [];
	let i = 0;
	for (;;) {
		const eol = buf.indexOf('\r\n', i);
		if (eol < 0) return { body: Buffer.concat(parts), complete: false };
		const size = parseInt(buf.subarray(i, eol).toString('latin1'), 16);
		if (Number.isNaN(size)) return { body: Buffer.concat(parts), complete: false };
		if (size === 0) return { body: Buffer.concat(parts), complete: true };
		if (buf.length < eol + 2 + size + 2) return { body: Buffer.concat(parts), complete: false };
		parts.push(buf.subarray(eol + 2, eol + 2 + size));
		i = eol + 2 + size + 2;
	}
}

/* The demo content forumd --seed-demo inserts (web/demo/demo.json), or null when absent. */
export function demoContent() {
	try {
		return JSON.parse(readFileSync(join(REPO, 'web', 'demo', 'demo.json'), 'utf8'));
	} catch {
		return null;
	}
}

/* Decodes the character references a template engine writes (&amp; &lt; &gt; &quot; &#39;
 * &#x27; and numeric ones), so page source can be compared with plain text. */
export function htmlDecode(s) {
	const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
	return String(s).replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (all, ref) => {
		if (ref[0] !== '#') return named[ref.toLowerCase()] ?? all;
		const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
		return Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
	});
}
