/* test_migrate.c: db_open's pragmas and cache, the migration runner, the real schema, the seed.
 * Usage: test_migrate [SOURCE_ROOT]  (the repository root; default: the current folder when
 * it holds migrations/, else found from __FILE__) */
#if !defined(_XOPEN_SOURCE) && !defined(_GNU_SOURCE)
#define _XOPEN_SOURCE 700  /* mkdtemp, nftw */
#endif
#include <ftw.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "assets.h"
#include "db.h"
#include "keys.h"
#include "mem.h"
#include "migrate.h"
#include "seed.h"

/* The embedded tables this test links against instead of the generated ones. */
#define M1 "CREATE TABLE alpha (id INTEGER PRIMARY KEY, v TEXT) STRICT;\n"
#define M2 "-- second\nINSERT INTO alpha (v) VALUES ('one'), ('two');\n"
const struct asset asset_migrations[] = {
	{ "0001_alpha.sql", (const unsigned char *)M1, sizeof M1 - 1 },
	{ "0002_fill.sql", (const unsigned char *)M2, sizeof M2 - 1 },
	{ NULL, NULL, 0 },
};
#define DEMO "{\"members\": [{\"handle\": \"demo_dana\", \"credentials\": \"BSN, RN\"," \
	" \"specialties\": [\"critical-care\", \"cardiac\", \"emergency\", \"trauma\"]," \
	" \"years\": \"1-5\"}], \"threads\": [{\"title\": \"A small embedded dilemma\"," \
	" \"topics\": [\"gifts-money\"], \"author\": \"demo_dana\", \"minutes_ago\": 10," \
	" \"body\": \"Body with <script>alert(1)</script> in it.\", \"replies\": [{\"author\":" \
	" \"demo_dana\", \"minutes_ago\": 5, \"body\": \"A reply.\"}]}]}"
const struct asset asset_demo[] = {
	{ "demo.json", (const unsigned char *)DEMO, sizeof DEMO - 1 },
	{ NULL, NULL, 0 },
};

static int test_number, failures;
static char tmp_root[64];
static char source_root[1024];

static void ok(int cond, const char *name)
{
	test_number++;
	printf("%sok %d - %s\n", cond ? "" : "not ", test_number, name);
	if (!cond)
		failures++;
}

/* ---------------------------------------------------------------- helpers */

static char *path_in(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", a, b);
	return p;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char *p = path_in(dir, name);
	FILE *f = fopen(p, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(p);
		exit(2);
	}
	free(p);
}

static char *new_dir(const char *name)
{
	char *p = path_in(tmp_root, name);
	if (mkdir(p, 0700) != 0) {
		perror(p);
		exit(2);
	}
	return p;
}

static struct db *open_db(const char *name)
{
	char err[256];
	char *p = path_in(tmp_root, name);
	struct db *db = db_open(p, err, sizeof err);
	if (!db) {
		printf("# db_open: %s\n", err);
		exit(2);
	}
	free(p);
	return db;
}

static long long query_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Returns a new string joining column `col` of every row of `sql`, for comparisons. */
static char *query_col(struct db *db, const char *sql, int col)
{
	sqlite3_stmt *st = NULL;
	size_t len = 0;
	char *out = xstrdup("");
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
		printf("# query_text: %s\n", sqlite3_errmsg(db_handle(db)));
		sqlite3_finalize(st);
		return out;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, col);
		size_t n = v ? strlen(v) : 4;
		out = xrealloc(out, len + n + 2);
		memcpy(out + len, v ? v : "NULL", n);
		len += n;
		out[len++] = '\n';
		out[len] = '\0';
	}
	sqlite3_finalize(st);
	return out;
}

static char *query_text(struct db *db, const char *sql)
{
	return query_col(db, sql, 0);
}

/* Everything the runner could have changed: the schema, the recorded versions, the data. */
static char *snapshot(struct db *db)
{
	char *schema = query_text(db, "SELECT type || ' ' || name || ' ' || coalesce(sql, '')"
	                              " FROM sqlite_schema ORDER BY name");
	char *versions = query_text(db, "SELECT version FROM schema_migrations ORDER BY version");
	char *rows = query_text(db, "SELECT id || ':' || v FROM alpha ORDER BY id");
	size_t n = strlen(schema) + strlen(versions) + strlen(rows) + 1;
	char *all = xmalloc(n);
	snprintf(all, n, "%s%s%s", schema, versions, rows);
	free(schema);
	free(versions);
	free(rows);
	return all;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)flag; (void)ftw;
	return remove(path);
}

