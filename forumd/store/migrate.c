/* migrate.c: applies migrations/NNNN_name.sql in order, each in its own transaction. A
 * file whose first line is SCHEMA_EDIT_MARK edits the schema's text in place (SQLite's
 * documented way to loosen a CHECK without rebuilding a table): it alone runs with
 * defensive mode off and writable_schema on, and the schema is read again after it. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L  /* fstat, strncasecmp */
#endif
#include "migrate.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "assets.h"
#include "mem.h"
#include "timefmt.h"

/* One migration file: name "0001_core.sql", its version "0001_core", its SQL text. */
struct migration {
	char *name;
	char *version;
	char *sql;
	size_t len;
};

struct migration_set {
	struct migration *items;
	size_t count;
	size_t capacity;
};

static const char SQL_CREATE_TABLE[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations("
	" version TEXT PRIMARY KEY,"
	" applied_at TEXT NOT NULL"
	") STRICT";
static const char SQL_HAS_TABLE[] =
	"SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'";
static const char SQL_APPLIED[] =
	"SELECT version, applied_at FROM schema_migrations ORDER BY version";
static const char SQL_IS_APPLIED[] =
	"SELECT 1 FROM schema_migrations WHERE version = ?1";
static const char SQL_RECORD[] =
	"INSERT INTO schema_migrations(version, applied_at)"
	" VALUES (?1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

/* ---------------------------------------------------------------- the set of files */

/* True for "NNNN_name.sql" where name is one or more of [a-z0-9_]. */
int migrate_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n < 10 || strcmp(name + n - 4, ".sql") != 0 || name[4] != '_')
		return 0;
	for (size_t i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return 0;
	for (size_t i = 5; i < n - 4; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return 0;
	}
	return 1;
}

static void set_add(struct migration_set *set, const char *name, const char *sql, size_t len)
{
	if (set->count == set->capacity) {
		set->capacity = set->capacity ? set->capacity * 2 : 16;
		set->items = xrealloc(set->items, set->capacity * sizeof *set->items);
	}
	struct migration *m = &set->items[set->count++];
	m->name = xstrdup(name);
	m->version = xstrndup(name, strlen(name) - 4);
	m->sql = xstrndup(sql, len);
	m->len = len;
}

static void set_free(struct migration_set *set)
{
	for (size_t i = 0; i < set->count; i++) {
		free(set->items[i].name);
		free(set->items[i].version);
		free(set->items[i].sql);
	}
	free(set->items);
	set->items = NULL;
	set->count = set->capacity = 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct migration *)a)->name, ((const struct migration *)b)->name);
}

/* Sorts the set and refuses two files with the same number. */
static int set_finish(struct migration_set *set, char *err, size_t errlen)
{
	qsort(set->items, set->count, sizeof *set->items, by_name);
	for (size_t i = 1; i < set->count; i++) {
		if (strncmp(set->items[i - 1].name, set->items[i].name, 4) == 0) {
			snprintf(err, errlen, "%s: same number as %s", set->items[i].name,
			         set->items[i - 1].name);
			return -1;
		}
	}
	return 0;
}

static int load_embedded(struct migration_set *set, char *err, size_t errlen)
{
	for (const struct asset *a = asset_migrations; a->name; a++) {
		if (!migrate_name_valid(a->name)) {
			snprintf(err, errlen, "%s: not a migration name (NNNN_name.sql)", a->name);
			return -1;
		}
		set_add(set, a->name, (const char *)a->data, a->len);
	}
	return set_finish(set, err, errlen);
}

/* Reads the whole regular file `path` into a new NUL-terminated buffer. */
static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	size_t size = (size_t)sb.st_size, got = 0;
	char *buf = xmalloc(size + 1);
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "%s: %s", path, n < 0 ? strerror(errno) : "shorter than expected");
			free(buf);
			close(fd);
			return NULL;
		}
		got += (size_t)n;
	}
	close(fd);
	buf[size] = '\0';
	*len = size;
	return buf;
}

