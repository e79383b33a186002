/* audit.c: appends moderator actions to the append-only mod_audit table. */
#include "audit.h"

#include <time.h>

static const char SQL_AUDIT_INSERT[] =
	"INSERT INTO mod_audit (at, actor_id, actor_handle, action, target_kind, target_id,"
	"                       target_url, public_reason, note)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, ''), coalesce(?9, ''))";

int audit_append(struct db *db, const struct audit_entry *e)
{
	sqlite3_stmt *st = db_stmt(db, SQL_AUDIT_INSERT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 2, e->actor_id);
	sqlite3_bind_text(st, 3, e->actor_handle, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->target_kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, e->target_id);
	sqlite3_bind_text(st, 7, e->target_url, -1, SQLITE_STATIC);
	if (e->public_reason)
		sqlite3_bind_text(st, 8, e->public_reason, -1, SQLITE_STATIC);
	if (e->note)
		sqlite3_bind_text(st, 9, e->note, -1, SQLITE_STATIC);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}
