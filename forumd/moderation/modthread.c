/* modthread.c: moderators' tools for one thread (GET /moderation/thread/:id and
 * POST /moderation/thread/:id/:action): lock, pin, topics, title, the summary, and every
 * post of the thread with its review state and its scripts (acted on by modscript.c). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "moderation_handlers.h"
#include "limits.h"
#include "markdown.h"
#include "mem.h"
#include "viewer_audit.h"
#include "postcheck.h"
#include "postview.h"
#include "searchindex.h"
#include "session.h"
#include "text.h"
#include "timefmt.h"

static const char SQL_THREAD[] =
	"SELECT t.title, t.locked, t.pinned, t.state,"
	"       (SELECT body_md FROM thread_summaries s WHERE s.thread_id = t.id)"
	"  FROM threads t WHERE t.id = ?1";
/* ?2 now. The last column: a suspension in force made through the post (anonymous author)
 * or on its named author, for the "Lift" button */
static const char SQL_POSTS[] =
	"SELECT p.id, p.kind, p.state, p.anonymous, p.anon_alias, m.handle, substr(p.body_md, 1, 400),"
	"       p.mod_pick, p.pick_note, p.mod_reason, p.held_reason,"
	"       CASE WHEN p.anonymous THEN EXISTS (SELECT 1 FROM suspensions s"
	"              WHERE s.via_post = via_post_key(p.id) AND s.lifted_at IS NULL AND s.ends_at > ?2)"
	"            ELSE EXISTS (SELECT 1 FROM suspensions s WHERE s.member_id = p.member_id"
	"              AND s.lifted_at IS NULL AND s.ends_at > ?2) END,"
	"       (SELECT json_group_array(json_array(w.id, w.position, w.text, w.state, w.mod_pick))"
	"          FROM (SELECT * FROM post_scripts w WHERE w.post_id = p.id ORDER BY w.position) w)"
	"  FROM posts p LEFT JOIN members m ON m.id = p.member_id WHERE p.thread_id = ?1 ORDER BY p.id";
static const char SQL_TOPICS[] =
	"SELECT t.slug, t.name, EXISTS (SELECT 1 FROM thread_topics tt WHERE tt.thread_id = ?1"
	"       AND tt.topic_id = t.id) FROM topics t ORDER BY t.sort";
static const char SQL_SET_FLAG_LOCK[] = "UPDATE threads SET locked = ?2 WHERE id = ?1";
static const char SQL_SET_FLAG_PIN[] = "UPDATE threads SET pinned = ?2 WHERE id = ?1";
static const char SQL_SET_TITLE[] = "UPDATE threads SET title = ?2 WHERE id = ?1";
static const char SQL_DILEMMA_ID[] =
	"SELECT id FROM posts WHERE thread_id = ?1 AND kind = 'dilemma'";
static const char SQL_CLEAR_TOPICS[] = "DELETE FROM thread_topics WHERE thread_id = ?1";
static const char SQL_ADD_TOPIC[] =
	"INSERT OR IGNORE INTO thread_topics (thread_id, topic_id)"
	" SELECT ?1, id FROM topics WHERE slug = ?2";
static const char SQL_TOPIC_EXISTS[] = "SELECT 1 FROM topics WHERE slug = ?1";
static const char SQL_SUMMARY_SET[] =
	"INSERT INTO thread_summaries (thread_id, body_md, body_html, member_id, written_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (thread_id) DO UPDATE SET body_md = excluded.body_md,"
	" body_html = excluded.body_html, member_id = excluded.member_id, written_at = excluded.written_at";
static const char SQL_SUMMARY_DELETE[] = "DELETE FROM thread_summaries WHERE thread_id = ?1";

/* ================================================================ the tools page */

/* A post's scripts for its tools: [{id, position, text, state, hidden, mod_pick,
 * action_base}] from the JSON text [[id, position, text, state, mod_pick], ...]. */
static json_t *mod_scripts(const char *rows)
{
	json_t *list = json_array(), *parsed = rows ? json_loads(rows, 0, NULL) : NULL, *row;
	size_t i;
	json_array_foreach(parsed, i, row) {
		char base[64];
		json_int_t id = json_integer_value(json_array_get(row, 0));
		snprintf(base, sizeof base, "/moderation/script/%" JSON_INTEGER_FORMAT, id);
		const char *state = json_string_value(json_array_get(row, 3));
		json_array_append_new(list, json_pack("{s:I, s:O, s:O, s:s, s:b, s:b, s:s}", "id", id,
		    "position", json_array_get(row, 1), "text", json_array_get(row, 2), "state", state,
		    "hidden", strcmp(state, "hidden") == 0,
		    "mod_pick", json_integer_value(json_array_get(row, 4)) != 0, "action_base", base));
	}
	json_decref(parsed);
	return list;
}