/* Loads every *.sql file of `dir`; other files are ignored, badly named *.sql refused. */
static int load_dir(struct migration_set *set, const char *dir, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 4 || strcmp(e->d_name + n - 4, ".sql") != 0)
			continue;
		if (!migrate_name_valid(e->d_name)) {
			snprintf(err, errlen, "%s: not a migration name (NNNN_name.sql)", e->d_name);
			rc = -1;
			break;
		}
		size_t plen = strlen(dir) + 1 + n + 1, len = 0;
		char *path = xmalloc(plen);
		snprintf(path, plen, "%s/%s", dir, e->d_name);
		char *sql = read_file(path, &len, err, errlen);
		free(path);
		if (!sql) {
			rc = -1;
			break;
		}
		set_add(set, e->d_name, sql, len);
		free(sql);
	}
	closedir(d);
	return rc == 0 ? set_finish(set, err, errlen) : -1;
}

static int load_set(struct migration_set *set, const char *dir, char *err, size_t errlen)
{
	int rc = dir && *dir ? load_dir(set, dir, err, errlen) : load_embedded(set, err, errlen);
	if (rc != 0)
		set_free(set);
	return rc;
}

static const struct migration *set_find(const struct migration_set *set, const char *version)
{
	for (size_t i = 0; i < set->count; i++)
		if (strcmp(set->items[i].version, version) == 0)
			return &set->items[i];
	return NULL;
}

/* ---------------------------------------------------------------- running one file */

/* Skips whitespace and SQL comments. */
static const char *skip_blank(const char *s)
{
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
			s++;
		if (s[0] == '-' && s[1] == '-') {
			while (*s && *s != '\n')
				s++;
		} else if (s[0] == '/' && s[1] == '*') {
			const char *end = strstr(s + 2, "*/");
			s = end ? end + 2 : s + strlen(s);
		} else {
			return s;
		}
	}
}

/* True when the statement would end the migration's transaction early. */
static int ends_transaction(sqlite3_stmt *st)
{
	static const char *const words[] = { "BEGIN", "COMMIT", "END", "ROLLBACK" };
	const char *s = skip_blank(sqlite3_sql(st));
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t n = strlen(words[i]);
		char next = s[n];
		int word_ends = !((next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z') ||
		                  (next >= '0' && next <= '9') || next == '_');
		if (strncasecmp(s, words[i], n) == 0 && word_ends)
			return 1;
	}
	return 0;
}

/* A long migration (an index built over a million posts) says on stderr that it runs. */
struct progress {
	const char *name;
	int64_t start_us, said_us;
};

#define PROGRESS_EVERY_US (5 * 1000000)

static int progress_note(void *arg)
{
	struct progress *p = arg;
	int64_t now = (int64_t)now_us();
	if (now - p->said_us >= PROGRESS_EVERY_US) {
		fprintf(stderr, "forumd: applying %s: %lld s so far\n", p->name,
		        (long long)((now - p->start_us) / 1000000));
		p->said_us = now;
	}
	return 0;
}

static int run_each_statement(sqlite3 *h, const struct migration *m, char *err, size_t errlen);

#define SCHEMA_EDIT_MARK "-- forumd: edits the schema text\n"

static bool edits_schema(const struct migration *m)
{
	return m->len >= strlen(SCHEMA_EDIT_MARK) &&
	       strncmp(m->sql, SCHEMA_EDIT_MARK, strlen(SCHEMA_EDIT_MARK)) == 0;
}

/* Runs one fixed statement (no parameters) to its end. Returns 0 or -1. */
static int run_fixed(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Opens (on) or closes (off) the schema to a SCHEMA_EDIT_MARK migration. Closing creates and
 * drops a scratch table, which raises the schema version (every other connection reads the
 * edited schema again), resets this connection's schema (writable_schema=RESET) and reads it
 * once here: a schema SQLite cannot parse fails the migration. Returns 0 or -1. */
static int schema_editing(sqlite3 *h, bool on)
{
	if (on) {
		sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 0, (int *)NULL);
		return run_fixed(h, "PRAGMA writable_schema=ON");
	}
	int rc = run_fixed(h, "CREATE TABLE forumd_schema_bump (x)") == 0 &&
	         run_fixed(h, "DROP TABLE forumd_schema_bump") == 0 &&
	         run_fixed(h, "PRAGMA writable_schema=RESET") == 0 ? 0 : -1;
	run_fixed(h, "PRAGMA writable_schema=OFF");
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	return rc == 0 ? run_fixed(h, "SELECT count(*) FROM sqlite_schema") : -1;
}

