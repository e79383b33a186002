/* vote.c: POST /p/:id/helpful (members mark others' replies helpful, or undo) and
 * POST /p/:id/mark (the thread's author marks a reply "this helped me", or undoes it). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "authorship.h"
#include "db.h"
#include "forum_handlers.h"
#include "postcheck.h"
#include "postview.h"
#include "session.h"
#include "text.h"
#include "visibility.h"

/* A visible reply in a visible thread: whether the viewer (?2) wrote it, and the thread. */
static const char SQL_REPLY[] =
	"SELECT p.thread_id, " AUTHORED_BY("p", "?2") ", " THREAD_BY("t", "?2")
	"  FROM posts p JOIN threads t ON t.id = p.thread_id"
	" WHERE p.id = ?1 AND p.kind = 'reply' AND " VIS_POST_LISTED("p") " AND " VIS_THREAD_LISTED("t");
static const char SQL_VOTE_ADD[] =
	"INSERT OR IGNORE INTO helpful_votes (post_id, member_id, created_at) VALUES (?1, ?2, ?3)";
static const char SQL_VOTE_REMOVE[] =
	"DELETE FROM helpful_votes WHERE post_id = ?1 AND member_id = ?2";
static const char SQL_OP_MARK[] = "UPDATE posts SET op_marked = ?2 WHERE id = ?1";

struct reply_ref {
	int64_t id, thread;
	bool own, thread_own;      /* the viewer wrote the reply; the viewer wrote the thread */
};

/* Loads the reply named by the route. Returns 0, or answers 404/503 and returns -1. */
static int load_reply(struct request *r, struct reply_ref *p)
{
	sqlite3_stmt *st;
	if (parse_id(r->params[0], &p->id) != 0 || !(st = db_stmt(r->db, SQL_REPLY))) {
		respond_error(r, 404, "There is no such reply.");
		return -1;
	}
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, viewer_id(r));
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->thread = sqlite3_column_int64(st, 0);
		p->own = sqlite3_column_int(st, 1) != 0;
		p->thread_own = sqlite3_column_int(st, 2) != 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		respond_error(r, rc == SQLITE_DONE ? 404 : 503, rc == SQLITE_DONE ? "There is no such reply."
		                                                              : MSG_DB);
		return -1;
	}
	return 0;
}

/* Runs one write (post id, then an optional member id or flag) as its own transaction. */
static int write_one(struct db *db, const char *sql, int64_t a, int64_t b, bool with_time)
{
	if (db_begin(db) != SQLITE_OK)
		return -1;
	sqlite3_stmt *st = db_stmt(db, sql);
	int ok = st != NULL;
	if (ok) {
		sqlite3_bind_int64(st, 1, a);
		sqlite3_bind_int64(st, 2, b);
		if (with_time)
			sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
		ok = db_step_done(st) == SQLITE_DONE;
	}
	if (!ok || db_commit(db) != SQLITE_OK) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

static void back_to_reply(struct request *r, const struct reply_ref *p)
{
	char url[64];
	snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, p->thread, p->id);
	respond_redirect(r, url);
}

static bool undoing(struct request *r)
{
	const char *v = req_form(r, "undo");
	return v && strcmp(v, "1") == 0;
}

/* POST /p/:id/helpful  csrf, undo=1 to take the mark back */
void vote_helpful(struct request *r)
{
	int64_t me = viewer_id(r);   /* a writer's route: signed in */
	struct reply_ref p;
	if (load_reply(r, &p) != 0)
		return;
	if (p.own) {
		respond_error(r, 403, "You cannot mark your own reply helpful.");
		return;
	}
	bool undo = undoing(r);
	if (write_one(r->db, undo ? SQL_VOTE_REMOVE : SQL_VOTE_ADD, p.id, me, !undo) != 0) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	back_to_reply(r, &p);
}

/* POST /p/:id/mark  csrf, undo=1 to take the mark back (the thread's author only) */
void vote_op_mark(struct request *r)
{
	struct reply_ref p;
	if (load_reply(r, &p) != 0)
		return;
	if (!p.thread_own || p.own) {
		respond_error(r, 403, "Only the person who posted the dilemma can mark others' replies as helping them.");
		return;
	}
	if (write_one(r->db, SQL_OP_MARK, p.id, undoing(r) ? 0 : 1, false) != 0) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	back_to_reply(r, &p);
}
