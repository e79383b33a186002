/* posting.c: the one posting pipeline (see posting.h): the privacy guard and its page, the
 * posting limit, rendering, and the one savepoint that writes a post, its revision (no
 * text for a moderator's redaction), the search index, the held-or-visible decision and the
 * audit row, committed with the posts rendered in the same turn of the loop
 * (http/writebatch.h); after a redaction, the purge (store/erase.h). */
#include "posting.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/keyvalq_struct.h>

#include "db.h"
#include "erase.h"
#include "limits.h"
#include "mem.h"
#include "metrics.h"
#include "membermemo.h"
#include "mentions.h"
#include "messages.h"
#include "review.h"
#include "scripts.h"
#include "viewer_audit.h"
#include "postlimit.h"
#include "privacy.h"
#include "render.h"
#include "searchindex.h"
#include "session.h"
#include "writebatch.h"

/* the old version; ?4 = 0 (a moderator's redaction): its times and note only, no text */
static const char SQL_REVISION[] =
	"INSERT INTO post_revisions (post_id, title, body_md, written_at, replaced_at, mod_note)"
	" SELECT p.id, CASE WHEN ?4 AND p.kind = 'dilemma' THEN t.title END,"
	"        CASE WHEN ?4 THEN p.body_md ELSE '' END, coalesce(p.edited_at, p.created_at), ?2, ?3"
	"   FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = ?1";
/* the guard's stored passages belong to the old text: the hold decision stores new ones */
static const char SQL_UPDATE_POST[] =
	"UPDATE posts SET body_md = ?2, body_html = ?3, edited_at = ?4, guard_passages = NULL"
	" WHERE id = ?1";
static const char SQL_UPDATE_TITLE[] = "UPDATE threads SET title = ?2 WHERE id = ?1";
static const char SQL_SET_PASSAGES[] = "UPDATE posts SET guard_passages = ?2 WHERE id = ?1";
static const char SQL_POSTS_APPROVED[] =
	"SELECT count(*) FROM posts WHERE member_id = ?1 AND state = 'visible'";
static const char SQL_POSTS_BEFORE[] =
	"SELECT count(*) FROM posts WHERE member_id = ?1 AND id <> ?2";

/* The pipeline's state between its steps. */
struct pipeline {
	struct submission *s;
	json_t *passages;         /* the guard's passages in title and md (an array, maybe empty) */
	char *html;               /* the rendered markdown, while the write waits for its batch */
};

struct submission *submission_new(enum post_path path, const struct submission_ops *ops,
                                  void *input, int64_t author, const char *title, const char *md)
{
	struct submission *s = xcalloc(1, sizeof *s);
	s->path = path;
	s->ops = ops;
	s->input = input;
	s->author = author;
	s->title = title ? xstrdup(title) : NULL;
	s->md = xstrdup(md);
	return s;
}

/* The written post's address: /d/THREAD#pPOST. */
static void post_url(const struct submission *s, char url[64])
{
	snprintf(url, 64, "/d/%" PRId64 "#p%" PRId64, s->thread_id, s->post_id);
}

void submission_show_post(struct request *r, struct submission *s)
{
	char url[64];
	post_url(s, url);
	respond_redirect(r, url);
}

static void submission_free(struct submission *s)
{
	if (s->ops->free_input)
		s->ops->free_input(s->input);
	free(s->title);
	free(s->md);
	free(s->mod_note);
	json_decref(s->scripts);
	json_decref(s->preview);
	free(s);
}

static void pipeline_free(struct pipeline *p)
{
	submission_free(p->s);
	json_decref(p->passages);
	free(p->html);
	free(p);
}

static bool is_new(const struct submission *s)
{
	return s->path == POST_NEW_DILEMMA || s->path == POST_NEW_REPLY || s->path == POST_NEW_UPDATE;
}

/* ================================================================ the guard page */

static bool is_folded(const struct submission *s, const char *key)
{
	for (const char *const *f = s->folded; f && *f; f++)
		if (strcmp(*f, key) == 0)
			return true;
	return false;
}

/* The form's fields other than body, csrf, guard_ack, those folded into the text (and
 * title when the guard page shows it to edit, and scripts, shown to edit too), to carry
 * through the guard page. */
