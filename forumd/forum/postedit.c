/* postedit.c: GET/POST /p/:id/edit (an author's edit, written by the posting pipeline,
 * which keeps every earlier version) and POST /p/:id/delete (the text and every earlier
 * version erased; a placeholder stays when others replied). Authors only. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "authorship.h"
#include "db.h"
#include "erase.h"
#include "forum_handlers.h"
#include "limits.h"
#include "mem.h"
#include "postcheck.h"
#include "posting.h"
#include "postview.h"
#include "session.h"
#include "snippet.h"
#include "text.h"
#include "visibility.h"

/* the author's visible post, or their post held for review (in a visible or held thread) */
static const char SQL_POST_FOR_EDIT[] =
	"SELECT p.thread_id, p.kind, p.body_md, t.title, p.state = 'held',"
	"       (SELECT json_group_array(text) FROM (SELECT text FROM post_scripts"
	"         WHERE post_id = p.id AND state = 'visible' ORDER BY position)),"
	"       (SELECT count(*) FROM post_scripts WHERE post_id = p.id AND state = 'hidden')"
	"  FROM posts p JOIN threads t ON t.id = p.thread_id"
	" WHERE p.id = ?1 AND " AUTHORED_BY("p", "?2") " AND p.state IN ('visible', 'held')"
	"   AND t.state IN ('visible', 'held')";
static const char SQL_REMOVE_POST[] = "UPDATE posts SET state = 'removed' WHERE id = ?1";
static const char SQL_VISIBLE_REPLIES[] =
	"SELECT count(*) FROM posts p WHERE p.thread_id = ?1 AND p.kind = 'reply' AND " VIS_POST_LISTED("p");
static const char SQL_REMOVE_THREAD[] = "UPDATE threads SET state = 'removed' WHERE id = ?1";
static const char SQL_UNHOLD_THREAD[] =
	"UPDATE threads SET state = 'visible' WHERE id = ?1 AND state = 'held'";
static const char SQL_UNCOUNT_REPLY[] =
	"UPDATE threads SET reply_count = max(reply_count - 1, 0) WHERE id = ?1";

/* The viewer's own post (visible, or held for review). */
struct own_post {
	int64_t id, thread;
	bool dilemma;
	bool update;   /* the asker's update (update.c) */
	bool held;     /* held for review: not counted in the thread's replies */
	char *body;
	char *title;
	json_t *scripts;   /* a reply's words you could say, as saved and shown (strings) */
	int hidden_scripts;  /* those a moderator hid: kept, not the author's to edit */
};

/* Loads r->params[0] if it is the viewer's visible or held post. Returns 0, or answers and -1. */
static int load_own_post(struct request *r, struct own_post *p)
{
	memset(p, 0, sizeof *p);
	sqlite3_stmt *st;
	if (parse_id(r->params[0], &p->id) != 0 || !(st = db_stmt(r->db, SQL_POST_FOR_EDIT))) {
		respond_error(r, 404, "There is no such post.");
		return -1;
	}
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, viewer_id(r));
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		respond_error(r, 404, "There is no such post of yours to change.");
		return -1;
	}
	p->thread = sqlite3_column_int64(st, 0);
	p->dilemma = strcmp((const char *)sqlite3_column_text(st, 1), "dilemma") == 0;
	p->update = strcmp((const char *)sqlite3_column_text(st, 1), "update") == 0;
	p->body = xstrdup((const char *)sqlite3_column_text(st, 2));
	p->title = xstrdup((const char *)sqlite3_column_text(st, 3));
	p->held = sqlite3_column_int(st, 4) != 0;
	p->scripts = json_loads((const char *)sqlite3_column_text(st, 5), 0, NULL);
	if (!p->scripts)
		p->scripts = json_array();
	p->hidden_scripts = sqlite3_column_int(st, 6);
	sqlite3_reset(st);
	return 0;
}

static void own_post_free(struct own_post *p)
{
	free(p->body);
	free(p->title);
	json_decref(p->scripts);
}

