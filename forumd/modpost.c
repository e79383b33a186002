/* modpost.c: the audit row of a viewer's action, the review states of posts, and the privacy-guard
 * and new-member hooks of the posting path. */
#include "modpost.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/keyvalq_struct.h>

#include "audit.h"
#include "limits.h"
#include "mem.h"
#include "privacy.h"
#include "search.h"
#include "session.h"
#include "suspension.h"
#include "timefmt.h"

static const char SQL_POST_STATE[] =
	"SELECT p.thread_id, p.kind, p.state FROM posts p WHERE p.id = ?1";
static const char SQL_SET_POST[] =
	"UPDATE posts SET state = ?2, held_reason = ?3, mod_reason = ?4,"
	"       held_at = CASE WHEN ?2 = 'held' THEN coalesce(held_at, ?5) END WHERE id = ?1";
static const char SQL_REPLY_COUNT[] =
	"UPDATE threads SET reply_count = max(0, reply_count + ?2) WHERE id = ?1";
static const char SQL_THREAD_STATE[] =
	"UPDATE threads SET state = ?2 WHERE id = ?1 AND state IN ('visible', 'held')";
static const char SQL_SET_PASSAGES[] = "UPDATE posts SET guard_passages = ?2 WHERE id = ?1";
static const char SQL_POSTS_BEFORE[] =
	"SELECT count(*) FROM posts WHERE member_id = ?1 AND id <> ?2";
static const char SQL_DILEMMA_OF[] =
	"SELECT id FROM posts WHERE thread_id = ?1 AND kind = 'dilemma'";
static const char SQL_QUEUE_COUNT[] =
	"SELECT count(*) FROM (SELECT id FROM posts WHERE state = 'held'"
	"                      UNION SELECT post_id FROM flags WHERE dismissed_at IS NULL)";
static const char SQL_POST_WRITER[] =
	"SELECT p.member_id, p.body_md, CASE p.kind WHEN 'dilemma' THEN t.title END"
	"  FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = ?1";

/* ================================================================ audit */

int audit_viewer(struct request *r, const char *action, const char *target_kind,
                 int64_t target_id, const char *target_url, const char *public_reason,
                 const char *note)
{
	const char *handle = r->viewer ? json_string_value(json_object_get(r->viewer, "handle")) : NULL;
	struct audit_entry e = {viewer_id(r), handle ? handle : "system", action, target_kind,
	                        target_id, target_url, public_reason, note};
	return audit_append(r->db, &e);
}

/* ================================================================ review states */

int64_t moderation_queue_count(struct db *db)
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

int modpost_set_state(struct db *db, int64_t post_id, const char *state,
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
	bool dilemma = strcmp((const char *)sqlite3_column_text(st, 1), "dilemma") == 0;
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
	if (!dilemma && was_visible != now_visible && add_replies(db, thread, now_visible ? 1 : -1) != 0)
		return -1;
	return search_index_post(db, post_id) == 0 ? 0 : -1;
}

/* ================================================================ the posting path */

/* The form's fields other than body, csrf and guard_ack (and title when the guard page
 * shows it to edit), to carry through the guard page. */
static json_t *carried_fields(struct request *r, bool title_shown)
{
	json_t *list = json_array();
	struct evkeyval *kv;
	for (kv = r->form.tqh_first; kv; kv = kv->next.tqe_next)
		if (strcmp(kv->key, "body") && strcmp(kv->key, "csrf") && strcmp(kv->key, "guard_ack") &&
		    (!title_shown || strcmp(kv->key, "title")))
			json_array_append_new(list, json_pack("{s:s, s:s}", "name", kv->key, "value", kv->value));
	return list;
}

static bool form_acknowledged(struct request *r)
{
	const char *ack = req_form(r, "guard_ack");
	return ack && strcmp(ack, "1") == 0;
}

