/* follow.c: POST /d/:id/follow: following a thread without replying (undo=1 stops). Its new
 * replies from others then come to the member's inbox, counted from the moment they follow
 * (their read mark is set to the thread's newest post). Not for a thread one took part in. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "forum_handlers.h"
#include "messages.h"
#include "session.h"
#include "text.h"
#include "thread.h"
#include "visibility.h"

static const char SQL_THREAD_LISTED[] =
	"SELECT 1 FROM threads t WHERE t.id = ?1 AND " VIS_THREAD_LISTED("t");
static const char SQL_FOLLOW[] =
	"INSERT INTO thread_follows (member_id, thread_id, created_at, after_post)"
	" VALUES (?1, ?2, ?3, coalesce((SELECT max(id) FROM posts WHERE thread_id = ?2), 0))"
	" ON CONFLICT DO NOTHING";
static const char SQL_UNFOLLOW[] =
	"DELETE FROM thread_follows WHERE member_id = ?1 AND thread_id = ?2";

/* Follows (or with undo, stops following) thread for member. Returns 0 or -1. */
static int write_follow(struct db *db, int64_t member, int64_t thread, bool undo)
{
	sqlite3_stmt *st = db_stmt(db, undo ? SQL_UNFOLLOW : SQL_FOLLOW);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, thread);
	if (!undo)
		sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
	if (db_step_done(st) != SQLITE_DONE)
		return -1;
	if (!undo)
		thread_mark_read(db, member, thread);
	return 0;
}

/* POST /d/:id/follow  undo (1: stop following), csrf */
void thread_follow(struct request *r)
{
	int64_t thread;
	sqlite3_stmt *st = parse_id(r->params[0], &thread) == 0 ? db_stmt(r->db, SQL_THREAD_LISTED) : NULL;
	bool found = false;
	if (st) {
		sqlite3_bind_int64(st, 1, thread);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	if (!found) {
		respond_error(r, 404, "There is no such dilemma to follow.");
		return;
	}
	const char *undo = req_form(r, "undo");
	bool stop = undo && strcmp(undo, "1") == 0;
	/* one's own thread's replies come to the inbox already; and a follow of one's own
	 * anonymous thread would tie the account to it in the database */
	if (!stop && thread_took_part(r->db, viewer_id(r), thread)) {
		respond_error(r, 409, "You took part in this dilemma: its new replies come to your inbox already.");
		return;
	}
	int rc = db_begin(r->db) == SQLITE_OK ? write_follow(r->db, viewer_id(r), thread, stop) : -1;
	if (rc != 0 || db_commit(r->db) != SQLITE_OK) {
		db_rollback(r->db);
		respond_error(r, 503, MSG_DB);
		return;
	}
	if (r->want_json) {   /* respond_page answers a JSON request with the model alone */
		respond_page(r, 200, "error", json_pack("{s:b}", "following", !stop));
		return;
	}
	char back[48];
	snprintf(back, sizeof back, "/d/%" PRId64 "#follow", thread);
	respond_redirect(r, back);
}
