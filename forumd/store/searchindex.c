/* searchindex.c: keeps the FTS5 index of posts (search_fts) in step with their text,
 * visibility and their thread's facets (searchtext.h: the plain text and the facets
 * kept up to date at commit). */
#include "searchindex.h"

#include "visibility.h"

/* The row of one post, or of every listed post (?1 NULL): the same as 0020 writes (its
 * reply's visible scripts, one per line, in the scripts column). */
#define SEARCH_ROWS \
	"INSERT INTO search_fts (rowid, title, body, facets, scripts)" \
	" SELECT p.id, CASE p.kind WHEN 'dilemma' THEN t.title ELSE '' END," \
	"        search_plain_text(p.body_md), f.facets," \
	"        coalesce((SELECT group_concat(s.text, char(10)) FROM post_scripts s" \
	"                   WHERE s.post_id = p.id AND s.state = 'visible'), '')" \
	"   FROM posts p JOIN threads t ON t.id = p.thread_id" \
	"   JOIN search_facets f ON f.thread_id = t.id"
static const char SQL_INDEX_DELETE[] = "DELETE FROM search_fts WHERE rowid = ?1";
static const char SQL_INDEX_INSERT[] = SEARCH_ROWS " WHERE p.id = ?1 AND " VIS_POST_LISTED("p");
/* In rowid order: FTS5 flushes its pending terms whenever a rowid goes down. */
static const char SQL_INDEX_ALL[] = SEARCH_ROWS " WHERE " VIS_POST_LISTED("p") " ORDER BY p.id";
int search_index_post(struct db *db, int64_t post_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INDEX_DELETE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	if (db_step_done(st) != SQLITE_DONE || !(st = db_stmt(db, SQL_INDEX_INSERT)))
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

int search_index_all(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INDEX_ALL);
	return st && db_step_done(st) == SQLITE_DONE ? 0 : -1;
}
