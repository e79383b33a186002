/* db.c: one SQLite connection per worker thread: opening, pragmas, statement cache. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L  /* open(O_CLOEXEC), strcasecmp */
#endif
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "authorship.h"
#include "searchtext.h"
#include "limits.h"
#include "mem.h"
#include "timefmt.h"

/* One slot of the statement cache: open addressing on the address of the SQL constant. */
struct stmt_slot {
	const char *sql;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *handle;
	struct stmt_slot *slots;  /* capacity entries, a power of two; sql == NULL is empty */
	size_t capacity;
	size_t count;
};

#define STMT_CACHE_INITIAL 64

/* ---------------------------------------------------------------- opening */

/* Creates every missing folder above the file `path` (mkdir -p of its dirname), 0700. */
static int make_parent_dirs(const char *path, char *err, size_t errlen)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int rc = 0;

	if (!slash || slash == dir) {
		free(dir);
		return 0;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "%s: %s", dir, strerror(errno));
			rc = -1;
			break;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
	free(dir);
	return rc;
}

/* Creates the database file with mode 0600 if it does not exist yet, so the data (and the
 * -wal and -shm files, which SQLite gives the same mode) is readable by its owner only. */
static int create_private_file(const char *path, char *err, size_t errlen)
{
	/* O_EXCL: never open (and then close) an existing database here. Closing any
	 * descriptor of the file drops this process's POSIX locks on it, including the
	 * SHARED lock other open connections hold; another process (the sqlite3 CLI, a
	 * backup) could then think it is the last connection and delete the live WAL. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)
		return 0;
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* Runs one PRAGMA (a constant string) through a prepared statement. When `want` is not
 * NULL, the first result row must equal it (case-insensitive). */
static int run_pragma(sqlite3 *h, const char *sql, const char *want, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", sql, sqlite3_errmsg(h));
		return -1;
	}
	int ok = 1;
	int first = 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (first && want) {
			const char *got = (const char *)sqlite3_column_text(st, 0);
			if (!got || strcasecmp(got, want) != 0) {
				snprintf(err, errlen, "%s: got %s", sql, got ? got : "nothing");
				ok = 0;
			}
		}
		first = 0;
	}
	if (rc != SQLITE_DONE && ok) {
		snprintf(err, errlen, "%s: %s", sql, sqlite3_errmsg(h));
		ok = 0;
	}
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/* SQLite's own busy timeout sleeps 1, 2, 5, 10, 15, 20, 25 ... ms between tries: a worker
 * whose write met another's sat out the whole step, its loop stopped, long after the lock
 * was free. This tries again every DB_BUSY_STEP_US until DB_BUSY_TIMEOUT_MS have passed
 * since the first try (a monotonic clock, per thread: a connection is one thread's). */
static int busy_wait(void *arg, int tries)
{
	static _Thread_local uint64_t first_us;
	(void)arg;
	uint64_t now = now_us();
	if (tries == 0)
		first_us = now;
	if (now - first_us >= (uint64_t)DB_BUSY_TIMEOUT_MS * 1000)
		return 0;
	usleep(DB_BUSY_STEP_US);
	return 1;
}

/* Connection settings that are not pragmas: defensive mode (no writable_schema, no writes
 * to virtual tables' shadow tables), no double-quoted string literals, the busy wait. */
