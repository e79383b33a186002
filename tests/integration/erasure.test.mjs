// erasure.test.mjs: erase means erased: after an account is deleted with its text erased, an author deletes a post, or a moderator redacts one, no byte of the text is left in the database file, its WAL, the search index or a backup made afterwards; backups are 0600.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { startServer, get, htmlDecode, FORUMD_BIN, REPO } from './harness.mjs';
import { newMember, login, postDilemma, postReply, LONG_BODY } from './members.mjs';
import { assertValidHtml } from '../html-check.mjs';

const FORUMCTL = process.env.FORUMCTL_BIN ?? join(dirname(FORUMD_BIN), 'forumctl');
const CONFIG = ['pwhash_memlimit = 8388608', 'pwhash_opslimit = 1', 'new_member_review = 0',
	'auth_attempts_per_client = 100000', 'login_attempts_per_handle = 100000',
	'new_member_limit_threads = 100', 'new_member_limit_replies = 500'];
const ADMIN_PASSWORD = 'lantern orchard pebble meadow quietly';
const REMOVED_TITLE = '[removed by its author]';

/* A random 12-letter lowercase word no other text holds. Consonants only, never ending in
 * "s": the porter stemmer leaves it as it is, so the search index stores these very bytes. */
function marker() {
	const letters = 'bcdfghjklmnpqrtvwxz';
	let w = '';
	for (let i = 0; i < 12; i++) w += letters[randomInt(letters.length)];
	return w;
}
const phone = () => `555-${randomInt(200, 1000)}-${randomInt(1000, 10000)}`;
const dob = () => `${String(randomInt(1, 13)).padStart(2, '0')}/${String(randomInt(10, 29))}/19${randomInt(20, 100)}`;

/* What to look for in the files: a marker's last 8 letters (the FTS index stores a term after
 * the prefix it shares with the term before it), any other text whole. */
const needle = (w) => (/^[a-z]{12}$/.test(w) ? w.slice(4) : w);

/* "WORD in FILE" for every word some byte of files still holds. */
function leftovers(files, words) {
	const found = [];
	for (const f of files.filter(existsSync)) {
		const bytes = readFileSync(f);
		for (const w of words)
			if (bytes.includes(needle(w))) found.push(`${w} in ${basename(f)}`);
	}
	return found;
}
const dbFiles = (srv) => [srv.dbPath, `${srv.dbPath}-wal`];

/* The words no byte of the database files holds (before an erase: must be none). */
function missing(srv, words) {
	return words.filter((w) => leftovers(dbFiles(srv), [w]).length === 0);
}

function sql(db, query) {
	const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
	assert.equal(r.status, 0, r.stderr);
	return r.stdout.trim();
}

/* Runs a command under umask 022 (what a careless shell has). */
function runUmask022(cmd, args) {
	return spawnSync('sh', ['-c', 'umask 022; exec "$0" "$@"', cmd, ...args], { encoding: 'utf8', timeout: 60_000 });
}

/* The number of search results for word (as a visitor sees them). */
async function searchCount(m, word) {
	const r = await m.get(`/search?q=${word}`, { json: true });
	assert.equal(r.status, 200, r.body.slice(0, 200));
	return (JSON.parse(r.body).results ?? []).length;
}

const passwordOf = (m) => `correct horse battery staple ${m.handle}`.split('').reverse().join('');

