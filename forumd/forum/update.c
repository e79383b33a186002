/* update.c: how it turned out: POST /d/:id/update, the asker's one update to their dilemma
 * ("What I did and how it went"), a post of kind 'update' (migrations 0021, 0022) written by
 * the posting pipeline like any post: guarded, limited, held when it must be, searchable,
 * edited and deleted at /p/:id, moderated like a post. It is signed as the dilemma is (the
 * thread's alias when the dilemma is anonymous), and its commit puts the thread in the inbox
 * of everyone who replied or follows it (a post past their read mark). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alias.h"
#include "authorship.h"
#include "db.h"
#include "forum_handlers.h"
#include "limits.h"
#include "mem.h"
#include "messages.h"
#include "postcheck.h"
#include "posting.h"
#include "postwrite.h"
#include "session.h"
#include "text.h"
#include "thread.h"
#include "visibility.h"

/* ?1 viewer, ?2 thread: open to the viewer, whether it is theirs, anonymous, locked, and
 * whether it has an update already (one not removed) */
static const char SQL_THREAD_FOR_UPDATE[] =
	"SELECT " THREAD_BY("t", "?1") ", t.anonymous, t.locked,"
	"       EXISTS (SELECT 1 FROM posts u WHERE u.thread_id = t.id AND u.kind = 'update'"
	"               AND u.state <> 'removed')"
	"  FROM threads t WHERE t.id = ?2 AND " VIS_THREAD_LISTED("t");
/* a named update shows the tags its dilemma shows, no more */
static const char SQL_DILEMMA_SHOW_TAGS[] =
	"SELECT show_tags FROM posts WHERE thread_id = ?1 AND kind = 'dilemma'";
static const char SQL_TOUCH_THREAD[] = "UPDATE threads SET last_activity_at = ?2 WHERE id = ?1";

/* What the update form needs to know of the thread; load_for_update fills it. */
struct update_target {
	int64_t thread;
	bool own, anonymous, locked, has_update;
};

/* Returns 0 (found), 1 (no such listed thread) or -1 (database error). */
static int load_for_update(struct db *db, int64_t viewer, int64_t thread, struct update_target *t)
{
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD_FOR_UPDATE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, viewer);
	sqlite3_bind_int64(st, 2, thread);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*t = (struct update_target){ thread, sqlite3_column_int(st, 0) != 0,
		                             sqlite3_column_int(st, 1) != 0, sqlite3_column_int(st, 2) != 0,
		                             sqlite3_column_int(st, 3) != 0 };
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

bool update_form_open(struct db *db, int64_t viewer, int64_t thread)
{
	struct update_target t;
	return viewer > 0 && load_for_update(db, viewer, thread, &t) == 0 && t.own && !t.locked &&
	       !t.has_update;
}

static void update_input_free(void *arg)
{
	free(arg);
}

/* Writes the update (the pipeline's write_new): signed as the dilemma is (its alias, or the
 * handle with the tags the dilemma shows), the thread's last activity moved. */
static int write_update(struct request *r, struct submission *s, const char *html)
{
	const struct update_target *t = s->input;
	struct db *db = r->db;
	const char *alias = t->anonymous ? alias_for(db, s->author, t->thread) : NULL;
	if (t->anonymous && !alias)
		return -1;
	bool show_tags = false;
	sqlite3_stmt *st = t->anonymous ? NULL : db_stmt(db, SQL_DILEMMA_SHOW_TAGS);
	if (st) {
		sqlite3_bind_int64(st, 1, t->thread);
		show_tags = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
		sqlite3_reset(st);
	}
	struct shared_tags none = { 0 };
	struct post_face face = { alias, show_tags, &none };
	if (!(s->post_id = insert_post(db, t->thread, s->author, "update", &face, s->md, html, 0)))
		return -1;
	if (!(st = db_stmt(db, SQL_TOUCH_THREAD)))
		return -1;
	sqlite3_bind_int64(st, 1, t->thread);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

/* The thread page again with the update form as the asker left it, and why. */
static void update_refused(struct request *r, struct submission *s, int status, const char *message)
{
	const struct update_target *t = s->input;
	struct reply_form f = { .update = req_form(r, "body"), .message = message,
	                        .preview = s->preview };
	thread_render(r, t->thread, &f, status);
}

static const struct submission_ops update_ops = {
	write_update, update_refused, submission_show_post, update_input_free,
};

/* POST /d/:id/update  body, csrf (guard_ack, guard_fix, preview as every post form) */
void update_create(struct request *r)
{
	int64_t thread;
	struct update_target *t = xcalloc(1, sizeof *t);
	int rc = parse_id(r->params[0], &thread) == 0 ? load_for_update(r->db, viewer_id(r), thread, t) : 1;
	const char *refusal = rc > 0 ? "There is no such dilemma." : rc < 0 ? MSG_DB
	                    : !t->own ? "Only the member who asked this dilemma can post its update."
	                    : t->locked ? "This dilemma is locked: it takes no update."
	                    : t->has_update ? "This dilemma has its update already: edit it from the update itself (a moderator may have hidden it)." : NULL;
	if (refusal) {
		int status = rc > 0 ? 404 : rc < 0 ? 503 : !t->own || t->locked ? 403 : 409;
		free(t);
		respond_error(r, status, refusal);
		return;
	}
	const char *body = req_form(r, "body");
	char buf[200];
	const char *e = check_text(body, true, UPDATE_MIN_CHARS, POST_MAX_CHARS, "update", buf, sizeof buf);
	if (!e && form_has_nul(r))
		e = MSG_TEXT_NUL;
	if (e) {
		json_t *errors = json_pack("{s:s}", "update", e);
		struct reply_form f = { .update = body ? kept_text(body) : "", .errors = errors,
		                        .message = "The update was not posted. Please fix the problem marked below." };
		thread_render(r, thread, &f, 400);
		json_decref(errors);
		free(t);
		return;
	}
	struct submission *s = submission_new(POST_NEW_UPDATE, &update_ops, t, viewer_id(r), NULL, body);
	s->thread_id = thread;
	post_submit(r, s);
}
