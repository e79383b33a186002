/* scripts.c: a reply's scripts written and moderated (scripts.h). */
#include "scripts.h"

#include <stdbool.h>
#include <string.h>
#include <time.h>

static const char SQL_UPSERT[] =
	"INSERT INTO post_scripts (post_id, position, text) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (post_id, position) DO UPDATE SET text = excluded.text, mod_pick = 0,"
	"   edited_at = ?4 WHERE text <> excluded.text";
static const char SQL_TRIM[] = "DELETE FROM post_scripts WHERE post_id = ?1 AND position > ?2";
static const char SQL_POST_OF[] = "SELECT post_id FROM post_scripts WHERE id = ?1";
static const char SQL_PICK[] =
	"UPDATE post_scripts SET mod_pick = ?2 WHERE id = ?1 AND mod_pick <> ?2";
static const char SQL_HIDE[] =
	"UPDATE post_scripts SET state = ?2 WHERE id = ?1 AND state <> ?2";
static const char SQL_EDIT[] =
	"UPDATE post_scripts SET text = ?2, edited_at = ?3 WHERE id = ?1 AND text <> ?2";

int scripts_write(struct db *db, int64_t post_id, const json_t *texts)
{
	size_t i;
	json_t *t;
	json_array_foreach(texts, i, t) {
		sqlite3_stmt *st = db_stmt(db, SQL_UPSERT);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, post_id);
		sqlite3_bind_int(st, 2, (int)i + 1);
		sqlite3_bind_text(st, 3, json_string_value(t), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (int64_t)time(NULL));
		if (db_step_done(st) != SQLITE_DONE)
			return -1;
	}
	sqlite3_stmt *st = db_stmt(db, SQL_TRIM);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	sqlite3_bind_int64(st, 2, (int64_t)json_array_size(texts));
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

/* Sets *post_id to script id's post (0 when there is none). Returns 0 or -1. */
static int post_of(struct db *db, int64_t id, int64_t *post_id)
{
	*post_id = 0;
	sqlite3_stmt *st = db_stmt(db, SQL_POST_OF);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*post_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Runs an UPDATE of script id bound as ?1 with the value bound as ?2 by the caller; returns
 * 1 changed, 0 not, -1 error. */
static int changed(struct db *db, sqlite3_stmt *st)
{
	if (db_step_done(st) != SQLITE_DONE)
		return -1;
	return sqlite3_changes(db_handle(db)) > 0 ? 1 : 0;
}

int script_moderate(struct db *db, int64_t id, const char *action, int64_t *post_id)
{
	if (post_of(db, id, post_id) != 0)
		return -1;
	if (!*post_id)
		return 0;
	bool pick = !strcmp(action, "pick") || !strcmp(action, "unpick");
	sqlite3_stmt *st = db_stmt(db, pick ? SQL_PICK : SQL_HIDE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (pick)
		sqlite3_bind_int(st, 2, strcmp(action, "pick") == 0);
	else
		sqlite3_bind_text(st, 2, strcmp(action, "hide") == 0 ? "hidden" : "visible", -1, SQLITE_STATIC);
	return changed(db, st);
}

int script_edit(struct db *db, int64_t id, const char *text, int64_t *post_id)
{
	if (post_of(db, id, post_id) != 0)
		return -1;
	if (!*post_id)
		return 0;
	sqlite3_stmt *st = db_stmt(db, SQL_EDIT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
	return changed(db, st);
}
