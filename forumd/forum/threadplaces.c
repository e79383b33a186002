/* threadplaces.c: a thread's replies by where their authors practise (threadplaces.h). */
#include "threadplaces.h"

#include <stdio.h>

#include "visibility.h"

/* every place a visible reply shows, once as itself and once as its country (a country's
 * own reply matches its code once: IN holds one value twice) */
static const char SQL_PLACE_COUNTS[] =
	"SELECT pl.code, pl.name, count(*) FROM posts p"
	"  JOIN places s ON s.code = p.place"
	"  JOIN places pl ON pl.code IN (s.code, s.country)"
	" WHERE p.thread_id = ?1 AND p.kind = 'reply' AND p.show_tags = 1 AND " VIS_POST_LISTED("p")
	" GROUP BY pl.code ORDER BY pl.sort";
static const char SQL_MEMBER_PLACE[] = "SELECT place FROM members WHERE id = ?1";

json_t *thread_place_counts(struct db *db, int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PLACE_COUNTS);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, thread_id);
	json_t *list = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, json_pack("{s:s, s:s, s:I}",
		    "code", (const char *)sqlite3_column_text(st, 0),
		    "name", (const char *)sqlite3_column_text(st, 1),
		    "count", (json_int_t)sqlite3_column_int64(st, 2)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		return NULL;
	}
	return list;
}

int member_place(struct db *db, int64_t member, char out[PLACE_CODE_MAX + 1])
{
	out[0] = '\0';
	sqlite3_stmt *st = db_stmt(db, SQL_MEMBER_PLACE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		snprintf(out, PLACE_CODE_MAX + 1, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}