/* ---------------------------------------------------------------- db.c */

static void *commit_later(void *other)
{
	usleep(100 * 1000);
	sqlite3_exec(other, "COMMIT", NULL, NULL, NULL);
	return NULL;
}

/* Another connection holds the write lock for 100 ms; db's BEGIN IMMEDIATE must wait for it
 * (without a busy handler it fails at once with SQLITE_BUSY). */
static bool writer_waits_for_the_lock(struct db *db, const char *path)
{
	sqlite3 *other = NULL;
	pthread_t t;
	if (sqlite3_open(path, &other) != SQLITE_OK ||
	    sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK ||
	    pthread_create(&t, NULL, commit_later, other) != 0) {
		sqlite3_close(other);
		return false;
	}
	int rc = sqlite3_exec(db_handle(db), "BEGIN IMMEDIATE", NULL, NULL, NULL);
	pthread_join(t, NULL);
	sqlite3_exec(db_handle(db), "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	return rc == SQLITE_OK;
}

static void test_db_open(void)
{
	char err[256];
	char *path = path_in(tmp_root, "deep/er/forum.db");
	struct db *db = db_open(path, err, sizeof err);
	ok(db != NULL, "db_open creates the missing parent folders");
	struct stat sb;
	char *dir = path_in(tmp_root, "deep/er");
	ok(stat(dir, &sb) == 0 && (sb.st_mode & 0777) == 0700, "new folders are mode 0700");
	ok(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "a new database file is mode 0600");
	free(dir);
	if (!db) {
		free(path);
		return;
	}
	char *mode = query_text(db, "PRAGMA journal_mode");
	ok(strcmp(mode, "wal\n") == 0, "journal_mode is WAL");
	free(mode);
	ok(query_int(db, "PRAGMA synchronous") == 2, "synchronous is FULL");
	ok(query_int(db, "PRAGMA foreign_keys") == 1, "foreign_keys is ON");
	ok(query_int(db, "PRAGMA trusted_schema") == 0, "trusted_schema is OFF");
	ok(query_int(db, "PRAGMA secure_delete") == 1, "secure_delete is ON");
	ok(writer_waits_for_the_lock(db, path), "a writer meets another's write lock: it waits "
	   "(its busy handler) and takes the lock once freed");
	free(path);
	ok(db_ping(db) == -1, "db_ping fails on a database with no migrated schema");

	static const char sql_param[] = "SELECT ?1";
	sqlite3_stmt *a = db_stmt(db, sql_param);
	sqlite3_bind_int(a, 1, 42);
	int first = sqlite3_step(a) == SQLITE_ROW && sqlite3_column_int(a, 0) == 42;
	sqlite3_stmt *b = db_stmt(db, sql_param);
	int cleared = sqlite3_step(b) == SQLITE_ROW && sqlite3_column_type(b, 0) == SQLITE_NULL;
	ok(a == b && first && cleared, "db_stmt caches by pointer and returns it reset and cleared");

	enum { MANY = 300 };
	char *sqls[MANY];
	sqlite3_stmt *sts[MANY];
	int same = 1;
	for (int i = 0; i < MANY; i++) {
		sqls[i] = xmalloc(32);
		snprintf(sqls[i], 32, "SELECT %d", i);
		sts[i] = db_stmt(db, sqls[i]);
	}
	for (int i = 0; i < MANY; i++) {
		sqlite3_stmt *st = db_stmt(db, sqls[i]);
		same = same && st == sts[i] && sqlite3_step(st) == SQLITE_ROW &&
		       sqlite3_column_int(st, 0) == i;
	}
	ok(same, "the statement cache grows and keeps 300 statements");
	ok(db_stmt(db, "SELEC nothing") == NULL, "db_stmt returns NULL for bad SQL");
	ok(db_begin(db) == SQLITE_OK && db_rollback(db) == SQLITE_OK && db_rollback(db) == SQLITE_OK,
	   "begin, rollback, and rollback with no transaction");
	db_close(db);
	for (int i = 0; i < MANY; i++)
		free(sqls[i]);
}

/* ---------------------------------------------------------------- migrate.c */

static void test_runner(void)
{
	char err[256] = "";
	char *dir = new_dir("mig");
	struct db *db = open_db("mig.db");
	write_file(dir, "0001_alpha.sql", M1);
	write_file(dir, "0002_fill.sql", M2);
	write_file(dir, "README.md", "not a migration\n");

	ok(migrate_run(db, dir, err, sizeof err) == 2, "two migrations apply from a folder");
	ok(query_int(db, "SELECT count(*) FROM alpha") == 2 &&
	   query_int(db, "SELECT count(*) FROM schema_migrations") == 2,
	   "their effects and versions are recorded");
	ok(migrate_run(db, dir, err, sizeof err) == 0, "a second run applies nothing");
	ok(db_ping(db) == 0, "db_ping answers 0 once the schema is migrated");

	char *before = snapshot(db);
	write_file(dir, "0003_broken.sql",
	           "CREATE TABLE gamma (x INTEGER) STRICT;\n"
	           "INSERT INTO alpha (v) VALUES ('three');\n"
	           "SELEC broken syntax;\n");
	err[0] = '\0';
	int rc = migrate_run(db, dir, err, sizeof err);
	printf("# error: %s\n", err);
	ok(rc == -1, "a broken third migration fails");
	ok(strncmp(err, "0003_broken.sql: ", 17) == 0 && strstr(err, "syntax error"),
	   "the error names the file and carries SQLite's message");
	char *after = snapshot(db);
	ok(strcmp(before, after) == 0, "the database is exactly as before the broken migration");
	ok(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'gamma'") == 0 &&
	   query_int(db, "SELECT count(*) FROM alpha") == 2,
	   "the broken file's first statements were rolled back");
	free(after);

	write_file(dir, "0003_broken.sql", "CREATE TABLE gamma (x INTEGER) STRICT;\n");
	ok(migrate_run(db, dir, err, sizeof err) == 1, "once fixed, the third migration applies");

	write_file(dir, "0004_tx.sql", "CREATE TABLE delta (x);\nCOMMIT;\nCREATE TABLE eps (x);\n");
	rc = migrate_run(db, dir, err, sizeof err);
	ok(rc == -1 && strncmp(err, "0004_tx.sql: ", 13) == 0 &&
	   query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'delta'") == 0,
	   "a migration that ends its transaction is refused and rolled back");
	char *p = path_in(dir, "0004_tx.sql");
	unlink(p);
	free(p);

	char *other = new_dir("mig-older");
	write_file(other, "0001_alpha.sql", M1);
	rc = migrate_run(db, other, err, sizeof err);
	ok(rc == -1 && strstr(err, "0002_fill.sql"), "a database newer than the migrations is refused");
	free(other);

	free(before);
	db_close(db);
	free(dir);
}

/* A file marked "-- forumd: edits the schema text" may loosen a CHECK in place: the new
 * text holds for this connection at once (the schema version raised), defensive mode is back
 * on after, and an edit SQLite cannot parse is rolled back. */
static void test_schema_edit(void)
{
	char err[256] = "";
	char *dir = new_dir("mig-edit");
	struct db *db = open_db("mig-edit.db");
	write_file(dir, "0001_kinds.sql",
	           "CREATE TABLE kinds (k TEXT NOT NULL CHECK (k IN ('a', 'b'))) STRICT;\n");
	write_file(dir, "0002_widen.sql",
	           "-- forumd: edits the schema text\n"
	           "UPDATE sqlite_schema SET sql = replace(sql, '''a'', ''b'')', '''a'', ''b'', ''c'')')"
	           " WHERE name = 'kinds';\n");
	ok(migrate_run(db, dir, err, sizeof err) == 2, "a schema edit applies");
	sqlite3 *h = db_handle(db);
	ok(sqlite3_exec(h, "INSERT INTO kinds VALUES ('c')", NULL, NULL, NULL) == SQLITE_OK &&
	   sqlite3_exec(h, "INSERT INTO kinds VALUES ('d')", NULL, NULL, NULL) != SQLITE_OK,
	   "the loosened CHECK holds at once, and still refuses what it does not allow");
	ok(sqlite3_exec(h, "UPDATE sqlite_schema SET sql = sql WHERE name = 'kinds'", NULL, NULL, NULL) != SQLITE_OK,
	   "defensive mode is back: the schema cannot be written after the migration");
	char *before = snapshot(db);
	write_file(dir, "0003_break.sql",
	           "-- forumd: edits the schema text\n"
	           "UPDATE sqlite_schema SET sql = 'CREATE TABLE kinds (' WHERE name = 'kinds';\n");
	int rc = migrate_run(db, dir, err, sizeof err);
	printf("# error: %s\n", err);
	char *after = snapshot(db);
	ok(rc == -1 && strncmp(err, "0003_break.sql: ", 16) == 0 && strcmp(before, after) == 0,
	   "an edit SQLite cannot read is refused and rolled back");
	ok(sqlite3_exec(h, "INSERT INTO kinds VALUES ('b')", NULL, NULL, NULL) == SQLITE_OK,
	   "the table works after the refused edit");
	free(before);
	free(after);
	db_close(db);
	free(dir);
}

static void test_bad_names(void)
{
	static const char *const bad[] = {
		"1_x.sql", "0004-x.sql", "0004_X.sql", "00004_x.sql", "0004_.sql",
		"0004_a b.sql", "abcd_x.sql", ".0004_x.sql",
	};
	struct db *db = open_db("names.db");
	int all_refused = 1;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char name[32], err[256] = "";
		snprintf(name, sizeof name, "bad%zu", i);
		char *dir = new_dir(name);
		write_file(dir, "0001_alpha.sql", M1);
		write_file(dir, bad[i], "CREATE TABLE never (x);\n");
		int rc = migrate_run(db, dir, err, sizeof err);
		if (rc != -1 || !strstr(err, bad[i])) {
			printf("# %s was not refused (rc %d, %s)\n", bad[i], rc, err);
			all_refused = 0;
		}
		free(dir);
	}
	ok(all_refused, "file names not shaped NNNN_name.sql are refused, naming the file");
	ok(query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name IN ('alpha', 'never')") == 0,
	   "nothing is applied from a folder with a bad name");
	ok(migrate_name_valid("0001_core.sql") && migrate_name_valid("0042_add_fts5.sql"),
	   "good names are accepted");

	char err[256] = "";
	char *dir = new_dir("dupes");
	write_file(dir, "0001_alpha.sql", M1);
	write_file(dir, "0001_again.sql", M2);
	ok(migrate_run(db, dir, err, sizeof err) == -1 && strstr(err, "same number"),
	   "two files with one number are refused");
	free(dir);
	db_close(db);
}

