// page-cursors.test.mjs: every paginated page answers a page link that was cut short or
// changed (?before=, ?page=) the same way: 400, with a link to that list's first page, in
// HTML and in JSON.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { startServer, get, htmlDecode, FORUMD_BIN } from './harness.mjs';
import { newMember } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');

describe('page cursors', () => {
	let srv, mod;
	before(async () => {
		srv = await startServer({ config: ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1'] });
		mod = await newMember(srv.baseUrl);
		spawnSync(FORUMCTL, ['--db', srv.dbPath, 'promote', mod.handle], { encoding: 'utf8' });
	});
	after(async () => { await srv?.stop(); });

	const BAD = [
		['/?before=yesterday', '/'],
		['/unanswered?before=12', '/unanswered'],
		['/t/gifts-money?before=abc.1', '/t/gifts-money'],
		['/s/critical-care?before=1.-5', '/s/critical-care'],
		['/search?q=patient&page=abc', '/search?q=patient&page=1'],
		['/search?q=patient&page=9999', '/search?q=patient&page=1'],
		['/search?q=patient&page=0', '/search?q=patient&page=1'],
		['/search?page=abc', '/search?q=&page=1'],
		['/moderation/log?before=abc', '/moderation/log'],
		['/moderation/audit?before=-1', '/moderation/audit'],
	];

	for (const [path, first] of BAD) {
		test(`${path}: 400 with a link to ${first}`, async () => {
			const r = await mod.get(path);
			assert.equal(r.status, 400);
			assert.ok(htmlDecode(r.body).includes(`href="${first}"`), `links to ${first}`);
			assert.match(htmlDecode(r.body), /page link is not valid/);
			assertValidHtml(r.body, path);
			const j = await mod.get(path, { json: true });
			assert.equal(j.status, 400);
			assert.equal(JSON.parse(j.body).error.url, first);
		});
	}

	test('good cursors still page', async () => {
		for (const path of ['/?before=9999999999.5', '/search?q=patient&page=2', '/moderation/log?before=5']) {
			assert.equal((await get(srv.baseUrl + path)).status, 200, path);
		}
	});
});