/* Runs every statement of `m` in turn, noting progress on stderr every 5 s and, when it
 * took a second or more, how long. Returns 0, or -1 with "NAME: message" in err. */
static int run_statements(sqlite3 *h, const struct migration *m, char *err, size_t errlen)
{
	struct progress p = { m->name, (int64_t)now_us(), (int64_t)now_us() };
	sqlite3_progress_handler(h, 100000, progress_note, &p);
	int rc = run_each_statement(h, m, err, errlen);
	sqlite3_progress_handler(h, 0, NULL, NULL);
	int64_t took = (int64_t)now_us() - p.start_us;
	if (rc == 0 && took >= 1000000)
		fprintf(stderr, "forumd: applied %s in %.1f s\n", m->name, (double)took / 1e6);
	return rc;
}

static int run_each_statement(sqlite3 *h, const struct migration *m, char *err, size_t errlen)
{
	const char *tail = m->sql, *end = m->sql + m->len;
	while (tail < end) {
		sqlite3_stmt *st = NULL;
		const char *next = NULL;
		if (sqlite3_prepare_v2(h, tail, (int)(end - tail), &st, &next) != SQLITE_OK) {
			snprintf(err, errlen, "%s: %s", m->name, sqlite3_errmsg(h));
			return -1;
		}
		if (!st) {
			if (!next || next <= tail)
				break;
			tail = next;
			continue;
		}
		tail = next;
		if (ends_transaction(st)) {
			snprintf(err, errlen, "%s: a migration must not contain BEGIN, COMMIT, END or "
			         "ROLLBACK (each file runs in its own transaction)", m->name);
			sqlite3_finalize(st);
			return -1;
		}
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			snprintf(err, errlen, "%s: %s", m->name, sqlite3_errmsg(h));
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_finalize(st);
	}
	return 0;
}

static int is_applied(struct db *db, const char *version)
{
	sqlite3_stmt *st = db_stmt(db, SQL_IS_APPLIED);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, version, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Applies `m` in one BEGIN IMMEDIATE transaction unless already recorded (checked inside
 * the transaction, so two processes starting at once apply it once).
 * Returns 1 applied, 0 already there, -1 with err set and the transaction rolled back. */
static int apply_one(struct db *db, const struct migration *m, char *err, size_t errlen)
{
	sqlite3 *h = db_handle(db);
	if (db_begin(db) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", m->name, sqlite3_errmsg(h));
		return -1;
	}
	int applied = is_applied(db, m->version);
	if (applied != 0) {
		if (applied < 0)
			snprintf(err, errlen, "%s: %s", m->name, sqlite3_errmsg(h));
		db_rollback(db);
		return applied < 0 ? -1 : 0;
	}
	bool schema = edits_schema(m);
	int rc = 0;
	if (schema && schema_editing(h, true) != 0) {
		snprintf(err, errlen, "%s: %s", m->name, sqlite3_errmsg(h));
		rc = -1;
	} else if (run_statements(h, m, err, errlen) != 0) {
		rc = -1;
	} else if (schema && schema_editing(h, false) != 0) {
		snprintf(err, errlen, "%s: %s", m->name, sqlite3_errmsg(h));
		rc = -1;
	}
	if (rc != 0) {
		if (schema) {
			run_fixed(h, "PRAGMA writable_schema=OFF");
			sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
		}
		db_rollback(db);
		return -1;
	}
	if (sqlite3_get_autocommit(h)) {
		snprintf(err, errlen, "%s: the migration ended its own transaction", m->name);
		return -1;
	}
	sqlite3_stmt *st = db_stmt(db, SQL_RECORD);
	rc = SQLITE_ERROR;
	if (st) {
		sqlite3_bind_text(st, 1, m->version, -1, SQLITE_STATIC);
		rc = db_step_done(st);
	}
	if (rc != SQLITE_DONE || (rc = db_commit_migration(db)) != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", m->name, sqlite3_errmsg(h));
		db_rollback(db);
		return -1;
	}
	return 1;
}

/* ---------------------------------------------------------------- entry points */

static int ensure_table(struct db *db, char *err, size_t errlen)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CREATE_TABLE);
	if (!st || db_step_done(st) != SQLITE_DONE) {
		snprintf(err, errlen, "schema_migrations: %s", sqlite3_errmsg(db_handle(db)));
		return -1;
	}
	return 0;
}