static json_t *carried_fields(struct request *r, const struct submission *s)
{
	json_t *list = json_array();
	struct evkeyval *kv;
	for (kv = r->form.tqh_first; kv; kv = kv->next.tqe_next)
		if (strcmp(kv->key, "body") && strcmp(kv->key, "csrf") && strcmp(kv->key, "guard_ack") &&
		    strcmp(kv->key, "guard_fix") && strcmp(kv->key, "preview") &&
		    (!s->scripts || strcmp(kv->key, "script")) &&
		    (!s->title || strcmp(kv->key, "title")) && !is_folded(s, kv->key))
			json_array_append_new(list, json_pack("{s:s, s:s}", "name", kv->key, "value", kv->value));
	return list;
}

/* The text the guard page shows to edit: the body as typed, or md whole when other fields
 * were folded into it. */
static const char *guard_text(struct request *r, const struct submission *s)
{
	const char *body = req_form(r, "body");
	return body && !s->folded ? body : s->md;
}

/* The scripts to edit on the guard page: [{n, value, highlighted_html}] (highlighted_html
 * only for one with passages), or, with replaced set, each with its passages replaced by
 * placeholders (counted into *replaced). */
static json_t *guard_scripts(const struct submission *s, const json_t *passages, size_t *replaced)
{
	json_t *list = json_array(), *t;
	size_t i;
	json_array_foreach(s->scripts, i, t) {
		char field[32];
		snprintf(field, sizeof field, "script%zu", i + 1);
		const char *text = json_string_value(t);
		json_t *item = json_pack("{s:I}", "n", (json_int_t)i + 1);
		if (replaced) {
			size_t n = 0;
			char *fixed = privacy_placeholders(text, &n);
			json_object_set_new(item, "value", json_string(fixed));
			*replaced += n;
			free(fixed);
		} else {
			json_object_set_new(item, "value", json_string(text));
			char *html = privacy_highlight_field_html(text, passages, field);
			if (strstr(html, "<mark"))
				json_object_set_new(item, "highlighted_html", json_string(html));
			free(html);
		}
		json_array_append_new(list, item);
	}
	return list;
}

/* 422: each passage highlighted with why it triggered, the title and text to edit, and
 * "post anyway, held for review". */
static void guard_page(struct request *r, const struct submission *s, json_t *passages)
{
	char *html = privacy_highlight_html(s->md, passages);
	json_t *model = json_pack("{s:s, s:s, s:s, s:s, s:s, s:O, s:o, s:b}",
	    "title", "Check your post for identifying details", "action", r->path,
	    "csrf", csrf_token(r), "body", guard_text(r, s), "highlighted_html", html,
	    "passages", passages, "fields", carried_fields(r, s), "has_title", s->title != NULL);
	free(html);
	json_object_set_new(model, "scripts", guard_scripts(s, passages, NULL));
	json_object_set_new(model, "has_scripts", json_boolean(json_array_size(s->scripts) > 0));
	if (s->title) {
		char *title_html = privacy_highlight_title_html(s->title, passages);
		json_object_set_new(model, "post_title", json_string(s->title));
		json_object_set_new(model, "title_highlighted_html", json_string(title_html));
		free(title_html);
	}
	respond_page(r, 422, "guard", model);
}

/* The carried fields with quote_text (a reply's quoted passage) given placeholders too. */
static json_t *fixed_fields(struct request *r, const struct submission *s, size_t *replaced)
{
	json_t *fields = carried_fields(r, s), *f;
	size_t i;
	json_array_foreach(fields, i, f) {
		if (strcmp(json_string_value(json_object_get(f, "name")), "quote_text") != 0)
			continue;
		size_t n;
		char *fixed = privacy_placeholders(json_string_value(json_object_get(f, "value")), &n);
		json_object_set_new(f, "value", json_string(fixed));
		*replaced += n;
		free(fixed);
	}
	return fields;
}

/* 200: "Replace these with placeholders" was pressed: the form again with every passage of
 * the title, text and quoted passage replaced ("[name]", "[phone]", ...), for the author to
 * check and post. Nothing is written. */
static void placeholder_page(struct request *r, const struct submission *s)
{
	size_t replaced = 0, n = 0;
	char *fixed = privacy_placeholders(guard_text(r, s), &n);
	replaced += n;
	json_t *model = json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:b}",
	    "title", "Check the placeholders, then post", "action", r->path,
	    "csrf", csrf_token(r), "body", fixed, "fixed", true,
	    "fields", fixed_fields(r, s, &replaced), "has_title", s->title != NULL);
	free(fixed);
	if (s->title) {
		char *title = privacy_placeholders(s->title, &n);
		replaced += n;
		json_object_set_new(model, "post_title", json_string(title));
		free(title);
	}
	json_object_set_new(model, "scripts", guard_scripts(s, NULL, &replaced));
	json_object_set_new(model, "has_scripts", json_boolean(json_array_size(s->scripts) > 0));
	char note[96];
	snprintf(note, sizeof note, "%zu passage%s replaced.", replaced, replaced == 1 ? "" : "s");
	json_object_set_new(model, "fixed_note", json_string(note));
	respond_page(r, 200, "guard", model);
}