static json_t *thread_posts(struct db *db, int64_t thread)
{
	json_t *list = json_array();
	sqlite3_stmt *st = db_stmt(db, SQL_POSTS);
	if (!st)
		return list;
	sqlite3_bind_int64(st, 1, thread);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *state = (const char *)sqlite3_column_text(st, 2);
		char url[64], base[48];
		snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, thread, id);
		snprintf(base, sizeof base, "/moderation/post/%" PRId64, id);
		json_t *p = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:b, s:s?, s:s?, s:s?}",
		    "id", (json_int_t)id, "kind", (const char *)sqlite3_column_text(st, 1), "state", state,
		    "url", url, "action_base", base,
		    "author", author_json(sqlite3_column_int(st, 3) != 0, (const char *)sqlite3_column_text(st, 4),
		                          (const char *)sqlite3_column_text(st, 5)),
		    "excerpt", (const char *)sqlite3_column_text(st, 6),
		    "mod_pick", sqlite3_column_int(st, 7) != 0,
		    "pick_note", (const char *)sqlite3_column_text(st, 8),
		    "mod_reason", (const char *)sqlite3_column_text(st, 9),
		    "held_reason", (const char *)sqlite3_column_text(st, 10));
		json_object_set_new(p, "is_reply", json_boolean(!strcmp((const char *)sqlite3_column_text(st, 1), "reply")));
		json_object_set_new(p, "hidden", json_boolean(!strcmp(state, "hidden")));
		json_object_set_new(p, "held", json_boolean(!strcmp(state, "held")));
		json_object_set_new(p, "visible", json_boolean(!strcmp(state, "visible")));
		json_object_set_new(p, "author_suspended", json_boolean(sqlite3_column_int(st, 11) != 0));
		json_object_set_new(p, "scripts", mod_scripts((const char *)sqlite3_column_text(st, 12)));
		json_array_append_new(list, p);
	}
	sqlite3_reset(st);
	return list;
}

static json_t *topic_choices(struct db *db, int64_t thread)
{
	json_t *list = json_array();
	sqlite3_stmt *st = db_stmt(db, SQL_TOPICS);
	if (!st)
		return list;
	sqlite3_bind_int64(st, 1, thread);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "slug",
		    (const char *)sqlite3_column_text(st, 0), "name", (const char *)sqlite3_column_text(st, 1),
		    "checked", sqlite3_column_int(st, 2) != 0));
	sqlite3_reset(st);
	return list;
}

/* GET /moderation/thread/:id: every post with its state and actions, and the thread's tools. */
void moderation_thread(struct request *r)
{
	int64_t id;
	sqlite3_stmt *st = parse_id(r->params[0], &id) == 0 ? db_stmt(r->db, SQL_THREAD) : NULL;
	if (!st) {
		respond_error(r, 404, "There is no such dilemma.");
		return;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		respond_error(r, 404, "There is no such dilemma.");
		return;
	}
	char url[40], base[48];
	snprintf(url, sizeof url, "/d/%" PRId64, id);
	snprintf(base, sizeof base, "/moderation/thread/%" PRId64, id);
	const char *summary = (const char *)sqlite3_column_text(st, 4);
	json_t *model = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, s:s}",
	    "title", "Moderate a dilemma", "csrf", csrf_token(r), "thread_url", url, "action_base", base,
	    "thread_title", (const char *)sqlite3_column_text(st, 0),
	    "locked", sqlite3_column_int(st, 1) != 0, "pinned", sqlite3_column_int(st, 2) != 0,
	    "state", (const char *)sqlite3_column_text(st, 3), "summary", summary ? summary : "");
	sqlite3_reset(st);
	json_object_set_new(model, "posts", thread_posts(r->db, id));
	json_object_set_new(model, "topics", topic_choices(r->db, id));
	json_object_set_new(model, "summary_max", json_integer(MOD_SUMMARY_MAX_CHARS));
	json_object_set_new(model, "tools_url", json_string(base));
	respond_page(r, 200, "mod_thread", model);
}

/* ================================================================ thread actions */

static int run_set(struct db *db, const char *sql, int64_t id, int value, const char *text)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (text)
		sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int(st, 2, value);
	if (db_step_done(st) != SQLITE_DONE)
		return -1;
	return sqlite3_changes(db_handle(db)) == 1 ? 0 : 1;
}

static int reindex_dilemma(struct db *db, int64_t thread)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DILEMMA_ID);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, thread);
	int64_t post = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return post ? search_index_post(db, post) : 0;
}

