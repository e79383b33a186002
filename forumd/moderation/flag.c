/* flag.c: members flag a post once, with a reason; enough distinct flags hold the post
 * until a moderator reviews it. GET and POST /p/:id/flag. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "authorship.h"
#include "db.h"
#include "moderation_handlers.h"
#include "limits.h"
#include "review.h"
#include "viewer_audit.h"
#include "postcheck.h"
#include "postview.h"
#include "session.h"
#include "text.h"
#include "visibility.h"

static const char SQL_FLAG_TARGET[] =
	"SELECT p.thread_id, " AUTHORED_BY("p", "?2") ", p.state, t.title FROM posts p"
	"  JOIN threads t ON t.id = p.thread_id"
	" WHERE p.id = ?1 AND " VIS_POST_LISTED("p") " AND " VIS_THREAD_LISTED("t");
static const char SQL_FLAG_INSERT[] =
	"INSERT INTO flags (post_id, member_id, reason, other_text, created_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING";
/* The reader's flag of a post: its thread, and the title while the thread is listed (a held
 * thread's title is its author's and the moderators' to see) */
static const char SQL_FLAG_MINE[] =
	"SELECT p.thread_id, CASE WHEN " VIS_THREAD_LISTED("t") " THEN t.title END"
	"  FROM flags f JOIN posts p ON p.id = f.post_id JOIN threads t ON t.id = p.thread_id"
	" WHERE f.post_id = ?1 AND f.member_id = ?2";
static const char SQL_FLAG_COUNT[] =
	"SELECT count(*) FROM flags WHERE post_id = ?1 AND dismissed_at IS NULL";

/* The reasons a member can give, in the order the form lists them. */
static const struct {
	const char *value, *label;
} reasons[] = {
	{"privacy", "Patient privacy: it holds identifiers"},
	{"harassment", "Harassment or a personal attack"},
	{"spam", "Spam or advertising"},
	{"unsafe", "Unsafe clinical advice"},
	{"off-topic", "Off-topic"},
	{"other", "Other (say what)"},
};

static bool reason_known(const char *v)
{
	for (size_t i = 0; v && i < sizeof reasons / sizeof reasons[0]; i++)
		if (strcmp(reasons[i].value, v) == 0)
			return true;
	return false;
}

struct target {
	int64_t thread;
	bool own;                  /* the viewer wrote the post */
	char state[16];
	char title[TITLE_MAX_CHARS * 4 + 1];
};

/* Loads the post a flag is about. 0, 1 when it cannot be flagged, -1 on error. */
static int load_target(struct db *db, int64_t post, int64_t viewer, struct target *t)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FLAG_TARGET);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post);
	sqlite3_bind_int64(st, 2, viewer);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		t->thread = sqlite3_column_int64(st, 0);
		t->own = sqlite3_column_int(st, 1) != 0;
		snprintf(t->state, sizeof t->state, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(t->title, sizeof t->title, "%s", (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static json_t *flag_model(struct request *r, int64_t post, const struct target *t,
                          const char *error)
{
	json_t *list = json_array();
	const char *chosen = req_form(r, "reason"), *other = req_form(r, "other");
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "value", reasons[i].value,
		    "label", reasons[i].label, "checked", chosen && !strcmp(chosen, reasons[i].value)));
	char action[48], back[64];
	snprintf(action, sizeof action, "/p/%" PRId64 "/flag", post);
	snprintf(back, sizeof back, "/d/%" PRId64 "#p%" PRId64, t->thread, post);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s?, s:i}", "title", "Flag a post",
	    "csrf", csrf_token(r), "action", action, "back_url", back, "thread_title", t->title,
	    "reasons", list, "other", other && text_is_clean(other, strlen(other), false) ? other : "",
	    "error", error, "other_max", FLAG_OTHER_MAX_CHARS);
}

/* Reads :id and its post; answers 404 and returns -1 when there is none to flag. */
static int flag_target(struct request *r, int64_t *post, struct target *t)
{
	int rc = parse_id(r->params[0], post) == 0 ? load_target(r->db, *post, viewer_id(r), t) : 1;
	if (rc != 0)
		respond_error(r, rc > 0 ? 404 : 503, rc > 0 ? "There is no such post to flag." : MSG_DB);
	return rc == 0 ? 0 : -1;
}

/* GET /p/:id/flag: the form. */
void flag_form(struct request *r)
{
	int64_t post;
	struct target t;
	if (flag_target(r, &post, &t) == 0)
		respond_page(r, 200, "flag", flag_model(r, post, &t, NULL));
}