static bool preview_asked(struct request *r)
{
	const char *preview = req_form(r, "preview");
	return preview && strcmp(preview, "1") == 0;
}

static bool guard_fix_asked(struct request *r)
{
	const char *fix = req_form(r, "guard_fix");
	return fix && strcmp(fix, "1") == 0;
}

static bool guard_acknowledged(struct request *r)
{
	const char *ack = req_form(r, "guard_ack");
	return ack && strcmp(ack, "1") == 0;
}

/* ================================================================ the transaction */

static int step_done(sqlite3_stmt *st)
{
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

/* An edit: the old version into the revisions, then the new text (and a dilemma's title).
 * A moderator's edit is a redaction: what it replaces is kept nowhere, neither in its own
 * revision (times and note only) nor in the earlier ones (blanked: the removed detail is
 * in them too); the audit log keeps the note. */
static int write_edit(struct db *db, const struct submission *s, const char *html)
{
	int64_t now = (int64_t)time(NULL);
	bool redaction = s->path == POST_MOD_EDIT;
	if (redaction && erase_post_history(db, s->post_id) != 0)
		return -1;
	sqlite3_stmt *st = db_stmt(db, SQL_REVISION);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, s->post_id);
	sqlite3_bind_int64(st, 2, now);
	if (s->mod_note)
		sqlite3_bind_text(st, 3, s->mod_note, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, !redaction);
	if (step_done(st) != 0 || !(st = db_stmt(db, SQL_UPDATE_POST)))
		return -1;
	sqlite3_bind_int64(st, 1, s->post_id);
	sqlite3_bind_text(st, 2, s->md, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, html, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	if (step_done(st) != 0)
		return -1;
	if (!s->title)
		return 0;
	if (!(st = db_stmt(db, SQL_UPDATE_TITLE)))
		return -1;
	sqlite3_bind_int64(st, 1, s->thread_id);
	sqlite3_bind_text(st, 2, s->title, -1, SQLITE_STATIC);
	return step_done(st);
}

/* True when a new post is among its author's first `first` posts. -1 on a database error. */
static int among_first_posts(struct db *db, int64_t author, int64_t post_id, int first)
{
	sqlite3_stmt *st = db_stmt(db, SQL_POSTS_BEFORE);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, author);
	sqlite3_bind_int64(st, 2, post_id);
	int rc = sqlite3_step(st);
	int64_t before = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return before < 0 ? -1 : before < first;
}

const char *posting_anonymous_refusal(struct request *r, int64_t member)
{
	int first = r->worker ? r->worker->cfg->new_member_review : DEFAULT_NEW_MEMBER_REVIEW;
	if (first <= 0)
		return NULL;
	sqlite3_stmt *st = db_stmt(r->db, SQL_POSTS_APPROVED);
	if (!st)
		return MSG_DB;
	sqlite3_bind_int64(st, 1, member);
	int64_t approved = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (approved < 0)
		return MSG_DB;
	return approved >= first ? NULL : MSG_ANON_AFTER_REVIEW;
}

static int anon_tag_k(const struct request *r)
{
	return r->worker ? r->worker->cfg->anon_tag_k : DEFAULT_ANON_TAG_K;
}

static json_t *anon_tag_choice(size_t i, const char *value, const char *label, bool checked)
{
	char id[40];
	snprintf(id, sizeof id, "anon-tags-%zu", i);
	json_t *c = json_object();   /* on every thread page a member reads: no json_pack */
	json_object_set_new_nocheck(c, "id", json_string_nocheck(id));
	json_object_set_new_nocheck(c, "value", json_string(value));
	json_object_set_new_nocheck(c, "label", json_string(label));
	json_object_set_new_nocheck(c, "checked", json_boolean(checked));
	return c;
}

/* The form's choices from sharedtags.h's (NULL: none but "Nothing"), `chosen` checked. */
static json_t *form_choices(const json_t *shared, const char *chosen)
{
	json_t *out = json_array(), *c;
	size_t i;
	bool none = true;
	json_array_foreach(shared, i, c) {
		const char *value = json_string_value(json_object_get(c, "value"));
		bool checked = chosen && strcmp(chosen, value) == 0;
		none &= !checked;
		json_array_append_new(out, anon_tag_choice(i + 1, value,
		    json_string_value(json_object_get(c, "label")), checked));
	}
	json_array_insert_new(out, 0, anon_tag_choice(0, SHARED_TAGS_NONE,
	    "Nothing: only \"Anonymous\" and the alias", none));
	return out;
}