/* Posts a reply that the privacy guard stops, anyway (held for review); returns its id. */
async function replyAnyway(m, path, body) {
	await m.get(path);
	const r = await m.post(`${path}/reply`, { body, guard_ack: '1' });
	assert.equal(r.status, 303, r.body.slice(0, 300));
	return Number(/#p(\d+)$/.exec(r.location)[1]);
}

async function edit(m, id, fields) {
	await m.get(`/p/${id}/edit`);
	const r = await m.post(`/p/${id}/edit`, fields);
	assert.equal(r.status, 303, r.body.slice(0, 300));
}

describe('erase means erased', () => {
	let srv, admin, other, thread;

	before(async () => {
		srv = await startServer({ config: CONFIG });
		const handle = `chief${process.pid % 10000}`;
		const r = spawnSync(FORUMCTL, ['--db', srv.dbPath, 'create-admin', handle], { input: ADMIN_PASSWORD + '\n', encoding: 'utf8' });
		assert.equal(r.status, 0, r.stderr);
		admin = await login(srv.baseUrl, handle, ADMIN_PASSWORD);
		other = await newMember(srv.baseUrl);
		thread = await postDilemma(other, { title: 'A family asked me to keep in touch after discharge' });
	});
	after(async () => { await srv?.stop(); });

	test('deleting an account with "erase" leaves none of its text in the database, WAL, index or a later backup', async () => {
		const m = await newMember(srv.baseUrl);
		const [title, body, first, edited, anon, held] = [marker(), marker(), marker(), marker(), marker(), marker()];
		const [tel, born] = [phone(), dob()];
		const own = await postDilemma(m, { title: `Asked about ${title} at discharge`, body: `${LONG_BODY} ${body}` });
		await postReply(other, own, 'A reply that keeps the erased dilemma as a placeholder.');
		const reply = await postReply(m, thread, `I would say no to ${first}, kindly and clearly.`);
		await edit(m, reply, { body: `Edited: I would say no to ${edited} instead.` });
		await postReply(m, thread, `Posted anonymously: ${anon} happened to me too.`, { anonymous: true });
		const guarded = await replyAnyway(m, thread, `His son ${held} gave me ${tel}, DOB ${born}.`);
		assert.match(sql(srv.dbPath, `SELECT guard_passages FROM posts WHERE id = ${guarded}`), new RegExp(tel));
		const words = [title, body, first, edited, anon, held, tel, born];
		assert.deepEqual(missing(srv, words), [], 'every word is in the files before the erase');
		for (const w of [title, body, edited, anon]) assert.equal(await searchCount(other, w), 1, `search finds ${w} before`);

		await m.get('/account/delete');
		const del = await m.post('/account/delete', { password: passwordOf(m), mode: 'erase' });
		assert.equal(del.status, 200, del.body.slice(0, 300));

		assert.deepEqual(leftovers(dbFiles(srv), words), []);
		for (const w of words) assert.equal(await searchCount(other, w), 0, `search no longer finds ${w}`);
		assert.equal(sql(srv.dbPath, `SELECT title FROM threads WHERE id = ${own.split('/').pop()}`), REMOVED_TITLE);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM posts WHERE id = ${guarded} AND guard_passages IS NULL AND body_md = ''`), '1');
		const file = join(srv.dir, 'after-erase.db');
		const b = spawnSync(FORUMCTL, ['--db', srv.dbPath, 'backup', file], { encoding: 'utf8' });
		assert.equal(b.status, 0, b.stderr);
		assert.deepEqual(leftovers([file], words), [], 'a backup made afterwards holds none of it');
		rmSync(file);
	});

	test('an author deleting a post erases its text, its earlier versions, its guard passages and its index entry', async () => {
		const a = await newMember(srv.baseUrl);
		const [v1, v2, v3, title, body] = [marker(), marker(), marker(), marker(), marker()];
		const [tel, born] = [phone(), dob()];
		const reply = await postReply(a, thread, `First version: ask ${v1} about it.`);
		await edit(a, reply, { body: `Second version: ask ${v2} about it.` });
		await edit(a, reply, { body: `Third version: ask ${v3} on ${tel}, DOB ${born}.`, guard_ack: '1' });
		assert.equal((await admin.post(`/moderation/post/${reply}/approve`)).status, 303);
		assert.match(sql(srv.dbPath, `SELECT state || guard_passages FROM posts WHERE id = ${reply}`), new RegExp(`^visible.*${tel}`));
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM post_revisions WHERE post_id = ${reply}`), '2');
		const own = await postDilemma(a, { title: `About ${title} after a shift`, body: `${LONG_BODY} ${body}` });
		await postReply(other, own, 'An answer, so the dilemma stays as a placeholder.');
		const words = [v1, v2, v3, tel, born, title, body];
		assert.deepEqual(missing(srv, words), []);
		for (const w of [v3, title, body]) assert.equal(await searchCount(other, w), 1, `search finds ${w} before`);

		assert.equal((await a.post(`/p/${reply}/delete`, { confirm: '1' })).status, 303);
		const dilemma = JSON.parse((await a.get(own, { json: true })).body).dilemma.id;
		assert.equal((await a.post(`/p/${dilemma}/delete`, { confirm: '1' })).status, 303);

		assert.deepEqual(leftovers(dbFiles(srv), words), []);
		for (const w of words) assert.equal(await searchCount(other, w), 0, `search no longer finds ${w}`);
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM post_revisions WHERE post_id = ${reply}`), '0');
		assert.equal(sql(srv.dbPath, `SELECT body_md || body_html || coalesce(guard_passages, '') FROM posts WHERE id = ${reply}`), '');
		const page = JSON.parse((await other.get(own, { json: true })).body);
		assert.equal(page.dilemma.removed, true, 'the placeholder stays when it has replies');
		assert.match(page.dilemma.body_html, /\[removed by author\]/);
		assert.equal(page.thread.title, REMOVED_TITLE);
	});

	test('a moderator\'s redaction keeps no replaced text: the revision keeps the note, the audit log too', async () => {
		const b = await newMember(srv.baseUrl);
		const [name, again] = [marker(), marker()];
		const reply = await postReply(b, thread, `The lady with the ${name} tattoo on my unit asked me for this.`);
		await edit(b, reply, { body: `The lady with the ${name} tattoo on my unit asked me for this, ${again} too.` });
		assert.deepEqual(missing(srv, [name, again]), []);
		const redacted = 'A patient on my unit asked me for this.';
		const r = await admin.post(`/moderation/post/${reply}/edit`, { body: redacted, note: 'removed a name' });
		assert.equal(r.status, 303, r.body.slice(0, 300));

		assert.deepEqual(leftovers(dbFiles(srv), [name, again]), []);
		assert.equal(await searchCount(other, name), 0);
		assert.equal(sql(srv.dbPath, `SELECT body_md FROM posts WHERE id = ${reply}`), redacted);
		assert.equal(sql(srv.dbPath, `SELECT mod_note FROM post_revisions WHERE post_id = ${reply} ORDER BY id DESC LIMIT 1`), 'removed a name');
		assert.equal(sql(srv.dbPath, `SELECT count(*) FROM post_revisions WHERE post_id = ${reply} AND (body_md <> '' OR title IS NOT NULL)`), '0');
		assert.equal(sql(srv.dbPath, `SELECT note FROM mod_audit WHERE action = 'edit' AND target_id = ${reply}`), 'removed a name');
		await b.get('/account/delete');
		assert.equal((await b.post('/account/delete', { password: passwordOf(b), mode: 'keep' })).status, 200);
		assert.deepEqual(leftovers(dbFiles(srv), [name, again]), [], 'nor after its author leaves');
	});

	test('the privacy page and the delete form say what erasing does, backups included', async () => {
		const privacy = await get(`${srv.baseUrl}/privacy`);
		assertValidHtml(privacy.body, '/privacy');
		const m = await newMember(srv.baseUrl);
		const form = await m.get('/account/delete');
		assertValidHtml(form.body, '/account/delete');
		for (const [page, text] of [['/privacy', htmlDecode(privacy.body)], ['/account/delete', htmlDecode(form.body)]]) {
			assert.match(text, /every earlier version|every version/, page);
			assert.match(text, /\[removed by its author\]/, page);
			assert.match(text, /[Bb]ackups? made before/, page);
			assert.match(text, /14 most recent/, page);
		}
	});

	test('backups are 0600: forumctl backup and ops/backup.sh, even under umask 022', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'forumd-backup-'));
		try {
			const file = join(dir, 'forumctl.db');
			const r = runUmask022(FORUMCTL, ['--db', srv.dbPath, 'backup', file]);
			assert.equal(r.status, 0, r.stderr);
			assert.equal(statSync(file).mode & 0o777, 0o600, 'forumctl backup');
			const dest = join(dir, 'ops');
			const o = runUmask022('bash', [join(REPO, 'ops', 'backup.sh'), srv.dbPath, dest]);
			assert.equal(o.status, 0, o.stderr);
			const made = readdirSync(dest).filter((f) => /^forum-.*\.db$/.test(f));
			assert.equal(made.length, 1);
			assert.equal(statSync(join(dest, made[0])).mode & 0o777, 0o600, 'ops/backup.sh');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