/* Holds the post when its open flags reach the threshold. Returns 0 or -1. */
static int hold_if_flagged(struct request *r, int64_t post, const struct target *t)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_FLAG_COUNT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	int threshold = r->worker ? r->worker->cfg->flag_threshold : DEFAULT_FLAG_THRESHOLD;
	if (n < 0)
		return -1;
	if (n < threshold || strcmp(t->state, "visible") != 0)
		return 0;
	char url[64];
	snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, t->thread, post);
	if (review_set_state(r->db, post, "held", "flags", NULL) != 0)
		return -1;
	/* the system's action, not the flagging member's: logged without an actor */
	json_t *saved = r->viewer;
	r->viewer = NULL;
	int rc = audit_viewer(r, "held-by-flags", "post", post, url, "held pending review after flags", NULL);
	r->viewer = saved;
	return rc;
}

/* POST /p/:id/flag  reason (privacy|harassment|spam|unsafe|off-topic|other), other, csrf */
void flag_create(struct request *r)
{
	int64_t post;
	struct target t;
	int64_t me = viewer_id(r);   /* a writer's route: signed in */
	if (flag_target(r, &post, &t) != 0)
		return;
	const char *reason = req_form(r, "reason"), *other = req_form(r, "other");
	const char *error = NULL;
	if (!reason_known(reason))
		error = "Choose a reason.";
	else if (form_has_nul(r))
		error = MSG_TEXT_NUL;
	else if (!strcmp(reason, "other") && (!other || !*other || !text_is_clean(other, strlen(other), false) ||
	         text_chars(other, strlen(other)) > FLAG_OTHER_MAX_CHARS))
		error = "Say in a line (at most " LIMIT_TEXT(FLAG_OTHER_MAX_CHARS) " characters) what is wrong with the post.";
	else if (t.own)
		error = "You cannot flag your own post. Edit or delete it instead.";
	if (error) {
		respond_page(r, 400, "flag", flag_model(r, post, &t, error));
		return;
	}
	int rc = db_begin(r->db) == SQLITE_OK ? 0 : -1;
	sqlite3_stmt *st = rc == 0 ? db_stmt(r->db, SQL_FLAG_INSERT) : NULL;
	int added = 0;
	if (st) {
		sqlite3_bind_int64(st, 1, post);
		sqlite3_bind_int64(st, 2, me);
		sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
		if (!strcmp(reason, "other"))
			sqlite3_bind_text(st, 4, other, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
		rc = db_step_done(st) == SQLITE_DONE ? 0 : -1;
		added = rc == 0 ? sqlite3_changes(db_handle(r->db)) : 0;
	} else {
		rc = -1;
	}
	if (rc == 0 && added)
		rc = hold_if_flagged(r, post, &t);
	if (rc != 0 || db_commit(r->db) != SQLITE_OK) {
		db_rollback(r->db);
		respond_error(r, 503, MSG_DB);
		return;
	}
	if (!added) {
		respond_error(r, 409, "You have already flagged this post. Moderators will review it.");
		return;
	}
	if (r->want_json) {
		respond_page(r, 201, "flag", json_pack("{s:b, s:I}", "flagged", 1, "post", (json_int_t)post));
		return;
	}
	char done[48];
	snprintf(done, sizeof done, "/p/%" PRId64 "/flagged", post);
	respond_redirect(r, done);
}

/* GET /p/:id/flagged: the notice after the reader flagged the post, with the way back (the
 * thread page then says "Flagged" by the post). 404 unless the reader flagged it. */
void flag_done(struct request *r)
{
	int64_t post;
	sqlite3_stmt *st = parse_id(r->params[0], &post) == 0 ? db_stmt(r->db, SQL_FLAG_MINE) : NULL;
	if (!st) {
		respond_error(r, 404, "There is no such post you flagged.");
		return;
	}
	sqlite3_bind_int64(st, 1, post);
	sqlite3_bind_int64(st, 2, viewer_id(r));
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		respond_error(r, 404, "There is no such post you flagged.");
		return;
	}
	char back[64];
	snprintf(back, sizeof back, "/d/%" PRId64 "#p%" PRId64, (int64_t)sqlite3_column_int64(st, 0), post);
	json_t *m = json_pack("{s:s, s:b, s:s, s:s?}", "title", "Thank you: flagged", "done", 1,
	                      "back_url", back, "thread_title", (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	respond_page(r, 200, "flag", m);
}
