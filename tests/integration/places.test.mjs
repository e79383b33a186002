// places.test.mjs: where nurses practise (issue 14). The places table a fresh database gets
// (migration 0017, made by tools/places.py from Debian's iso-codes): every country, and the
// states, provinces and territories of the countries whose nurses are licensed by them.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer } from './harness.mjs';

function sql(db, q) {
	const r = spawnSync('sqlite3', ['-cmd', '.timeout 5000', db, q], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

describe('places', () => {
	let srv;
	before(async () => { srv = await startServer(); });
	after(async () => { await srv?.stop(); });

	test('every country, and the states and provinces of the United States, Canada and Australia', () => {
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM places WHERE code = country'), '249');
		assert.equal(sql(srv.dbPath, "SELECT country || ' ' || count(*) FROM places WHERE code <> country GROUP BY country ORDER BY 1"),
			'AU 8\nCA 13\nUS 56');
		assert.equal(sql(srv.dbPath, "SELECT name FROM places WHERE code IN ('US-OH', 'US-DC', 'US-PR', 'CA-ON', 'AU-NSW') ORDER BY code"),
			'New South Wales\nOntario\nDistrict of Columbia\nOhio\nPuerto Rico');
		assert.equal(sql(srv.dbPath, "SELECT count(*) FROM places WHERE code = 'US-UM'"), '0', 'no uninhabited islands');
		assert.equal(sql(srv.dbPath, "SELECT name FROM places WHERE code IN ('BO', 'KR') ORDER BY code"), 'Bolivia\nSouth Korea',
			'names as readers know them');
		assert.equal(sql(srv.dbPath, 'SELECT count(*) FROM places s LEFT JOIN places c ON c.code = s.country WHERE c.code IS NULL OR c.code <> c.country'),
			'0', 'every state\'s country is a country');
		assert.equal(sql(srv.dbPath, "SELECT group_concat(code, ' ') FROM (SELECT code FROM places ORDER BY sort LIMIT 3)"), 'AF AX AL',
			'sorted as readers expect (Åland among the A\'s)');
	});
});