struct listing {
	int applied, pending, unknown;
	char order[256];
};

static void collect(const char *version, enum migration_state state, const char *at, void *arg)
{
	struct listing *l = arg;
	if (state == MIGRATION_APPLIED && at && strlen(at) == 20)
		l->applied++;
	else if (state == MIGRATION_PENDING && !at)
		l->pending++;
	else if (state == MIGRATION_UNKNOWN)
		l->unknown++;
	strncat(l->order, version, sizeof l->order - strlen(l->order) - 2);
	strcat(l->order, " ");
}

static void test_embedded_and_list(void)
{
	char err[256] = "";
	struct db *db = open_db("embedded.db");
	struct listing l = { 0 };
	ok(migrate_list(db, NULL, collect, &l, err, sizeof err) == 2 && l.pending == 2 &&
	   l.applied == 0, "a new database lists every embedded migration as pending");
	ok(query_int(db, "SELECT count(*) FROM sqlite_schema") == 0, "listing changes nothing");
	ok(migrate_run(db, NULL, err, sizeof err) == 2, "the embedded migrations apply");
	memset(&l, 0, sizeof l);
	ok(migrate_list(db, "", collect, &l, err, sizeof err) == 0 && l.applied == 2 &&
	   strcmp(l.order, "0001_alpha 0002_fill ") == 0, "then they list as applied, in order");
	ok(migrate_run(db, "", err, sizeof err) == 0, "an empty dir means the embedded set");
	db_close(db);
}