static void harden_connection(sqlite3 *h)
{
	sqlite3_db_config(h, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
	sqlite3_db_config(h, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_handler(h, busy_wait, NULL);
}

static int apply_pragmas(sqlite3 *h, char *err, size_t errlen)
{
	if (run_pragma(h, "PRAGMA journal_mode=WAL", "wal", err, errlen) != 0 ||
	    run_pragma(h, "PRAGMA synchronous=FULL", NULL, err, errlen) != 0 ||
	    run_pragma(h, "PRAGMA foreign_keys=ON", NULL, err, errlen) != 0 ||
	    run_pragma(h, "PRAGMA trusted_schema=OFF", NULL, err, errlen) != 0 ||
	    run_pragma(h, "PRAGMA secure_delete=ON", NULL, err, errlen) != 0)
		return -1;
	/* foreign_keys silently does nothing in a build without them: check it took. */
	return run_pragma(h, "PRAGMA foreign_keys", "1", err, errlen);
}

struct db *db_open(const char *path, char *err, size_t errlen)
{
	sqlite3 *h = NULL;

	if (make_parent_dirs(path, err, errlen) != 0 || create_private_file(path, err, errlen) != 0)
		return NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &h, flags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "%s: %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close_v2(h);
		return NULL;
	}
	harden_connection(h);
	if (authorship_register(h) != SQLITE_OK || search_text_register(h) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot register forumd's SQL functions", path);
		sqlite3_close_v2(h);
		return NULL;
	}
	if (apply_pragmas(h, err, errlen) != 0) {
		sqlite3_close_v2(h);
		return NULL;
	}
	struct db *db = xcalloc(1, sizeof *db);
	db->handle = h;
	db->capacity = STMT_CACHE_INITIAL;
	db->slots = xcalloc(db->capacity, sizeof *db->slots);
	return db;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->capacity; i++)
		if (db->slots[i].sql)
			sqlite3_finalize(db->slots[i].st);
	free(db->slots);
	char ignored[128];
	run_pragma(db->handle, "PRAGMA optimize", NULL, ignored, sizeof ignored);
	sqlite3_close_v2(db->handle);
	free(db);
}

sqlite3 *db_handle(struct db *db)
{
	return db->handle;
}

/* ---------------------------------------------------------------- statement cache */

static size_t slot_index(const struct db *db, const char *sql)
{
	uintptr_t h = (uintptr_t)sql;
	h ^= h >> 17;
	h *= (uintptr_t)0x9E3779B97F4A7C15ull;
	h ^= h >> 29;
	return (size_t)h & (db->capacity - 1);
}

/* Returns the slot holding `sql`, or the empty slot where it belongs. */
static struct stmt_slot *slot_find(struct db *db, const char *sql)
{
	size_t i = slot_index(db, sql);
	while (db->slots[i].sql && db->slots[i].sql != sql)
		i = (i + 1) & (db->capacity - 1);
	return &db->slots[i];
}

/* Doubles the table when it is more than half full. */
static void cache_grow(struct db *db)
{
	if ((db->count + 1) * 2 <= db->capacity)
		return;
	struct stmt_slot *old = db->slots;
	size_t old_capacity = db->capacity;
	db->capacity *= 2;
	db->slots = xcalloc(db->capacity, sizeof *db->slots);
	for (size_t i = 0; i < old_capacity; i++)
		if (old[i].sql)
			*slot_find(db, old[i].sql) = old[i];
	free(old);
}

