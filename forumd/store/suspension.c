/* suspension.c: starting, lifting and checking member suspensions. */
#include "suspension.h"

#include <stdio.h>
#include <time.h>

static const char SQL_ACTIVE[] =
	"SELECT reason, ends_at FROM suspensions"
	" WHERE member_id = ?1 AND lifted_at IS NULL AND ends_at > ?2"
	" ORDER BY ends_at DESC LIMIT 1";
static const char SQL_LIFT[] =
	"UPDATE suspensions SET lifted_at = ?2"
	" WHERE member_id = ?1 AND lifted_at IS NULL AND ends_at > ?2";
static const char SQL_START[] =
	"INSERT INTO suspensions (member_id, reason, starts_at, ends_at) VALUES (?1, ?2, ?3, ?4)";

bool suspension_active(struct db *db, int64_t member, char *reason, size_t reasonlen,
                       int64_t *ends_at)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ACTIVE);
	if (!st)
		return true;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (reason)
			snprintf(reason, reasonlen, "%s", (const char *)sqlite3_column_text(st, 0));
		if (ends_at)
			*ends_at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc != SQLITE_DONE;
}

int suspension_lift(struct db *db, int64_t member)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LIFT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	if (db_step_done(st) != SQLITE_DONE)
		return -1;
	return sqlite3_changes(db_handle(db));
}

int suspension_start(struct db *db, int64_t member, int days, const char *reason)
{
	if (suspension_lift(db, member) < 0)
		return -1;
	sqlite3_stmt *st = db_stmt(db, SQL_START);
	if (!st)
		return -1;
	int64_t now = (int64_t)time(NULL);
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, now + (int64_t)days * 86400);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}
