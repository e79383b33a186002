/* erase.c: erasing a post's text everywhere the database keeps it (the post, its earlier
 * versions, the privacy guard's passages, the search index, the @handle mentions, a
 * dilemma's title) and the purge after the commit (old index segments, the WAL). Account
 * deletion with "erase", an author deleting a post and a moderator's redaction go through
 * here. */
#include "erase.h"

#include <stdio.h>

#include "limits.h"

static const char SQL_BLANK_POST[] =
	"UPDATE posts SET body_md = '', body_html = '', guard_passages = NULL WHERE id = ?1";
static const char SQL_BLANK_TITLE[] =
	"UPDATE threads SET title = '" ERASED_TITLE "'"
	" WHERE id = (SELECT thread_id FROM posts WHERE id = ?1 AND kind = 'dilemma')";
static const char SQL_DELETE_REVISIONS[] = "DELETE FROM post_revisions WHERE post_id = ?1";
static const char SQL_FORGET_MENTIONS[] = "DELETE FROM mentions WHERE post_id = ?1";   /* from the text */
static const char SQL_DELETE_SCRIPTS[] = "DELETE FROM post_scripts WHERE post_id = ?1";  /* its words to say */
static const char SQL_BLANK_REVISIONS[] =
	"UPDATE post_revisions SET body_md = '', title = NULL WHERE post_id = ?1";
static const char SQL_UNINDEX[] = "DELETE FROM search_fts WHERE rowid = ?1";
static const char SQL_MERGE_INDEX[] = "INSERT INTO search_fts (search_fts) VALUES ('optimize')";

static int step_post(struct db *db, const char *sql, int64_t post_id)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

int erase_post_text(struct db *db, int64_t post_id)
{
	const char *const steps[] = {SQL_BLANK_TITLE, SQL_BLANK_POST, SQL_DELETE_REVISIONS,
	                             SQL_FORGET_MENTIONS, SQL_DELETE_SCRIPTS, SQL_UNINDEX};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (step_post(db, steps[i], post_id) != 0)
			return -1;
	return 0;
}

int erase_post_history(struct db *db, int64_t post_id)
{
	return step_post(db, SQL_BLANK_REVISIONS, post_id);
}

/* Copies the WAL into the database and truncates it to nothing. SQLITE_BUSY while a reader
 * still needs an old frame (the busy handler waits DB_BUSY_TIMEOUT_MS each try). */
static int checkpoint_truncate(struct db *db)
{
	int rc = SQLITE_BUSY;
	for (int i = 0; i < ERASE_CHECKPOINT_TRIES && rc == SQLITE_BUSY; i++)
		rc = sqlite3_wal_checkpoint_v2(db_handle(db), NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	return rc == SQLITE_OK ? 0 : -1;
}

int erase_purge(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, SQL_MERGE_INDEX);
	int merged = st && db_step_done(st) == SQLITE_DONE ? 0 : -1;
	if (checkpoint_truncate(db) == 0 && merged == 0)
		return 0;
	fprintf(stderr, "forumd: erase: the purge did not finish (%s); the next one will\n",
	        sqlite3_errmsg(db_handle(db)));
	return -1;
}