/* scripts: what the form holds (typed, or as saved when NULL). */
static json_t *edit_model(struct request *r, const struct own_post *p, const char *title,
                          const char *body, const json_t *scripts, json_t *errors,
                          const char *message)
{
	char action[48], back[64];
	snprintf(action, sizeof action, "/p/%" PRId64 "/edit", p->id);
	snprintf(back, sizeof back, "/d/%" PRId64 "#p%" PRId64, p->thread, p->id);
	return json_pack("{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:o, s:s?, s:b, s:o}",
	                 "title", p->dilemma ? "Edit your dilemma" : p->update ? "Edit your update" : "Edit your reply",
	                 "action", action, "back_url", back, "csrf", csrf_token(r),
	                 "is_dilemma", p->dilemma, "thread_title", p->title,
	                 "form_title", title ? kept_text(title) : p->title,
	                 "form_body", body ? kept_text(body) : p->body,
	                 "errors", errors ? errors : json_object(), "message", message,
	                 "scripts_form", !p->dilemma && !p->update,
	                 "script_fields", p->dilemma || p->update ? json_array()
	                                 : script_fields(scripts ? scripts : p->scripts));
}

/* GET /p/:id/edit: the author's form with the current text. */
void post_edit(struct request *r)
{
	struct own_post p;
	if (load_own_post(r, &p) != 0)
		return;
	json_t *m = edit_model(r, &p, NULL, NULL, NULL, NULL, NULL);
	own_post_free(&p);
	respond_page(r, 200, "post_edit", m);
}

static void own_post_free_input(void *arg)
{
	own_post_free(arg);
	free(arg);
}

/* The edit form again with the person's text and message. */
static void edit_refused(struct request *r, struct submission *s, int status, const char *message)
{
	json_t *model = edit_model(r, s->input, s->title, s->md, s->scripts, NULL, message);
	if (s->preview)
		json_object_set(model, "preview", s->preview);
	respond_page(r, status, "post_edit", model);
}

static const struct submission_ops edit_ops = {
	NULL, edit_refused, submission_show_post, own_post_free_input,
};

/* POST /p/:id/edit  body, title (dilemma only), script (a reply's 0-3 words you could say),
 *                  guard_ack (1: post anyway despite the privacy guard, the post is then
 *                  held for review), csrf */
void post_update(struct request *r)
{
	struct own_post *p = xmalloc(sizeof *p);
	if (load_own_post(r, p) != 0) {
		free(p);
		return;
	}
	const char *title = req_form(r, "title"), *body = req_form(r, "body"), *e;
	json_t *errors = json_object();
	char buf[200];
	if (p->dilemma &&
	    (e = check_text(title, false, TITLE_MIN_CHARS, TITLE_MAX_CHARS, "title", buf, sizeof buf)))
		json_object_set_new(errors, "title", json_string(e));
	if ((e = check_text(body, true, p->dilemma ? DILEMMA_MIN_CHARS : p->update ? UPDATE_MIN_CHARS
	                    : REPLY_MIN_CHARS, POST_MAX_CHARS,
	                    p->dilemma ? "dilemma" : p->update ? "update" : "reply", buf, sizeof buf)))
		json_object_set_new(errors, "body", json_string(e));
	if (form_has_nul(r))
		json_object_set_new(errors, "body", json_string(MSG_TEXT_NUL));
	json_t *scripts = NULL;
	if (!p->dilemma && !p->update && (e = check_scripts(r, &scripts, buf, sizeof buf)))
		json_object_set_new(errors, "scripts", json_string(e));
	else if (scripts && p->hidden_scripts &&
	         json_array_size(scripts) + (size_t)p->hidden_scripts > SCRIPTS_MAX) {
		snprintf(buf, sizeof buf, "A moderator hid %d of this reply's scripts: it can carry %d more.",
		         p->hidden_scripts, SCRIPTS_MAX - p->hidden_scripts);
		json_object_set_new(errors, "scripts", json_string(buf));
	}
	if (json_object_size(errors)) {
		json_t *m = edit_model(r, p, title ? title : "", body ? body : "", scripts, errors,
		                       "Your changes were not saved. Please fix the problems marked below.");
		own_post_free_input(p);
		json_decref(scripts);
		respond_page(r, 400, "post_edit", m);
		return;
	}
	json_decref(errors);
	struct submission *s = submission_new(POST_AUTHOR_EDIT, &edit_ops, p, viewer_id(r),
	                                      p->dilemma ? title : NULL, body);
	s->post_id = p->id;
	s->thread_id = p->thread;
	s->scripts = scripts;
	post_submit(r, s);
}

