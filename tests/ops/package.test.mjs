/* package.test.mjs: forumd as a Debian package (issue 16). Builds the .deb from the tracked
 * files with dpkg-buildpackage, holds it to lintian (no error, no warning) and the unit's
 * systemd-analyze exposure (1.2 or lower), installs it with apt-get in this machine, starts
 * the installed forumd with the installed config on a loopback port (without systemd),
 * fetches pages, stops it, removes the package (data and config kept) and purges it (gone).
 * Skipped, saying why, where it cannot run: not root, no dpkg-buildpackage or apt-get, or a
 * forumd package already installed (never touch a real one). */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, freePort, sleep } from '../integration/harness.mjs';

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
const have = (cmd) => run('sh', ['-c', `command -v ${cmd}`]).status === 0;
const POLICY = '/usr/sbin/policy-rc.d';

function whyNot() {
	if (process.getuid?.() !== 0) return 'not root: apt-get install needs root';
	for (const cmd of ['dpkg-buildpackage', 'apt-get', 'lintian', 'git']) if (!have(cmd)) return `no ${cmd} (ops/install-deps.sh installs it)`;
	if (run('dpkg-query', ['-W', '-f=${Status}', 'forumd']).stdout.includes('installed')) return 'a forumd package is installed here already';
	return null;
}

describe('the Debian package', { skip: whyNot() ?? false }, () => {
	let work, deb, changes, policyMade = false;

	before(() => {
		work = mkdtempSync(join(tmpdir(), 'forumd-deb-'));
		const src = join(work, 'forumd');
		const files = run('git', ['-C', REPO, 'ls-files', '-z']).stdout;
		assert.ok(files.length > 0, 'git ls-files');
		const tar = run('sh', ['-c', `git -C "${REPO}" ls-files -z | tar --null -T - -C "${REPO}" -cf - | (mkdir -p "${src}" && tar -xf - -C "${src}")`]);
		assert.equal(tar.status, 0, tar.stderr);
		const b = run('dpkg-buildpackage', ['-us', '-uc', '-b'], { cwd: src });
		assert.equal(b.status, 0, `dpkg-buildpackage:\n${b.stdout.slice(-3000)}\n${b.stderr.slice(-3000)}`);
		deb = readdirSync(work).find((f) => /^forumd_[^_]+_[a-z0-9]+\.deb$/.test(f));
		changes = readdirSync(work).find((f) => f.endsWith('.changes'));
		assert.ok(deb && changes, readdirSync(work).join(' '));
		// the package's postinst must not start a service while the test runs
		if (!existsSync(POLICY)) {
			writeFileSync(POLICY, '#!/bin/sh\nexit 101\n');
			chmodSync(POLICY, 0o755);
			policyMade = true;
		}
	});
	after(() => {
		run('apt-get', ['purge', '-y', '-qq', 'forumd']);
		if (policyMade) rmSync(POLICY, { force: true });
		if (work) rmSync(work, { recursive: true, force: true });
	});

	test('holds forumd, forumctl, the unit, the config and the man pages', () => {
		const list = run('dpkg', ['-c', join(work, deb)]).stdout;
		for (const path of ['./usr/sbin/forumd', './usr/bin/forumctl', './lib/systemd/system/forumd.service',
			'./etc/forumd/forumd.conf', './usr/share/man/man8/forumd.8.gz', './usr/share/man/man8/forumctl.8.gz',
			'./usr/share/man/man5/forumd.conf.5.gz', './usr/share/doc/forumd/copyright'])
			assert.ok(list.includes(` ${path}\n`), `${path} in the package`);
		const conffiles = run('sh', ['-c', `dpkg-deb -e "${join(work, deb)}" "${work}/control" && cat "${work}/control/conffiles"`]);
		assert.match(conffiles.stdout, /^\/etc\/forumd\/forumd\.conf$/m, 'the config is a conffile');
	});

	test('lintian reports no error and no warning', () => {
		const l = run('lintian', ['--fail-on', 'error,warning', join(work, changes)]);
		const tags = (l.stdout + l.stderr).split('\n').filter((x) => /^[EW]: /.test(x));
		assert.deepEqual(tags, []);
		assert.equal(l.status, 0, l.stdout + l.stderr);
	});

	test("the unit's systemd-analyze exposure is 1.2 or lower", (t) => {
		if (!have('systemd-analyze')) return t.skip('no systemd-analyze here');
		const unit = join(work, 'forumd.service');
		run('sh', ['-c', `dpkg-deb --fsys-tarfile "${join(work, deb)}" | tar -xOf - ./lib/systemd/system/forumd.service > "${unit}"`]);
		const s = run('systemd-analyze', ['security', '--offline=true', unit]);
		const m = /Overall exposure level for forumd\.service: ([\d.]+)/.exec(s.stdout);
		assert.ok(m, s.stdout + s.stderr);
		assert.ok(Number(m[1]) <= 1.2, `exposure ${m[1]}`);
	});

	test('installs, serves with the installed config, is removed with its data kept, and purged', async () => {
		const inst = run('apt-get', ['install', '-y', '-qq', join(work, deb)], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
		assert.equal(inst.status, 0, inst.stdout + inst.stderr);
		assert.ok(existsSync('/usr/sbin/forumd') && existsSync('/etc/forumd/forumd.conf'));
		const port = await freePort();
		const child = spawn('timeout', ['-s', 'KILL', '60', '/usr/sbin/forumd', '--config', '/etc/forumd/forumd.conf',
			'--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
		let err = '';
		child.stderr.on('data', (d) => { err += d; });
		const t0 = Date.now();
		while (!/listening on/.test(err) && child.exitCode === null && Date.now() - t0 < 20_000) await sleep(50);
		assert.match(err, /listening on http:\/\/127\.0\.0\.1/, err);
		const health = await fetch(`http://127.0.0.1:${port}/healthz`);
		assert.equal(health.status, 200);
		const front = await fetch(`http://127.0.0.1:${port}/`);
		assert.equal(front.status, 200);
		assert.match(await front.text(), /<html/);
		const exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
		child.kill('SIGTERM');
		assert.deepEqual(await exited, { code: 0, signal: null }, 'stops cleanly on SIGTERM');
		assert.ok(existsSync('/var/lib/forumd/forum.db'), 'the installed config keeps the database in /var/lib/forumd');

		const rm = run('apt-get', ['remove', '-y', '-qq', 'forumd']);
		assert.equal(rm.status, 0, rm.stdout + rm.stderr);
		assert.ok(!existsSync('/usr/sbin/forumd'), 'the program is gone');
		assert.ok(existsSync('/etc/forumd/forumd.conf') && existsSync('/var/lib/forumd/forum.db'), 'config and data kept');

		const purge = run('apt-get', ['purge', '-y', '-qq', 'forumd']);
		assert.equal(purge.status, 0, purge.stdout + purge.stderr);
		assert.ok(!existsSync('/etc/forumd/forumd.conf') && !existsSync('/var/lib/forumd'), 'purge removes config and data');
	});
});
