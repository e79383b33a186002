/* searchindex.c: keeps the FTS5 index of posts (search_fts) in step with their text and
 * visibility. */
#include "searchindex.h"

#include "visibility.h"

static const char SQL_INDEX_DELETE[] = "DELETE FROM search_fts WHERE rowid = ?1";
static const char SQL_INDEX_INSERT[] =
	"INSERT INTO search_fts (rowid, title, body)"
	" SELECT p.id, CASE p.kind WHEN 'dilemma' THEN t.title ELSE '' END, p.body_md"
	"   FROM posts p JOIN threads t ON t.id = p.thread_id"
	"  WHERE p.id = ?1 AND " VIS_POST_LISTED("p");

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