/* Refuses a database that records a migration this set does not have: it was written by
 * a newer forumd, whose schema this one may not understand. */
static int check_unknown(struct db *db, const struct migration_set *set, char *err, size_t errlen)
{
	sqlite3_stmt *st = db_stmt(db, SQL_APPLIED);
	if (!st) {
		snprintf(err, errlen, "schema_migrations: %s", sqlite3_errmsg(db_handle(db)));
		return -1;
	}
	int rc = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *version = (const char *)sqlite3_column_text(st, 0);
		if (version && !set_find(set, version)) {
			snprintf(err, errlen, "%s.sql: applied to the database but unknown to this "
			         "forumd (the database is newer than the program)", version);
			rc = -1;
			break;
		}
	}
	sqlite3_reset(st);
	return rc;
}

int migrate_run(struct db *db, const char *dir, char *err, size_t errlen)
{
	struct migration_set set = { 0 };
	if (load_set(&set, dir, err, errlen) != 0)
		return -1;
	int applied = 0;
	if (ensure_table(db, err, errlen) != 0 || check_unknown(db, &set, err, errlen) != 0) {
		applied = -1;
	} else {
		for (size_t i = 0; i < set.count; i++) {
			int rc = apply_one(db, &set.items[i], err, errlen);
			if (rc < 0) {
				applied = -1;
				break;
			}
			applied += rc;
		}
	}
	set_free(&set);
	return applied;
}

/* Calls fn for each recorded version (in order), then for each pending one of `set`.
 * Returns the number pending, or -1. */
static int report(struct db *db, const struct migration_set *set, int has_table,
                  migrate_list_fn *fn, void *arg)
{
	char *seen = xcalloc(set->count + 1, 1);
	int rc = 0;
	if (has_table) {
		sqlite3_stmt *st = db_stmt(db, SQL_APPLIED);
		if (!st)
			rc = -1;
		while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *version = (const char *)sqlite3_column_text(st, 0);
			const char *at = (const char *)sqlite3_column_text(st, 1);
			const struct migration *m = version ? set_find(set, version) : NULL;
			if (m)
				seen[m - set->items] = 1;
			if (version)
				fn(version, m ? MIGRATION_APPLIED : MIGRATION_UNKNOWN, at ? at : "", arg);
		}
		if (st) {
			rc = rc == SQLITE_DONE ? 0 : -1;
			sqlite3_reset(st);
		}
	}
	int pending = 0;
	for (size_t i = 0; rc == 0 && i < set->count; i++) {
		if (!seen[i]) {
			fn(set->items[i].version, MIGRATION_PENDING, NULL, arg);
			pending++;
		}
	}
	free(seen);
	return rc == 0 ? pending : -1;
}

int migrate_list(struct db *db, const char *dir, migrate_list_fn *fn, void *arg,
                 char *err, size_t errlen)
{
	struct migration_set set = { 0 };
	if (load_set(&set, dir, err, errlen) != 0)
		return -1;
	sqlite3_stmt *st = db_stmt(db, SQL_HAS_TABLE);
	int has_table = st && sqlite3_step(st) == SQLITE_ROW;
	if (st)
		sqlite3_reset(st);
	int pending = report(db, &set, has_table, fn, arg);
	if (pending < 0)
		snprintf(err, errlen, "schema_migrations: %s", sqlite3_errmsg(db_handle(db)));
	set_free(&set);
	return pending;
}