bool moderation_guard_answer(struct request *r, const char *title, const char *md)
{
	if (form_acknowledged(r))
		return false;
	json_t *passages = privacy_post_passages(title, md);
	if (json_array_size(passages) == 0) {
		json_decref(passages);
		return false;
	}
	char *html = privacy_highlight_html(md, passages);
	const char *body = req_form(r, "body");
	json_t *model = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b}",
	    "title", "Check your post for identifying details", "action", r->path,
	    "csrf", csrf_token(r), "body", body ? body : md, "highlighted_html", html,
	    "passages", passages, "fields", carried_fields(r, title != NULL), "has_title", title != NULL);
	free(html);
	if (title) {
		char *title_html = privacy_highlight_title_html(title, passages);
		json_object_set_new(model, "post_title", json_string(title));
		json_object_set_new(model, "title_highlighted_html", json_string(title_html));
		free(title_html);
	}
	reply_page(r, 422, "guard", model);
	return true;
}

int moderation_review_needed(struct request *r, int64_t member_id, const char *title,
                             const char *md, bool is_new, json_t **passages)
{
	*passages = privacy_post_passages(title, md);
	if (json_array_size(*passages))
		return REVIEW_GUARD;
	json_decref(*passages);
	*passages = NULL;
	int first = r->worker ? r->worker->cfg->new_member_review : DEFAULT_NEW_MEMBER_REVIEW;
	if (!is_new || first <= 0)
		return REVIEW_NONE;
	sqlite3_stmt *st = db_stmt(r->db, SQL_POSTS_BEFORE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_int64(st, 2, 0);
	int rc = sqlite3_step(st);
	int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (n < 0)
		return -1;
	return n < first ? REVIEW_NEW_MEMBER : REVIEW_NONE;
}

static int store_passages(struct db *db, int64_t post_id, json_t *passages)
{
	char *text = json_dumps(passages, JSON_COMPACT);
	sqlite3_stmt *st = db_stmt(db, SQL_SET_PASSAGES);
	int rc = -1;
	if (st && text) {
		sqlite3_bind_int64(st, 1, post_id);
		sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
		rc = db_step_done(st) == SQLITE_DONE ? 0 : -1;
	}
	free(text);
	return rc;
}

int moderation_after_write(struct request *r, int64_t post_id, bool is_new)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_POST_WRITER);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return -1;
	}
	int64_t member = sqlite3_column_int64(st, 0);
	char *md = xstrdup((const char *)sqlite3_column_text(st, 1));
	const char *t = (const char *)sqlite3_column_text(st, 2);
	char *title = t ? xstrdup(t) : NULL;
	sqlite3_reset(st);
	json_t *passages = NULL;
	/* the post being written is already counted: compare with the posts before it */
	int need = moderation_review_needed(r, member, title, md, false, &passages);
	free(md);
	free(title);
	if (need == REVIEW_NONE && is_new) {
		int first = r->worker ? r->worker->cfg->new_member_review : DEFAULT_NEW_MEMBER_REVIEW;
		if (first > 0 && (st = db_stmt(r->db, SQL_POSTS_BEFORE))) {
			sqlite3_bind_int64(st, 1, member);
			sqlite3_bind_int64(st, 2, post_id);
			need = sqlite3_step(st) == SQLITE_ROW
			       ? (sqlite3_column_int64(st, 0) < first ? REVIEW_NEW_MEMBER : REVIEW_NONE) : -1;
			sqlite3_reset(st);
		}
	}
	int rc = 0;
	if (need == REVIEW_GUARD)
		rc = store_passages(r->db, post_id, passages) == 0 &&
		     modpost_set_state(r->db, post_id, "held", "guard", NULL) == 0 ? 0 : -1;
	else if (need == REVIEW_NEW_MEMBER)
		rc = modpost_set_state(r->db, post_id, "held", "new-member", NULL) == 0 ? 0 : -1;
	else if (need < 0)
		rc = -1;
	json_decref(passages);
	return rc;
}

int moderation_after_new_thread(struct request *r, int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_DILEMMA_OF);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, thread_id);
	int64_t post = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return post ? moderation_after_write(r, post, true) : -1;
}
