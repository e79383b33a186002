/* review.c: the review states of posts (visible, held, hidden) and the counters, thread
 * state and search index each change moves; the size of the review queue. */
#include "review.h"

#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "searchindex.h"

static const char SQL_POST_STATE[] =
	"SELECT p.thread_id, p.kind, p.state FROM posts p WHERE p.id = ?1";
static const char SQL_SET_POST[] =
	"UPDATE posts SET state = ?2, held_reason = ?3, mod_reason = ?4,"
	"       held_at = CASE WHEN ?2 = 'held' THEN coalesce(held_at, ?5) END WHERE id = ?1";
static const char SQL_REPLY_COUNT[] =
	"UPDATE threads SET reply_count = max(0, reply_count + ?2) WHERE id = ?1";
static const char SQL_THREAD_STATE[] =
	"UPDATE threads SET state = ?2 WHERE id = ?1 AND state IN ('visible', 'held')";
static const char SQL_QUEUE_COUNT[] =
	"SELECT count(*) FROM (SELECT id FROM posts WHERE state = 'held'"
	"                      UNION SELECT post_id FROM flags WHERE dismissed_at IS NULL)";

int64_t review_queue_count(struct db *db)
{
	sqlite3_stmt *st = db_stmt(db, SQL_QUEUE_COUNT);
	if (!st)
		return 0;
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return n;
}

static int set_thread_state(struct db *db, int64_t thread, const char *state)
{
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD_STATE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, thread);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

static int add_replies(struct db *db, int64_t thread, int delta)
{
	sqlite3_stmt *st = db_stmt(db, SQL_REPLY_COUNT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, thread);
	sqlite3_bind_int(st, 2, delta);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

int review_set_state(struct db *db, int64_t post_id, const char *state,
                     const char *held_reason, const char *reason)
{
	sqlite3_stmt *st = db_stmt(db, SQL_POST_STATE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 1 : -1;
	}
	int64_t thread = sqlite3_column_int64(st, 0);
	const char *kind = (const char *)sqlite3_column_text(st, 1);
	bool dilemma = strcmp(kind, "dilemma") == 0, reply = strcmp(kind, "reply") == 0;
	bool was_visible = strcmp((const char *)sqlite3_column_text(st, 2), "visible") == 0;
	sqlite3_reset(st);
	bool now_visible = strcmp(state, "visible") == 0;
	if (!(st = db_stmt(db, SQL_SET_POST)))
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	if (held_reason && strcmp(state, "held") == 0)
		sqlite3_bind_text(st, 3, held_reason, -1, SQLITE_STATIC);
	if (reason && strcmp(state, "hidden") == 0)
		sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
	if (db_step_done(st) != SQLITE_DONE)
		return -1;
	if (dilemma && set_thread_state(db, thread, strcmp(state, "held") == 0 ? "held" : "visible") != 0)
		return -1;
	/* replies are counted; an update is not a reply */
	if (reply && was_visible != now_visible && add_replies(db, thread, now_visible ? 1 : -1) != 0)
		return -1;
	return search_index_post(db, post_id) == 0 ? 0 : -1;
}