json_t *posting_anon_tag_choices(struct request *r, int64_t member, bool with_specialty,
                                 const char *chosen)
{
	/* a form shown again: its own choice checked, worked out afresh */
	if (chosen) {
		json_t *shared = shared_tags_choices(r->db, member, anon_tag_k(r), with_specialty);
		json_t *out = form_choices(shared, chosen);
		json_decref(shared);
		return out;
	}
	/* a new form, on every thread page a member reads: kept in the member memo */
	enum member_memo_slot slot = with_specialty ? MEMO_ANON_TAGS : MEMO_ANON_CREDENTIALS;
	struct member_memo_mark mark;
	json_t *out = member_memo_get(req_memo_db(r), member, slot, time(NULL), &mark);
	if (out)
		return json_incref(out);
	json_t *shared = shared_tags_choices(r->db, member, anon_tag_k(r), with_specialty);
	out = form_choices(shared, NULL);
	if (shared)
		member_memo_put(req_memo_db(r), member, slot, &mark, json_incref(out), 0);
	json_decref(shared);
	return out;
}

const char *posting_anon_tags_refusal(struct request *r, int64_t member, bool with_specialty,
                                      const char *value, struct shared_tags *out)
{
	int rc = shared_tags_read(r->db, member, anon_tag_k(r), with_specialty, value, out);
	return rc == 0 ? NULL : rc == -1 ? MSG_ANON_TAGS_CLOSED : MSG_DB;
}

static int store_passages(struct db *db, int64_t post_id, json_t *passages)
{
	char *text = json_dumps(passages, JSON_COMPACT);
	sqlite3_stmt *st = db_stmt(db, SQL_SET_PASSAGES);
	int rc = -1;
	if (st && text) {
		sqlite3_bind_int64(st, 1, post_id);
		sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
		rc = step_done(st);
	}
	free(text);
	return rc;
}

/* The one decision between held and visible: the guard found passages (the author posted
 * anyway), or a new post among a new member's first few. A moderator's edit is never held. */
static int hold_if_needed(struct request *r, const struct pipeline *p)
{
	const struct submission *s = p->s;
	if (s->path == POST_MOD_EDIT)
		return 0;
	if (json_array_size(p->passages))
		return store_passages(r->db, s->post_id, p->passages) == 0 &&
		       review_set_state(r->db, s->post_id, "held", "guard", NULL) == 0 ? 0 : -1;
	int first = r->worker ? r->worker->cfg->new_member_review : DEFAULT_NEW_MEMBER_REVIEW;
	if (!is_new(s) || first <= 0)
		return 0;
	int newcomer = among_first_posts(r->db, s->author, s->post_id, first);
	if (newcomer <= 0)
		return newcomer;
	return review_set_state(r->db, s->post_id, "held", "new-member", NULL) == 0 ? 0 : -1;
}

/* Everything the post changes, inside one transaction. Returns 0 or -1. */
static int write_post(struct request *r, struct pipeline *p, const char *html)
{
	struct submission *s = p->s;
	int rc = is_new(s) ? s->ops->write_new(r, s, html) : write_edit(r->db, s, html);
	/* a new post without scripts has none to write or remove */
	if (rc == 0 && s->scripts && (json_array_size(s->scripts) || !is_new(s)))
		rc = scripts_write(r->db, s->post_id, s->scripts);
	if (rc == 0)
		rc = search_index_post(r->db, s->post_id);
	if (rc == 0)
		rc = mentions_write(r->db, s->post_id, s->md);
	if (rc == 0)
		rc = hold_if_needed(r, p);
	if (rc == 0 && s->path == POST_MOD_EDIT) {
		char url[64];
		post_url(s, url);
		rc = audit_viewer(r, "edit", "post", s->post_id, url, NULL, s->mod_note);
	}
	return rc;
}

/* In the batch's transaction (writebatch.h). */
static int batch_write(struct request *r, void *arg)
{
	struct pipeline *p = arg;
	return write_post(r, p, p->html);
}

