/* db.h: one SQLite connection per worker thread, its pragmas, and its cache of prepared
 * statements. SQL is always a constant string with bound parameters. */
#ifndef FORUMD_DB_H
#define FORUMD_DB_H
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;

/* Opens (creating the file and its parent folder if needed) the database at `path` and
 * applies the connection pragmas: journal_mode=WAL, synchronous=FULL, busy_timeout,
 * foreign_keys=ON, trusted_schema=OFF, secure_delete=ON. Returns NULL with a message in
 * err on failure. The caller owns the result and closes it with db_close. */
struct db *db_open(const char *path, char *err, size_t errlen);
void db_close(struct db *db);
sqlite3 *db_handle(struct db *db);

/* Returns the prepared statement for `sql`, preparing it on first use and caching it
 * by the pointer of `sql` (pass only string constants). The statement comes back reset
 * with its bindings cleared; the cache owns it: never finalize it. Returns NULL (and
 * logs SQLite's message) if it does not prepare. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql);

/* Transactions. Every write starts with BEGIN IMMEDIATE. Return SQLITE_OK or an rc. */
int db_begin(struct db *db);
int db_commit(struct db *db);   /* first rewrites stale search facets (searchtext.h) */
int db_commit_migration(struct db *db);   /* COMMIT alone, for migrate.c */
int db_rollback(struct db *db);
/* One of several writes committed together: db_savepoint inside the open transaction, then
 * db_savepoint_end releases it, first undoing what was written since (keep false). */
int db_savepoint(struct db *db);
int db_savepoint_end(struct db *db, int keep);

/* A read transaction around a page's queries: one snapshot and one round of WAL locking
 * instead of one per statement. Opens it only when no transaction is open; returns 1 when
 * it did (pass that to db_read_end), 0 otherwise. Never write inside it. */
int db_read_begin(struct db *db);
/* Ends the read transaction db_read_begin opened, when `opened` is 1. */
void db_read_end(struct db *db, int opened);

/* Runs a statement with no result rows (already bound). Returns SQLITE_DONE on success. */
int db_step_done(sqlite3_stmt *st);

/* Where the database stands, as this connection sees it: a commit by any other connection
 * or process changes `others` (PRAGMA data_version), a row this connection inserts,
 * updates or deletes changes `own` (sqlite3_total_changes64, triggers' rows included). No
 * write leaves both as they were; a pair read before a page's queries and found the same
 * later means the page would read the same. */
struct db_generation {
	int64_t others, own;
	unsigned long failures;   /* this thread's storage failures (db_failures): what was
	                             read around one may be part of what it should have been */
};
/* Reads it outside any transaction (where the database stands now) or inside a read
 * transaction (where its snapshot stands). Returns 0, or -1 on a database error. */
int db_generation(struct db *db, struct db_generation *out);
/* True when a and b are the same generation (what was read at a still holds at b). */
bool db_generation_same(const struct db_generation *a, const struct db_generation *b);
/* ---- Storage failures: a statement that failed because the disk or the file did (an I/O
 * error, a full disk, a damaged file, no memory), which SQLite reports through its log. A
 * loop over rows that stops at such an error looks like a shorter list, so forumd counts
 * them per thread instead: a request that saw one is answered 503 (request.c), and nothing
 * read around one is kept (db_generation). */

/* Routes SQLite's error log here; call once in main before any database opens. */
int db_watch_failures(void);
/* Storage failures on this thread so far. */
unsigned long db_failures(void);
/* Adds failures seen on another thread (a read pool's) for work done for this one. */
void db_failures_add(unsigned long n);
/* Every thread's statements that found the database locked (busy) and storage failures
 * (metrics). */
struct db_totals {
	unsigned long busy, failures;
};
struct db_totals db_totals(void);

/* True when the database holds no table yet (a new file). */
bool db_is_empty(struct db *db);

/* Returns 0 when the database answers a read of its migrated schema (schema_migrations
 * has rows), -1 otherwise (for /healthz). */
int db_ping(struct db *db);
#endif
