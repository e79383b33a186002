// shared-address.test.mjs: a hospital's staff behind one address (issue 15): 300 members
// signing in from one address within the window all get in; guessing one handle's password
// is still stopped by the per-handle limit; failed logins spread over many handles from one
// address are slowed (failures count against the address, successes do not); one client
// cannot fill the hashing queue. Default limits (10 a handle, 30 a client per 15 minutes).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer } from './harness.mjs';
import { Member, newMember, uniqueHandle } from './members.mjs';

const FAST_HASH = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1'];
const sql = (db, q) => {
	const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
};
const password = (handle) => `correct horse battery staple ${handle}`.split('').reverse().join('');

/* A login from a fresh browser; resolves the status. */
async function signIn(base, handle, pw, extra = {}) {
	const m = new Member(base);
	await m.get('/login');
	return (await m.post('/login', { handle, password: pw }, { extra })).status;
}

describe('many members behind one address', () => {
	let srv, first;
	before(async () => {
		srv = await startServer({ config: [...FAST_HASH, 'new_member_review = 0', 'trust_proxy = true'] });
		first = await newMember(srv.baseUrl);
	});
	after(async () => { await srv?.stop(); });

	test('300 members sign in from one address within the window', async () => {
		// 299 more accounts with first's password hash (one register would count against the address)
		const hash = sql(srv.dbPath, `SELECT password_hash FROM members WHERE handle = '${first.handle}'`);
		const handles = Array.from({ length: 299 }, () => uniqueHandle('shift'));
		sql(srv.dbPath, `INSERT INTO members (handle, password_hash, created_at, updated_at) VALUES ${
			handles.map((h) => `('${h}', '${hash}', 1, 1)`).join(', ')};`);
		const pw = password(first.handle);
		const statuses = [];
		for (const h of [first.handle, ...handles])
			statuses.push(await signIn(srv.baseUrl, h, pw, { 'x-forwarded-for': '203.0.113.7' }));
		const refused = statuses.filter((s) => s !== 303).length;
		assert.equal(refused, 0, `refused: ${refused} of 300`);
	});

	test('one handle guessed past its limit is stopped, from any address', async () => {
		const m = await newMember(srv.baseUrl);
		const statuses = [];
		for (let i = 0; i < 11; i++)
			statuses.push(await signIn(srv.baseUrl, m.handle, `wrong guess ${i} for this one`, { 'x-forwarded-for': `198.51.100.${i}` }));
		assert.equal(statuses.at(-1), 429, statuses.join(' '));
	});

	test('failed logins over many handles from one address are slowed; another address is not', async () => {
		const statuses = [];
		for (let i = 0; i < 31; i++)
			statuses.push(await signIn(srv.baseUrl, uniqueHandle('nobody'), 'a wrong password here', { 'x-forwarded-for': '192.0.2.50' }));
		assert.equal(statuses.at(-1), 429, statuses.join(' '));
		assert.equal(await signIn(srv.baseUrl, first.handle, password(first.handle), { 'x-forwarded-for': '192.0.2.51' }), 303);
	});
});

describe('one client\'s share of the hashing queue', () => {
	let srv;
	// four times the default Argon2id passes: the first hashes must still be running when the
	// last of the 40 requests arrives, also on a machine busy with other tests
	before(async () => { srv = await startServer({ config: ['trust_proxy = true', 'auth_attempts_per_client = 1000',
		'pwhash_opslimit = 8',
		'max_connections_per_client = 1000'] }); });   // the test's clients share one peer address
	after(async () => { await srv?.stop(); });

	test('40 logins at once from one address: past its share they get 503; another address is served meanwhile', async () => {
		const flood = Array.from({ length: 40 }, (_, i) =>
			signIn(srv.baseUrl, uniqueHandle('flood'), 'a wrong password here', { 'x-forwarded-for': '203.0.113.99' }));
		const other = signIn(srv.baseUrl, uniqueHandle('other'), 'a wrong password here', { 'x-forwarded-for': '203.0.113.100' });
		const statuses = await Promise.all(flood);
		const busy = statuses.filter((s) => s === 503).length;
		assert.ok(busy >= 40 - 16, `503 past the share of 16: ${statuses.join(' ')}`);
		assert.ok(statuses.filter((s) => s === 401).length >= 1, 'its share is hashed');
		assert.equal(await other, 401, 'the other client\'s login is hashed and answered');
	});
});