/* ---------------------------------------------------------------- the real schema and seed */

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t n = 0, cap = 0, got;
	do {
		cap += 65536;
		buf = xrealloc(buf, cap + 1);
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (n == cap);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void test_real_schema(void)
{
	char err[512] = "";
	char *dir = path_in(source_root, "migrations");
	struct db *db = open_db("real.db");
	int rc = migrate_run(db, dir, err, sizeof err);
	if (rc < 0)
		printf("# %s\n", err);
	ok(rc >= 3, "the project's migrations apply to a new database");
	char *check = query_text(db, "PRAGMA integrity_check");
	ok(strcmp(check, "ok\n") == 0 && query_int(db, "SELECT count(*) FROM pragma_foreign_key_check") == 0,
	   "integrity_check is ok and no foreign key is broken");
	free(check);
	ok(query_int(db, "SELECT count(*) FROM specialties") >= 30, "at least 30 specialties");
	ok(query_int(db, "SELECT count(*) FROM topics") >= 11 &&
	   query_int(db, "SELECT sort FROM topics WHERE slug = 'other'") ==
	   query_int(db, "SELECT max(sort) FROM topics"), "the boundary topics, 'other' last");
	ok(query_int(db, "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND"
	                 " type = 'table' AND strict = 0 AND name NOT LIKE 'sqlite%'") == 0,
	   "every ordinary table is STRICT");

	sqlite3 *h = db_handle(db);
	ok(query_int(db, "SELECT count(*) FROM members") == 0, "no members yet");
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(h, "INSERT INTO members (handle, password_hash, created_at) VALUES (?1, '!', 0)",
	                   -1, &st, NULL);
	sqlite3_bind_text(st, 1, "Nurse_Jo", -1, SQLITE_STATIC);
	int first = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, "nurse_JO", -1, SQLITE_STATIC);
	int dupe = (sqlite3_step(st) & 0xff) == SQLITE_CONSTRAINT;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, "a b<c>", -1, SQLITE_STATIC);
	int badchar = (sqlite3_step(st) & 0xff) == SQLITE_CONSTRAINT;
	sqlite3_reset(st);
	sqlite3_finalize(st);
	ok(first && dupe, "handles are unique ignoring case");
	ok(badchar, "a handle with other characters is refused by the schema");
	ok(query_int(db, "SELECT count(*) FROM members WHERE handle = 'NURSE_JO'") == 1,
	   "handle lookups ignore case");
	char *plan = query_col(db, "EXPLAIN QUERY PLAN SELECT id FROM threads"
	                           " WHERE (last_activity_at, id) < (1000, 5)"
	                           " ORDER BY last_activity_at DESC, id DESC LIMIT 25", 3);
	if (!strstr(plan, "threads_activity") || strstr(plan, "TEMP B-TREE"))
		printf("# plan: %s", plan);
	ok(strstr(plan, "threads_activity") && !strstr(plan, "TEMP B-TREE"),
	   "the front page's keyset query walks threads_activity without sorting");
	free(plan);

	size_t len = 0;
	char *demo_path = path_in(source_root, "web/demo/demo.json");
	char *json = read_whole(demo_path, &len);
	ok(json != NULL, "web/demo/demo.json is readable");
	rc = json ? seed_demo_json(db, json, len, err, sizeof err) : -1;
	if (rc != 0)
		printf("# %s\n", err);
	long long threads = query_int(db, "SELECT count(*) FROM threads");
	ok(rc == 0 && threads >= 5 && threads <= 7, "the demo seeds 5 to 7 dilemmas");
	ok(query_int(db, "SELECT count(*) FROM threads t WHERE reply_count BETWEEN 2 AND 4 AND"
	                 " reply_count = (SELECT count(*) FROM posts p WHERE p.thread_id = t.id"
	                 " AND kind = 'reply')") == threads, "each has 2-4 replies, counted right");
	ok(query_int(db, "SELECT count(*) FROM posts WHERE anonymous = 1 AND kind = 'reply'") >= 1 &&
	   query_int(db, "SELECT count(*) FROM posts WHERE anonymous = 1 AND anon_alias IS NULL") == 0,
	   "some replies are anonymous, each with an alias");
	ok(query_int(db, "SELECT count(*) FROM members WHERE handle <> 'Nurse_Jo'"
	                 " AND (password_hash <> '!' OR credentials = '')") == 0,
	   "demo members have credentials and no usable password");
	ok(query_int(db, "SELECT count(*) FROM posts WHERE body_html LIKE '%<script%'"
	                 " OR body_html = ''") == 0 &&
	   query_int(db, "SELECT count(*) FROM posts WHERE body_html LIKE '%rel=\"nofollow ugc noopener\"%'") >= 1,
	   "bodies are rendered, links carry rel");
	ok(query_int(db, "SELECT count(*) FROM posts p WHERE kind = 'reply' AND anonymous = 0 AND NOT EXISTS"
	                 " (SELECT 1 FROM post_specialties s WHERE s.post_id = p.id)") == 0 &&
	   query_int(db, "SELECT count(*) FROM posts p WHERE anonymous = 1 AND (member_id IS NOT NULL"
	                 " OR author_tag IS NULL OR author_seal IS NULL OR credentials <> '' OR EXISTS"
	                 " (SELECT 1 FROM post_specialties s WHERE s.post_id = p.id))") == 0,
	   "every named reply carries specialty tags; anonymous ones are sealed and untagged");
	ok(query_int(db, "SELECT count(*) FROM threads WHERE last_activity_at < created_at") == 0,
	   "last activity is never before creation");
	ok(query_int(db, "SELECT count(*) FROM pragma_foreign_key_check") == 0,
	   "the seeded data passes foreign_key_check");
	if (query_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'search_fts'") == 1)
		ok(query_int(db, "SELECT count(*) FROM search_fts") == query_int(db, "SELECT count(*) FROM posts") &&
		   query_int(db, "SELECT count(*) FROM search_fts WHERE search_fts MATCH 'envelope'") >= 1,
		   "the demo posts are in the search index");
	long long posts = query_int(db, "SELECT count(*) FROM posts");
	ok(seed_demo_json(db, json, len, err, sizeof err) == 0 &&
	   query_int(db, "SELECT count(*) FROM posts") == posts, "seeding again does nothing");
	free(json);
	free(demo_path);
	db_close(db);
	free(dir);
}

