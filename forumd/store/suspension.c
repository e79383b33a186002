/* suspension.c: starting, lifting and checking member suspensions, by name and through an
 * anonymous post (kept under keyed hashes: authorship.h). */
#include "suspension.h"

#include <stdio.h>
#include <time.h>

#define ACTIVE_BY_NAME \
	"SELECT reason, ends_at FROM suspensions WHERE member_id = ?1 AND lifted_at IS NULL AND ends_at > ?2"
static const char SQL_ACTIVE[] =
	"SELECT reason, ends_at FROM (" ACTIVE_BY_NAME
	" UNION ALL SELECT reason, ends_at FROM suspensions"
	"   WHERE member_key = suspend_key(?1) AND lifted_at IS NULL AND ends_at > ?2)"
	" ORDER BY ends_at DESC LIMIT 1";
static const char SQL_ACTIVE_BY_NAME[] = ACTIVE_BY_NAME " ORDER BY ends_at DESC LIMIT 1";
static const char SQL_LIFT_THROUGH_POST[] =
	"UPDATE suspensions SET lifted_at = ?2"
	" WHERE via_post = via_post_key(?1) AND lifted_at IS NULL AND ends_at > ?2";
static const char SQL_START_THROUGH_POST[] =
	"INSERT INTO suspensions (member_key, via_post, reason, starts_at, ends_at)"
	" VALUES (suspend_key(?1), via_post_key(?5), ?2, ?3, ?4)";
static const char SQL_LIFT[] =
	"UPDATE suspensions SET lifted_at = ?2"
	" WHERE member_id = ?1 AND lifted_at IS NULL AND ends_at > ?2";
static const char SQL_START[] =
	"INSERT INTO suspensions (member_id, reason, starts_at, ends_at) VALUES (?1, ?2, ?3, ?4)";

/* The suspension in force found by sql (SQL_ACTIVE or SQL_ACTIVE_BY_NAME). */
static bool active(struct db *db, const char *sql, int64_t member, char *reason, size_t reasonlen,
                   int64_t *ends_at)
{
	sqlite3_stmt *st = db_stmt(db, sql);
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

bool suspension_active(struct db *db, int64_t member, char *reason, size_t reasonlen,
                       int64_t *ends_at)
{
	return active(db, SQL_ACTIVE, member, reason, reasonlen, ends_at);
}

bool suspension_active_by_name(struct db *db, int64_t member, char *reason, size_t reasonlen,
                               int64_t *ends_at)
{
	return active(db, SQL_ACTIVE_BY_NAME, member, reason, reasonlen, ends_at);
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

/* Inserts a suspension of member from now for days, by name (post 0) or through post. */
static int start(struct db *db, int64_t member, int64_t post, int days, const char *reason)
{
	sqlite3_stmt *st = db_stmt(db, post ? SQL_START_THROUGH_POST : SQL_START);
	if (!st)
		return -1;
	int64_t now = (int64_t)time(NULL);
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, now + (int64_t)days * 86400);
	if (post)
		sqlite3_bind_int64(st, 5, post);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

int suspension_start(struct db *db, int64_t member, int days, const char *reason)
{
	return suspension_lift(db, member) < 0 ? -1 : start(db, member, 0, days, reason);
}

int suspension_start_through_post(struct db *db, int64_t member, int64_t post, int days,
                                  const char *reason)
{
	return start(db, member, post, days, reason);
}

int suspension_lift_through_post(struct db *db, int64_t post)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LIFT_THROUGH_POST);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	if (db_step_done(st) != SQLITE_DONE)
		return -1;
	return sqlite3_changes(db_handle(db));
}
