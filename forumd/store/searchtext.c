/* searchtext.c: the search index's derived text: search_plain_text() and the SQL that
 * brings thread facets up to date before a commit. */
#include "searchtext.h"

#include <stdlib.h>

#include "markdown.h"

const char SEARCH_STALE_ANY[] = "SELECT 1 FROM search_stale LIMIT 1";
/* CROSS JOIN walks the few stale threads, not the posts; FTS5 looks each rowid up. */
const char SEARCH_STALE_REWRITE[] =
	"UPDATE search_fts SET facets = (SELECT f.facets FROM posts p"
	"       JOIN search_facets f ON f.thread_id = p.thread_id WHERE p.id = search_fts.rowid)"
	" WHERE rowid IN (SELECT p.id FROM search_stale s CROSS JOIN posts p ON p.thread_id = s.thread_id)";
const char SEARCH_STALE_FORGET[] = "DELETE FROM search_stale";

static void fn_plain_text(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *md = (const char *)sqlite3_value_text(argv[0]);
	if (!md) {
		sqlite3_result_null(ctx);
		return;
	}
	char *plain = markdown_to_plain(md, (size_t)sqlite3_value_bytes(argv[0]));
	sqlite3_result_text(ctx, plain, -1, free);
}

int search_text_register(sqlite3 *h)
{
	return sqlite3_create_function_v2(h, "search_plain_text", 1,
	    SQLITE_UTF8 | SQLITE_DIRECTONLY | SQLITE_DETERMINISTIC, NULL, fn_plain_text, NULL, NULL, NULL);
}