/* After the batch's commit: the answer. */
static void batch_done(struct request *r, void *arg, bool committed)
{
	struct pipeline *p = arg;
	if (!committed) {
		p->s->ops->refused(r, p->s, 503, MSG_DB);
		pipeline_free(p);
		return;
	}
	/* a redaction: the replaced text out of the index's old segments and the WAL */
	if (p->s->path == POST_MOD_EDIT)
		erase_purge(r->db);
	if (is_new(p->s))
		metrics_count(METRIC_POSTS);
	p->s->ops->done(r, p->s);
	pipeline_free(p);
}

/* The markdown of a preview is back: the path's form again (200) with the post as it will
 * read and what the guard would say. Nothing is written. */
static void previewed(struct request *r, const char *html, void *arg)
{
	struct pipeline *p = arg;
	struct submission *s = p->s;
	if (!html) {
		s->ops->refused(r, s, 503, MSG_BUSY);
		pipeline_free(p);
		return;
	}
	json_t *preview = json_pack("{s:s, s:O, s:b}", "body_html", html, "passages", p->passages,
	                            "guarded", json_array_size(p->passages) > 0);
	if (json_array_size(p->passages)) {
		char *marked = privacy_highlight_html(s->md, p->passages);
		json_object_set_new(preview, "highlighted_html", json_string(marked));
		free(marked);
	}
	if (s->title) {
		json_object_set_new(preview, "preview_title", json_string(s->title));
		if (json_array_size(p->passages)) {
			char *marked = privacy_highlight_title_html(s->title, p->passages);
			json_object_set_new(preview, "title_highlighted_html", json_string(marked));
			free(marked);
		}
	}
	s->preview = preview;
	s->ops->refused(r, s, 200, NULL);
	pipeline_free(p);
}

/* The markdown is back from the render pool: the write joins this turn's batch. */
static void rendered(struct request *r, const char *html, void *arg)
{
	struct pipeline *p = arg;
	p->html = html ? xstrdup(html) : NULL;
	write_batch_add(r, batch_write, batch_done, p);
}

/* ================================================================ the pipeline */

/* New posts only: the member's hourly limit. Answers and returns true when refused. */
static bool over_limit(struct request *r, struct submission *s)
{
	bool db_error;
	const struct config *cfg = r->worker ? r->worker->cfg : NULL;
	if (postlimit_allows(r->db, cfg, s->author, s->path == POST_NEW_DILEMMA ? "dilemma" : "reply",
	                     &db_error))
		return false;
	if (!db_error)
		respond_retry_after(r, POST_LIMIT_WINDOW_SECONDS);
	s->ops->refused(r, s, db_error ? 503 : 429, db_error ? MSG_DB : MSG_POST_LIMIT);
	return true;
}

/* The guard's passages in each of s's scripts, field "script1".."script3" (offsets into
 * that script), added to passages: the guard scans the words to say with the text. */
static void add_script_passages(const struct submission *s, json_t *passages)
{
	size_t i, k;
	json_t *t, *p;
	json_array_foreach(s->scripts, i, t) {
		char field[32];
		snprintf(field, sizeof field, "script%zu", i + 1);
		json_t *found = privacy_post_passages(NULL, json_string_value(t));
		json_array_foreach(found, k, p)
			json_object_set_new(p, "field", json_string(field));
		json_array_extend(passages, found);
		json_decref(found);
	}
}

void post_submit(struct request *r, struct submission *s)
{
	struct pipeline *p = xcalloc(1, sizeof *p);
	p->s = s;
	p->passages = s->path == POST_MOD_EDIT ? json_array() :
	              mentions_unguard(r->db, s->md, privacy_post_passages(s->title, s->md));
	if (s->path != POST_MOD_EDIT)
		add_script_passages(s, p->passages);
	if (preview_asked(r)) {
		if (render_markdown(r, s->md, strlen(s->md), previewed, p) != 0) {
			respond_retry_after(r, RENDER_RETRY_AFTER_SECONDS);
			s->ops->refused(r, s, 503, MSG_BUSY);
			pipeline_free(p);
		}
		return;
	}
	if (json_array_size(p->passages) && !guard_acknowledged(r)) {
		if (guard_fix_asked(r))
			placeholder_page(r, s);
		else
			guard_page(r, s, p->passages);
		pipeline_free(p);
		return;
	}
	if (is_new(s) && over_limit(r, s)) {
		pipeline_free(p);
		return;
	}
	if (render_markdown(r, s->md, strlen(s->md), rendered, p) != 0) {
		respond_retry_after(r, RENDER_RETRY_AFTER_SECONDS);
		s->ops->refused(r, s, 503, MSG_BUSY);
		pipeline_free(p);
	}
}
