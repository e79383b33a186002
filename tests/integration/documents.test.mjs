/* documents.test.mjs: the documents made from forumd's own tables (issue 16): the man pages
 * forumd(8), forumd.conf(5) and forumctl(8) that the build makes render without a warning,
 * name every key and command; the config file with every key reads back as itself; README's
 * table of keys is the config table's. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FORUMD_BIN, REPO } from './harness.mjs';

const BUILD = dirname(FORUMD_BIN);
const FORUMCTL = join(BUILD, 'forumctl');
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', ...opts });
const keys = () => run(FORUMD_BIN, ['--print', 'keys']).stdout.trim().split('\n').map((l) => l.split('\t'));

describe('documents made from the tables', () => {
	for (const page of ['forumd.8', 'forumd.conf.5', 'forumctl.8']) {
		test(`${page} renders with groff -ww and man -l, without a warning`, () => {
			const file = join(BUILD, page);
			const g = run('groff', ['-ww', '-man', '-Tutf8', file]);
			assert.equal(g.status, 0, g.stderr);
			assert.equal(g.stderr, '', `groff warnings: ${g.stderr}`);
			const m = run('man', ['-l', file], { env: { ...process.env, MANWIDTH: '80', MAN_KEEP_STDERR: '1' } });
			assert.equal(m.status, 0, m.stderr);
			assert.equal(m.stderr, '');
			assert.match(m.stdout, /NAME/);
		});
	}

	test('forumd.conf(5) and the config file hold every key, and the file reads back as itself', () => {
		const man = run('man', ['-l', join(BUILD, 'forumd.conf.5')], { env: { ...process.env, MANWIDTH: '200' } }).stdout;
		const conf = readFileSync(join(BUILD, 'forumd.conf'), 'utf8');
		const all = keys();
		assert.ok(all.length >= 25, `${all.length} keys`);
		for (const [name] of all) {
			assert.match(man, new RegExp(`^\\s+${name} = `, 'm'), `forumd.conf(5) names ${name}`);
			assert.match(conf, new RegExp(`^#?${name} =`, 'm'), `forumd.conf holds ${name}`);
		}
		assert.match(conf, /^db = \/\S+\/forumd\/forum\.db$/m, 'the file sets db where the install keeps it');
		const again = run(FORUMD_BIN, ['--config', join(BUILD, 'forumd.conf'), '--print', 'conf']);
		assert.equal(again.status, 0, again.stderr);
		assert.equal(again.stdout, conf);
	});

	test('forumctl(8) names every command of forumctl --help', () => {
		const help = run(FORUMCTL, ['--help']).stdout;
		const cmds = help.split('commands')[1].trim().split('\n').slice(1).map((l) => l.trim().split(' ')[0]);
		assert.ok(cmds.length >= 8, help);
		const man = run('man', ['-l', join(BUILD, 'forumctl.8')], { env: { ...process.env, MANWIDTH: '200' } }).stdout;
		for (const c of cmds) assert.match(man, new RegExp(`^\\s+${c}\\b`, 'm'), `forumctl(8) names ${c}`);
	});

	test("README's table of keys is the config table's, row for row", () => {
		const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
		const rows = readme.split('\n').filter((l) => /^\| [a-z_]+ \| /.test(l) && !l.startsWith('| key |'));
		const want = keys().map(([n, d, m]) => `| ${n} | ${d || '(empty)'} | ${m} |`);
		assert.deepEqual(rows.slice(0, want.length), want);
	});
});