/* Replaces the thread's topics with the form's 1-3 `topic` slugs. 0, 400 (msg), -1. */
static int set_topics(struct request *r, int64_t thread, const char **msg)
{
	const char *slugs[TOPICS_MAX];
	int n = 0;
	struct evkeyval *kv;
	for (kv = r->form.tqh_first; kv; kv = kv->next.tqe_next) {
		if (strcmp(kv->key, "topic") != 0)
			continue;
		sqlite3_stmt *st = db_stmt(r->db, SQL_TOPIC_EXISTS);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, kv->value, -1, SQLITE_STATIC);
		bool known = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
		if (!known || n == TOPICS_MAX) {
			*msg = known ? "Choose " LIMIT_TEXT(TOPICS_MIN) " to " LIMIT_TEXT(TOPICS_MAX) " topics." : "One of the chosen topics does not exist.";
			return 400;
		}
		slugs[n++] = kv->value;
	}
	if (n < TOPICS_MIN) {
		*msg = "Choose " LIMIT_TEXT(TOPICS_MIN) " to " LIMIT_TEXT(TOPICS_MAX) " topics.";
		return 400;
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_CLEAR_TOPICS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, thread);
	if (db_step_done(st) != SQLITE_DONE)
		return -1;
	for (int i = 0; i < n; i++) {
		if (!(st = db_stmt(r->db, SQL_ADD_TOPIC)))
			return -1;
		sqlite3_bind_int64(st, 1, thread);
		sqlite3_bind_text(st, 2, slugs[i], -1, SQLITE_STATIC);
		if (db_step_done(st) != SQLITE_DONE)
			return -1;
	}
	return 0;
}

/* Writes or (when empty) deletes the summary. The markdown is at most 4,000 characters,
 * far below the sizes where cmark is slow, so it renders inline. */
static int set_summary(struct request *r, int64_t thread, const char **msg)
{
	const char *md = req_form(r, "summary");
	sqlite3_stmt *st;
	if (!md || !*md) {
		if (!(st = db_stmt(r->db, SQL_SUMMARY_DELETE)))
			return -1;
		sqlite3_bind_int64(st, 1, thread);
		return db_step_done(st) == SQLITE_DONE ? 0 : -1;
	}
	char buf[200];
	const char *e = check_text(md, true, 1, MOD_SUMMARY_MAX_CHARS, "summary", buf, sizeof buf);
	if (e) {
		*msg = "The summary must be 1 to " LIMIT_TEXT(MOD_SUMMARY_MAX_CHARS) " characters of clean text.";
		return 400;
	}
	char *html = markdown_to_html(md, strlen(md));
	int rc = -1;
	if ((st = db_stmt(r->db, SQL_SUMMARY_SET))) {
		sqlite3_bind_int64(st, 1, thread);
		sqlite3_bind_text(st, 2, md, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, html, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, viewer_id(r));
		sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
		rc = db_step_done(st) == SQLITE_DONE ? 0 : -1;
	}
	free(html);
	return rc;
}

/* Runs one thread action inside the transaction. 0, an HTTP status (msg), or -1. */
static int thread_action(struct request *r, int64_t id, const char *action, const char *url,
                         const char **msg)
{
	int rc;
	const char *reason = NULL;
	if (!strcmp(action, "lock") || !strcmp(action, "unlock"))
		rc = run_set(r->db, SQL_SET_FLAG_LOCK, id, action[0] == 'l', NULL);
	else if (!strcmp(action, "pin") || !strcmp(action, "unpin"))
		rc = run_set(r->db, SQL_SET_FLAG_PIN, id, action[0] == 'p', NULL);
	else if (!strcmp(action, "title")) {
		char buf[200];
		const char *title = req_form(r, "title");
		if ((*msg = check_text(title, false, TITLE_MIN_CHARS, TITLE_MAX_CHARS, "title", buf, sizeof buf))) {
			*msg = "The title must be " LIMIT_TEXT(TITLE_MIN_CHARS) " to " LIMIT_TEXT(TITLE_MAX_CHARS) " characters of clean text.";
			return 400;
		}
		rc = run_set(r->db, SQL_SET_TITLE, id, 0, title);
		if (rc == 0)
			rc = reindex_dilemma(r->db, id);
	} else if (!strcmp(action, "topics"))
		rc = set_topics(r, id, msg);
	else if (!strcmp(action, "summary"))
		rc = set_summary(r, id, msg);
	else {
		*msg = "There is no such moderator action.";
		return 404;
	}
	if (rc == 1) {
		*msg = "There is no such dilemma.";
		return 404;
	}
	if (rc != 0)
		return rc;
	return audit_viewer(r, action, "thread", id, url, reason, NULL);
}

/* POST /moderation/thread/:id/:action  action: lock | unlock | pin | unpin |
 *   title (title) | topics (topic, repeated) | summary (summary; empty deletes); csrf */
void moderation_thread_action(struct request *r)
{
	int64_t id;
	if (parse_id(r->params[0], &id) != 0) {
		respond_error(r, 404, "There is no such dilemma.");
		return;
	}
	char url[40], back[48];
	snprintf(url, sizeof url, "/d/%" PRId64, id);
	snprintf(back, sizeof back, "/moderation/thread/%" PRId64, id);
	const char *msg = NULL;
	int rc = db_begin(r->db) == SQLITE_OK ? thread_action(r, id, r->params[1], url, &msg) : -1;
	if (rc != 0 || db_commit(r->db) != SQLITE_OK) {
		db_rollback(r->db);
		respond_error(r, rc > 0 ? rc : 503, rc > 0 ? msg : MSG_DB);
		return;
	}
	respond_redirect(r, back);
}