static void test_seed_embedded(void)
{
	char err[512] = "";
	char *dir = path_in(source_root, "migrations");
	struct db *db = open_db("seed.db");
	migrate_run(db, dir, err, sizeof err);
	ok(seed_demo(db, err, sizeof err) == 0 &&
	   query_int(db, "SELECT count(*) FROM posts") == 2, "seed_demo reads the embedded demo.json");
	ok(query_int(db, "SELECT count(*) FROM post_specialties") == 3,
	   "a reply without tags gets its author's first three specialties");
	ok(query_int(db, "SELECT count(*) FROM posts WHERE body_html LIKE '%<script%'") == 0,
	   "raw HTML in the demo text is not stored as HTML");
	db_close(db);

	static const char broken[] =
		"{\"members\": [{\"handle\": \"demo_eli\", \"credentials\": \"RN\", \"specialties\":"
		" [\"med-surg\"], \"years\": \"5-10\"}], \"threads\": [{\"title\": \"Unknown topic here\","
		" \"topics\": [\"no-such-topic\"], \"author\": \"demo_eli\", \"minutes_ago\": 3,"
		" \"body\": \"text\"}]}";
	db = open_db("seed-broken.db");
	migrate_run(db, dir, err, sizeof err);
	int rc = seed_demo_json(db, broken, strlen(broken), err, sizeof err);
	printf("# error: %s\n", err);
	ok(rc == -1 && strstr(err, "no-such-topic") &&
	   query_int(db, "SELECT count(*) FROM members") == 0,
	   "a bad demo file is refused and leaves nothing behind");
	db_close(db);

	db = open_db("seed-taken.db");
	migrate_run(db, dir, err, sizeof err);
	sqlite3_stmt *st = NULL;
	sqlite3_prepare_v2(db_handle(db), "INSERT INTO members (handle, password_hash, created_at)"
	                   " VALUES ('DEMO_dana', 'x', 0)", -1, &st, NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	ok(seed_demo(db, err, sizeof err) == 0 && query_int(db, "SELECT count(*) FROM threads") == 0 &&
	   query_int(db, "SELECT count(*) FROM members") == 1,
	   "a demo handle a real member has (in any case) skips the demo");
	db_close(db);
	free(dir);
}

int main(int argc, char **argv)
{
	struct stat sb;
	if (argc > 1) {
		snprintf(source_root, sizeof source_root, "%s", argv[1]);
	} else if (stat("migrations", &sb) == 0 && S_ISDIR(sb.st_mode)) {
		snprintf(source_root, sizeof source_root, ".");
	} else {
		snprintf(source_root, sizeof source_root, "%s", __FILE__);
		char *cut = strstr(source_root, "tests/unit/test_migrate.c");
		if (cut)
			*cut = '\0';
		if (!source_root[0] || !cut)
			snprintf(source_root, sizeof source_root, ".");
	}
	snprintf(tmp_root, sizeof tmp_root, "/tmp/forumd-test-migrate-XXXXXX");
	if (!mkdtemp(tmp_root)) {
		perror("mkdtemp");
		return 2;
	}
	char *keyed = path_in(tmp_root, "keys.db"), kerr[256];
	if (sodium_init() < 0 || keys_init(keyed, true, kerr, sizeof kerr) != 0) {
		printf("# keys_init: %s\n", kerr);
		return 2;
	}
	free(keyed);
	test_db_open();
	test_runner();
	test_schema_edit();
	test_bad_names();
	test_embedded_and_list();
	test_real_schema();
	test_seed_embedded();
	nftw(tmp_root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	printf("1..%d\n", test_number);
	return failures ? 1 : 0;
}
