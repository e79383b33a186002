/* suggested.c: words nurses suggested (suggested.h): a thread's, and /scripts. */
#include "suggested.h"

#include <inttypes.h>
#include <stdio.h>

#include "limits.h"
#include "postview.h"
#include "visibility.h"

/* best first: the same curation as replies, the script's own pick before all */
#define SCRIPTS_BEST_ORDER \
	" ORDER BY s.mod_pick DESC, p.mod_pick DESC, p.op_marked DESC, p.helpful_count DESC," \
	"          p.id, s.position"
/* a script's source: its reply's author as the reply shows them, and its tags' line */
#define SCRIPT_SOURCE_COLUMNS \
	"s.id, s.text, s.mod_pick, p.id, p.thread_id, p.anonymous, p.anon_alias, m.handle," \
	" CASE WHEN p.show_tags THEN p.credentials END"
static const char SQL_THREAD_SCRIPTS[] =
	"SELECT " SCRIPT_SOURCE_COLUMNS
	"  FROM post_scripts s JOIN posts p ON p.id = s.post_id JOIN threads t ON t.id = p.thread_id"
	"  LEFT JOIN members m ON m.id = p.member_id"
	" WHERE p.thread_id = ?1 AND " VIS_SCRIPT_LISTED("s", "p", "t")
	SCRIPTS_BEST_ORDER " LIMIT ?2";

/* {id, text, mod_pick, url, author, credentials} of the current row (SCRIPT_SOURCE_COLUMNS). */
static json_t *script_row(sqlite3_stmt *st)
{
	char url[64];
	snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, (int64_t)sqlite3_column_int64(st, 4),
	         (int64_t)sqlite3_column_int64(st, 3));
	json_t *author = author_json(sqlite3_column_int(st, 5) != 0,
	                             (const char *)sqlite3_column_text(st, 6),
	                             (const char *)sqlite3_column_text(st, 7));
	json_t *out = json_pack("{s:I, s:o, s:b, s:s, s:O}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0),
	    "text", text_json((const char *)sqlite3_column_text(st, 1)),
	    "mod_pick", sqlite3_column_int(st, 2) != 0, "url", url,
	    "author", json_object_get(author, "name"));
	const char *cred = (const char *)sqlite3_column_text(st, 8);
	json_object_set_new(out, "credentials", cred && *cred ? text_json(cred) : json_null());
	json_decref(author);
	return out;
}

json_t *thread_suggested_words(struct db *db, int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD_SCRIPTS);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, thread_id);
	sqlite3_bind_int(st, 2, SUGGESTED_WORDS_MAX);
	json_t *list = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, script_row(st));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		return NULL;
	}
	return list;
}
