/* members.c: members' rows: finding one by handle, their role, their password hash, and
 * ending their sessions and private feed (shared by the account pages, moderation and
 * forumctl). */
#include "members.h"

#include <stdio.h>
#include <time.h>

static const char SQL_MEMBER[] =
	"SELECT id, handle, role FROM members WHERE handle = ?1 AND deleted_at IS NULL";
static const char SQL_SET_ROLE[] = "UPDATE members SET role = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_SET_PASSWORD[] =
	"UPDATE members SET password_hash = ?2, updated_at = ?3 WHERE id = ?1";
static const char SQL_END_SESSIONS[] =
	"DELETE FROM sessions WHERE member_id = ?1 AND id <> ?2";
static const char SQL_END_FEED[] = "DELETE FROM notify_feeds WHERE member_id = ?1";

int member_find(struct db *db, const char *handle, struct member_row *m)
{
	sqlite3_stmt *st = db_stmt(db, SQL_MEMBER);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		m->id = sqlite3_column_int64(st, 0);
		snprintf(m->handle, sizeof m->handle, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(m->role, sizeof m->role, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(m->url, sizeof m->url, "/u/%s", m->handle);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

int member_set_role(struct db *db, int64_t member_id, const char *role)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SET_ROLE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_text(st, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

int sessions_end_all(struct db *db, int64_t member_id, int64_t keep_session)
{
	sqlite3_stmt *st = db_stmt(db, SQL_END_SESSIONS);
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_int64(st, 2, keep_session);
	int rc = db_step_done(st);
	if (rc != SQLITE_DONE || !(st = db_stmt(db, SQL_END_FEED)))
		return rc == SQLITE_DONE ? SQLITE_ERROR : rc;
	sqlite3_bind_int64(st, 1, member_id);
	return db_step_done(st);
}

int member_set_password(struct db *db, int64_t member_id, const char *hash)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SET_PASSWORD);
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
	return db_step_done(st);
}
