// migrations.test.mjs: forumd's migration runner against a real database: applied once, recorded, and a broken migration changes nothing.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, startServer, runForumd, freePort } from './harness.mjs';

/* Runs one statement or dot-command through Debian's sqlite3 CLI; returns its output. */
function sqlite(db, sql) {
	const r = spawnSync('sqlite3', ['-batch', db, sql], { encoding: 'utf8', maxBuffer: 64 << 20 });
	if (r.error) throw new Error(`sqlite3 CLI: ${r.error.message} (install the sqlite3 package)`);
	assert.equal(r.status, 0, `sqlite3 ${sql}: ${r.stderr}`);
	return r.stdout;
}

/* Everything that must not change: schema, recorded migrations and all rows. */
function snapshot(db) {
	return {
		schema: sqlite(db, 'SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name;'),
		migrations: sqlite(db, 'SELECT * FROM schema_migrations ORDER BY 1;'),
		dump: sqlite(db, '.dump'),
	};
}

describe('migrations', () => {
	let dir, migDir, dbPath, files, first;

	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'forumd-migrate-'));
		migDir = join(dir, 'migrations');
		mkdirSync(migDir);
		files = readdirSync(join(REPO, 'migrations')).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
		for (const f of files) copyFileSync(join(REPO, 'migrations', f), join(migDir, f));
		dbPath = join(dir, 'forum.db');
		const srv = await startServer({ dir, seed: true, args: ['--migrations', migDir] });
		first = await srv.stop();
	});
	after(() => { if (dir && !process.env.FORUMD_KEEP_TMP) rmSync(dir, { recursive: true, force: true }); });

	test('the repository has numbered migrations', () => {
		assert.ok(files.length > 0, 'migrations/NNNN_name.sql files exist');
	});

	test('a first start applies every migration, records each once, and exits 0 on SIGTERM', () => {
		assert.equal(first.code, 0, `first start ended with ${JSON.stringify(first)}`);
		const count = Number(sqlite(dbPath, 'SELECT count(*) FROM schema_migrations;').trim());
		assert.equal(count, files.length);
		const recorded = sqlite(dbPath, 'SELECT * FROM schema_migrations;');
		for (const f of files) assert.ok(recorded.includes(f.slice(0, 4)), `${f} recorded`);
	});

	test('the database is in WAL mode and passes integrity_check', () => {
		assert.equal(sqlite(dbPath, 'PRAGMA journal_mode;').trim(), 'wal');
		assert.equal(sqlite(dbPath, 'PRAGMA integrity_check;').trim(), 'ok');
	});

	test('a second start applies nothing new', async () => {
		const before = snapshot(dbPath);
		const srv = await startServer({ dir, args: ['--migrations', migDir] });
		const end = await srv.stop();
		assert.equal(end.code, 0, `ended with ${JSON.stringify(end)}`);
		assert.deepEqual(snapshot(dbPath).migrations, before.migrations);
		assert.deepEqual(snapshot(dbPath).schema, before.schema);
	});

	test('a broken migration exits non-zero naming the file and leaves the database unchanged', async () => {
		const before = snapshot(dbPath);
		assert.ok(before.dump.includes('INSERT INTO'), 'the database holds rows to protect');
		writeFileSync(join(migDir, '9999_broken.sql'),
			'CREATE TABLE broken_probe (id INTEGER PRIMARY KEY, note TEXT);\n' +
			'INSERT INTO broken_probe (note) VALUES (\'should vanish\');\n' +
			'CREATE TABLE oops (;\n');
		const port = await freePort();
		const r = await runForumd(['--listen', `127.0.0.1:${port}`, '--db', dbPath, '--migrations', migDir],
			{ timeoutMs: 10_000 });
		try {
			assert.equal(r.timedOut, false, `forumd did not exit; stderr:\n${r.stderr}`);
			assert.notEqual(r.code, 0, 'non-zero exit status');
			assert.ok(r.ms < 5000, `exited in ${r.ms} ms`);
			assert.match(r.stderr, /9999_broken\.sql/, 'stderr names the file');
			assert.match(r.stderr, /syntax error/i, "stderr carries SQLite's message");
			assert.doesNotMatch(r.stderr, /listening on/, 'never started serving');
			const now = snapshot(dbPath);
			assert.equal(now.schema, before.schema, 'schema unchanged');
			assert.equal(now.migrations, before.migrations, 'schema_migrations unchanged');
			assert.equal(now.dump, before.dump, 'content unchanged');
			assert.equal(sqlite(dbPath, "SELECT count(*) FROM sqlite_master WHERE name = 'broken_probe';").trim(), '0');
			assert.equal(sqlite(dbPath, 'PRAGMA integrity_check;').trim(), 'ok');
		} finally {
			rmSync(join(migDir, '9999_broken.sql'), { force: true });
		}
	});

	test('after the broken file is removed forumd starts again on the same database', async () => {
		const srv = await startServer({ dir, args: ['--migrations', migDir] });
		const end = await srv.stop();
		assert.equal(end.code, 0, `ended with ${JSON.stringify(end)}; stderr:\n${srv.stderr()}`);
	});
});