sqlite3_stmt *db_stmt(struct db *db, const char *sql)
{
	struct stmt_slot *slot = slot_find(db, sql);
	if (slot->sql) {
		sqlite3_reset(slot->st);
		sqlite3_clear_bindings(slot->st);
		return slot->st;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v3(db->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK ||
	    !st) {
		fprintf(stderr, "forumd: db: cannot prepare \"%s\": %s\n", sql,
		        sqlite3_errmsg(db->handle));
		sqlite3_finalize(st);
		return NULL;
	}
	cache_grow(db);
	slot = slot_find(db, sql);
	slot->sql = sql;
	slot->st = st;
	db->count++;
	return st;
}

/* ---------------------------------------------------------------- transactions */

static int run_simple(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return sqlite3_errcode(db->handle) ? sqlite3_errcode(db->handle) : SQLITE_ERROR;
	int rc = db_step_done(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int db_begin(struct db *db)
{
	return run_simple(db, "BEGIN IMMEDIATE");
}

/* The search index's facets of the threads this transaction changed are rewritten first
 * (searchtext.h), so they commit together. */
int db_commit(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, SEARCH_STALE_ANY);
	if (!st)
		return SQLITE_ERROR;
	int stale = sqlite3_step(st);
	sqlite3_reset(st);
	if (stale == SQLITE_ROW) {
		if (!(st = db_stmt(db, SEARCH_STALE_REWRITE)) || db_step_done(st) != SQLITE_DONE ||
		    !(st = db_stmt(db, SEARCH_STALE_FORGET)) || db_step_done(st) != SQLITE_DONE)
			return SQLITE_ERROR;
	} else if (stale != SQLITE_DONE)
		return stale;
	return run_simple(db, "COMMIT");
}

/* A migration's schema may predate search_stale, and a migration rebuilds what it
 * changes: nothing to flush. */
int db_commit_migration(struct db *db)
{
	return run_simple(db, "COMMIT");
}

int db_savepoint(struct db *db)
{
	return run_simple(db, "SAVEPOINT one_write");
}

int db_savepoint_end(struct db *db, int keep)
{
	int rc = keep ? SQLITE_OK : run_simple(db, "ROLLBACK TO one_write");
	int released = run_simple(db, "RELEASE one_write");
	return rc != SQLITE_OK ? rc : released;
}

/* Rolling back when no transaction is open is not an error. */
int db_rollback(struct db *db)
{
	if (sqlite3_get_autocommit(db->handle))
		return SQLITE_OK;
	return run_simple(db, "ROLLBACK");
}

int db_read_begin(struct db *db)
{
	if (!sqlite3_get_autocommit(db->handle))
		return 0;
	return run_simple(db, "BEGIN") == SQLITE_OK;
}

void db_read_end(struct db *db, int opened)
{
	if (opened && !sqlite3_get_autocommit(db->handle))
		run_simple(db, "COMMIT");
}

int db_step_done(sqlite3_stmt *st)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	/* Constraint failures are answers the caller handles (a taken handle), not faults. */
	if (rc != SQLITE_DONE && (rc & 0xff) != SQLITE_CONSTRAINT)
		fprintf(stderr, "forumd: db: \"%s\": %s\n", sqlite3_sql(st),
		        sqlite3_errmsg(sqlite3_db_handle(st)));
	sqlite3_reset(st);
	return rc;
}

bool db_is_empty(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM sqlite_schema");
	bool empty = st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) == 0;
	if (st)
		sqlite3_reset(st);
	return empty;
}

int db_ping(struct db *db)
{
	/* a real read of the file and the schema, not just of the connection */
	sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM schema_migrations");
	if (!st)
		return -1;
	int ok = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
	sqlite3_reset(st);
	return ok ? 0 : -1;
}

bool db_generation_same(const struct db_generation *a, const struct db_generation *b)
{
	return a->others == b->others && a->own == b->own && a->failures == b->failures;
}

static _Thread_local unsigned long failures;
static atomic_ulong all_failures, all_busy;   /* every thread's (metrics) */

struct db_totals db_totals(void)
{
	return (struct db_totals){ atomic_load(&all_busy), atomic_load(&all_failures) };
}

/* SQLite's error log: every statement that aborts is logged here, on its thread. Only the
 * storage's failures are counted; constraint errors and the like are the code's to handle.
 * The message (which may hold SQL text) is never printed. */
static void sqlite_log(void *arg, int code, const char *msg)
{
	(void)arg;
	(void)msg;
	switch (code & 0xff) {
	case SQLITE_IOERR:
	case SQLITE_CORRUPT:
	case SQLITE_FULL:
	case SQLITE_NOMEM:
	case SQLITE_CANTOPEN:
	case SQLITE_NOTADB:
		failures++;
		atomic_fetch_add_explicit(&all_failures, 1, memory_order_relaxed);
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		atomic_fetch_add_explicit(&all_busy, 1, memory_order_relaxed);
		break;
	default:
		break;
	}
}

int db_watch_failures(void)
{
	return sqlite3_config(SQLITE_CONFIG_LOG, sqlite_log, NULL) == SQLITE_OK ? 0 : -1;
}

unsigned long db_failures(void)
{
	return failures;
}

void db_failures_add(unsigned long n)
{
	failures += n;
}

int db_generation(struct db *db, struct db_generation *out)
{
	sqlite3_stmt *st = db_stmt(db, "PRAGMA data_version");
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	out->others = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	out->own = sqlite3_total_changes64(db->handle);
	out->failures = failures;
	return rc == SQLITE_ROW ? 0 : -1;
}
