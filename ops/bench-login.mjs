// bench-login.mjs: starts forumd on loopback, measures GET / latency without and with 20 concurrent logins hashing; prints percentiles.
import { startServer } from '../tests/integration/harness.mjs';

const FRONT_REQUESTS = 2000;     // per phase
const FRONT_CONCURRENCY = 8;
const LOGINS_AT_ONCE = 20;
const PASSWORD = 'purple ukulele tidepool wander';

function percentiles(ms) {
	const s = [...ms].sort((a, b) => a - b);
	const at = (p) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
	return { n: s.length, p50: at(50), p90: at(90), p99: at(99), max: s[s.length - 1] };
}

async function frontPhase(base) {
	const times = [];
	let next = 0;
	async function worker() {
		while (next < FRONT_REQUESTS) {
			next++;
			const t0 = performance.now();
			const r = await fetch(`${base}/`);
			await r.arrayBuffer();
			if (r.status !== 200) throw new Error(`GET / answered ${r.status}`);
			times.push(performance.now() - t0);
		}
	}
	await Promise.all(Array.from({ length: FRONT_CONCURRENCY }, worker));
	return percentiles(times);
}

/* Registers one member; returns a function that logs it in once (a fresh visitor each time). */
async function loginLoop(base, handle, stop, counts) {
	while (!stop.done) {
		const page = await fetch(`${base}/login`, { headers: { accept: 'application/json' } });
		const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
		const { csrf } = await page.json();
		const r = await fetch(`${base}/login`, {
			method: 'POST', redirect: 'manual',
			headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', origin: base },
			body: new URLSearchParams({ csrf, handle, password: PASSWORD }),
		});
		await r.arrayBuffer();
		counts[r.status] = (counts[r.status] ?? 0) + 1;
	}
}

async function register(base, handle) {
	const page = await fetch(`${base}/register`, { headers: { accept: 'application/json' } });
	const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
	const { csrf } = await page.json();
	const r = await fetch(`${base}/register`, {
		method: 'POST',
		headers: { cookie, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', origin: base },
		body: new URLSearchParams({ csrf, handle, password: PASSWORD }),
	});
	if (r.status !== 201) throw new Error(`register ${handle}: ${r.status}`);
}

const srv = await startServer({ seed: true, config: ['log_requests = false',
	'auth_attempts_per_client = 1000000', 'login_attempts_per_handle = 1000000'] });
try {
	const base = srv.baseUrl;
	await frontPhase(base); // warm up (connections, statement caches, JIT)
	const quiet = await frontPhase(base);
	for (let i = 0; i < LOGINS_AT_ONCE; i++) await register(base, `bench${i}`);
	const stop = { done: false }, counts = {};
	const loops = Array.from({ length: LOGINS_AT_ONCE }, (_, i) => loginLoop(base, `bench${i}`, stop, counts));
	await new Promise((ok) => setTimeout(ok, 300));
	const busy = await frontPhase(base);
	stop.done = true;
	await Promise.all(loops);
	const f = (x) => x.toFixed(2).padStart(8);
	console.log(`front page GET /, ${FRONT_REQUESTS} requests, ${FRONT_CONCURRENCY} at a time, loopback (ms):`);
	console.log('                       p50      p90      p99      max');
	console.log(`without logins    ${f(quiet.p50)} ${f(quiet.p90)} ${f(quiet.p99)} ${f(quiet.max)}`);
	console.log(`with ${LOGINS_AT_ONCE} logins   ${f(busy.p50)} ${f(busy.p90)} ${f(busy.p99)} ${f(busy.max)}`);
	console.log(`login answers during the run: ${JSON.stringify(counts)}`);
} finally {
	await srv.stop();
}
