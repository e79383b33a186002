/* scripts.c: a reply's scripts written and moderated (scripts.h). */
#include "scripts.h"

#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "limits.h"

/* at a position no hidden script holds */
static const char SQL_UPSERT[] =
	"INSERT INTO post_scripts (post_id, position, text) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (post_id, position) DO UPDATE SET text = excluded.text, mod_pick = 0,"
	"   edited_at = ?4 WHERE text <> excluded.text";
static const char SQL_IS_HIDDEN_TEXT[] =
	"SELECT 1 FROM post_scripts WHERE post_id = ?1 AND state = 'hidden' AND text = ?2";
/* the visible scripts at positions the new list does not use (?2..?4, 0 for none) */
static const char SQL_TRIM[] =
	"DELETE FROM post_scripts WHERE post_id = ?1 AND state = 'visible' AND position NOT IN (?2, ?3, ?4)";
static const char SQL_HIDDEN_POSITIONS[] =
	"SELECT position FROM post_scripts WHERE post_id = ?1 AND state = 'hidden'";
static const char SQL_POST_OF[] = "SELECT post_id FROM post_scripts WHERE id = ?1";
static const char SQL_PICK[] =
	"UPDATE post_scripts SET mod_pick = ?2 WHERE id = ?1 AND mod_pick <> ?2";
static const char SQL_HIDE[] =
	"UPDATE post_scripts SET state = ?2 WHERE id = ?1 AND state <> ?2";
static const char SQL_EDIT[] =
	"UPDATE post_scripts SET text = ?2, edited_at = ?3 WHERE id = ?1 AND text <> ?2";

/* The positions 1..SCRIPTS_MAX no hidden script of post_id holds, in order, into free;
 * returns how many, or -1 on a database error. */
static int free_positions(struct db *db, int64_t post_id, int free[SCRIPTS_MAX])
{
	bool taken[SCRIPTS_MAX + 1] = { false };
	sqlite3_stmt *st = db_stmt(db, SQL_HIDDEN_POSITIONS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int p = sqlite3_column_int(st, 0);
		if (p >= 1 && p <= SCRIPTS_MAX)
			taken[p] = true;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return -1;
	int n = 0;
	for (int p = 1; p <= SCRIPTS_MAX; p++)
		if (!taken[p])
			free[n++] = p;
	return n;
}

int scripts_hidden(struct db *db, int64_t post_id)
{
	int free[SCRIPTS_MAX];
	int n = free_positions(db, post_id, free);
	return n < 0 ? -1 : SCRIPTS_MAX - n;
}

/* texts without the words a moderator hid on post_id (a new array), or NULL on a database
 * error. */
static json_t *not_hidden(struct db *db, int64_t post_id, const json_t *texts)
{
	json_t *out = json_array(), *t;
	size_t i;
	json_array_foreach(texts, i, t) {
		sqlite3_stmt *st = db_stmt(db, SQL_IS_HIDDEN_TEXT);
		if (!st) {
			json_decref(out);
			return NULL;
		}
		sqlite3_bind_int64(st, 1, post_id);
		sqlite3_bind_text(st, 2, json_string_value(t), -1, SQLITE_STATIC);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			json_array_append(out, t);
		else if (rc != SQLITE_ROW) {
			json_decref(out);
			return NULL;
		}
	}
	return out;
}

/* Writes texts at the positions free (as many as texts) and removes the visible scripts at
 * the others. Returns 0 or -1. */
static int place_texts(struct db *db, int64_t post_id, const json_t *texts, const int *free)
{
	size_t i;
	json_t *t;
	json_array_foreach(texts, i, t) {
		sqlite3_stmt *st = db_stmt(db, SQL_UPSERT);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, post_id);
		sqlite3_bind_int(st, 2, free[i]);
		sqlite3_bind_text(st, 3, json_string_value(t), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, (int64_t)time(NULL));
		if (db_step_done(st) != SQLITE_DONE)
			return -1;
	}
	sqlite3_stmt *st = db_stmt(db, SQL_TRIM);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	for (int k = 0; k < SCRIPTS_MAX; k++)
		sqlite3_bind_int(st, 2 + k, (size_t)k < json_array_size(texts) ? free[k] : 0);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

int scripts_write(struct db *db, int64_t post_id, const json_t *asked)
{
	int free[SCRIPTS_MAX], nfree = free_positions(db, post_id, free);
	json_t *texts = nfree >= 0 ? not_hidden(db, post_id, asked) : NULL;
	int rc = texts && json_array_size(texts) <= (size_t)nfree ? place_texts(db, post_id, texts, free) : -1;
	json_decref(texts);
	return rc;
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