static int step_id(struct db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

/* The number of replies others can still see under the thread (-1: a database error). */
static int64_t visible_replies(struct db *db, int64_t thread)
{
	sqlite3_stmt *st = db_stmt(db, SQL_VISIBLE_REPLIES);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, thread);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/* Removes the post and erases its text (store/erase.h); a dilemma nobody answered takes its
 * thread with it, a held one that was answered leaves its thread visible with the
 * placeholder. */
static int write_delete(struct db *db, const struct own_post *p, bool *thread_gone)
{
	*thread_gone = false;
	if (step_id(db, SQL_REMOVE_POST, p->id) != 0 || erase_post_text(db, p->id) != 0)
		return -1;
	if (p->update)      /* not a reply: the thread's count stays; has_update: 0022's triggers */
		return 0;
	if (!p->dilemma)
		return !p->held && step_id(db, SQL_UNCOUNT_REPLY, p->thread) ? -1 : 0;
	int64_t replies = visible_replies(db, p->thread);
	if (replies < 0)
		return -1;
	if (replies == 0) {
		*thread_gone = true;
		if (step_id(db, SQL_REMOVE_THREAD, p->thread) != 0)
			return -1;
	} else if (p->held && step_id(db, SQL_UNHOLD_THREAD, p->thread) != 0) {
		return -1;
	}
	return 0;
}

/* The page that asks before a post is deleted: its opening words, what deleting does, and
 * "Delete" (POST with confirm=1) or "Keep it". */
static void delete_confirm_page(struct request *r, const struct own_post *p)
{
	char action[48], back[64];
	snprintf(action, sizeof action, "/p/%" PRId64 "/delete", p->id);
	snprintf(back, sizeof back, "/d/%" PRId64 "#p%" PRId64, p->thread, p->id);
	int64_t replies = p->dilemma ? visible_replies(r->db, p->thread) : 0;
	if (replies < 0) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	char *start = snippet_start(p->body);
	json_t *m = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}",
	    "title", p->dilemma ? "Delete your dilemma?" : p->update ? "Delete your update?" : "Delete your reply?",
	    "action", action, "back_url", back, "csrf", csrf_token(r), "thread_title", p->title,
	    "excerpt", start, "is_dilemma", p->dilemma, "answered", replies > 0);
	free(start);
	respond_page(r, 200, "post_delete", m);
}

/* GET /p/:id/delete: asks first. */
void post_delete_form(struct request *r)
{
	struct own_post p;
	if (load_own_post(r, &p) != 0)
		return;
	delete_confirm_page(r, &p);
	own_post_free(&p);
}

/* POST /p/:id/delete  confirm (1: asked and answered; without it, the page that asks), csrf */
void post_delete(struct request *r)
{
	struct own_post p;
	if (load_own_post(r, &p) != 0)
		return;
	const char *confirm = req_form(r, "confirm");
	if (!confirm || strcmp(confirm, "1") != 0) {
		delete_confirm_page(r, &p);
		own_post_free(&p);
		return;
	}
	bool gone = false;
	int rc = -1;
	if (db_begin(r->db) == SQLITE_OK) {
		rc = write_delete(r->db, &p, &gone);
		if (rc != 0 || db_commit(r->db) != SQLITE_OK) {
			db_rollback(r->db);
			rc = -1;
		}
	}
	if (rc == 0)
		erase_purge(r->db);  /* the text out of the index's old segments and the WAL */
	char url[48];
	snprintf(url, sizeof url, "/d/%" PRId64, p.thread);
	own_post_free(&p);
	if (rc != 0)
		respond_error(r, 503, MSG_DB);
	else
		respond_redirect(r, gone ? "/" : url);
}
