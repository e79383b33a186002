/* migrate.h: applies migrations/NNNN_name.sql in order at start, each in its own
 * transaction, recording each in schema_migrations. */
#ifndef FORUMD_MIGRATE_H
#define FORUMD_MIGRATE_H
#include <stddef.h>
#include "db.h"

/* Applies every migration not yet recorded. The migrations are the embedded set, or, when
 * `dir` is non-NULL and non-empty, the *.sql files of that folder (for tests and
 * development). On failure the failing migration is rolled back entirely, the database is
 * as it was before that file, and err holds "NNNN_name.sql: SQLite's message".
 * Returns the number applied (>= 0) or -1. */
int migrate_run(struct db *db, const char *dir, char *err, size_t errlen);

/* A version's state, for `forumctl migrations`. UNKNOWN: recorded in the database but not
 * in the set (the database was migrated by a newer forumd; migrate_run refuses it). */
enum migration_state { MIGRATION_APPLIED, MIGRATION_PENDING, MIGRATION_UNKNOWN };

/* Called once per version ("0001_core"); applied_at is "YYYY-MM-DDTHH:MM:SSZ" (UTC) for
 * recorded versions and NULL for pending ones. */
typedef void migrate_list_fn(const char *version, enum migration_state state,
                             const char *applied_at, void *arg);

/* Lists the recorded versions in order, then the pending ones of the set (embedded, or
 * `dir` as in migrate_run), without changing the database. Returns the number pending,
 * or -1 with err set. */
int migrate_list(struct db *db, const char *dir, migrate_list_fn *fn, void *arg,
                 char *err, size_t errlen);

/* Returns 1 when `name` is a valid migration file name: NNNN_name.sql, name of [a-z0-9_]. */
int migrate_name_valid(const char *name);
#endif
