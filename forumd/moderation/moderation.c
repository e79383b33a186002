/* moderation.c: the review queue (GET /moderation) and the moderators' actions on one post
 * (POST /moderation/post/:id/:action): approve, hide with a public reason, restore, edit
 * with a note, dismiss flags, pick, and suspend "the author of this post". */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "moderation_handlers.h"
#include "limits.h"
#include "mem.h"
#include "modmember.h"
#include "review.h"
#include "viewer_audit.h"
#include "postcheck.h"
#include "posting.h"
#include "postview.h"
#include "privacy.h"
#include "searchindex.h"
#include "session.h"
#include "suspension.h"
#include "text.h"
#include "timefmt.h"

/* Held posts, and posts with open flags, oldest first. */
static const char SQL_QUEUE[] =
	"SELECT p.id, p.thread_id, p.kind, p.state, p.anonymous, p.anon_alias, m.handle, p.body_md,"
	"       p.guard_passages, p.held_reason, p.created_at, t.title,"
	"       (SELECT min(f.created_at) FROM flags f WHERE f.post_id = p.id AND f.dismissed_at IS NULL)"
	"  FROM posts p JOIN threads t ON t.id = p.thread_id LEFT JOIN members m ON m.id = p.member_id"
	" WHERE p.state = 'held' OR EXISTS (SELECT 1 FROM flags f WHERE f.post_id = p.id"
	"                                   AND f.dismissed_at IS NULL)"
	" ORDER BY coalesce(p.held_at, (SELECT min(f.created_at) FROM flags f WHERE f.post_id = p.id"
	"                                AND f.dismissed_at IS NULL), p.created_at), p.id"
	" LIMIT ?1";
static const char SQL_FLAG_REASONS[] =
	"SELECT reason, other_text, count(*) FROM flags WHERE post_id = ?1 AND dismissed_at IS NULL"
	" GROUP BY reason, other_text ORDER BY count(*) DESC";
static const char SQL_DILEMMA_EXCERPT[] =
	"SELECT substr(body_md, 1, 300) FROM posts WHERE thread_id = ?1 AND kind = 'dilemma'";
static const char SQL_POST[] =
	"SELECT p.thread_id, p.kind, p.state, p.member_id, m.role, p.anonymous"
	"  FROM posts p LEFT JOIN members m ON m.id = p.member_id WHERE p.id = ?1";
/* an anonymous post's author, opened only to suspend them through it */
static const char SQL_SEALED_AUTHOR[] = "SELECT author_unseal(author_seal) FROM posts WHERE id = ?1";
static const char SQL_DISMISS[] =
	"UPDATE flags SET dismissed_at = ?2 WHERE post_id = ?1 AND dismissed_at IS NULL";
static const char SQL_PICK[] =
	"UPDATE posts SET mod_pick = ?2, pick_note = ?3 WHERE id = ?1 AND kind = 'reply'";

/* The public reasons offered when hiding (any other one-line text is accepted too). */
static const char *const hide_reasons[] = {
	"contains patient identifiers",
	"identifies a colleague",
	"harassment or a personal attack",
	"spam",
	"unsafe clinical advice",
	"off-topic",
};

/* ================================================================ the queue */

static json_t *flag_reasons(struct db *db, int64_t post, int64_t *total)
{
	json_t *list = json_array();
	sqlite3_stmt *st = db_stmt(db, SQL_FLAG_REASONS);
	*total = 0;
	if (!st)
		return list;
	sqlite3_bind_int64(st, 1, post);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *other = (const char *)sqlite3_column_text(st, 1);
		int64_t n = sqlite3_column_int64(st, 2);
		*total += n;
		json_array_append_new(list, json_pack("{s:s, s:s?, s:I}", "reason",
		    (const char *)sqlite3_column_text(st, 0), "other", other, "count", (json_int_t)n));
	}
	sqlite3_reset(st);
	return list;
}

static json_t *dilemma_excerpt(struct db *db, int64_t thread)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DILEMMA_EXCERPT);
	json_t *v = json_null();
	if (!st)
		return v;
	sqlite3_bind_int64(st, 1, thread);
	if (sqlite3_step(st) == SQLITE_ROW) {
		json_decref(v);
		v = json_string((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	return v ? v : json_null();
}

/* The item's "written" ("ago") and "written_at" (ISO): an anonymous post's to the hour, as
 * everywhere (docs/PRIVACY.md), a named one's exactly. From the current row of SQL_QUEUE. */
static void set_written(json_t *item, sqlite3_stmt *st, time_t now)
{
	char iso[TIME_ISO_LEN], ago[40];
	time_shown(iso, ago, sizeof ago, now, (time_t)sqlite3_column_int64(st, 10),
	           sqlite3_column_int(st, 4) != 0);
	json_object_set_new(item, "written", json_string(ago));
	json_object_set_new(item, "written_at", json_string(iso));
}

/* One queue item from the current row of SQL_QUEUE. */
static json_t *queue_item(struct db *db, sqlite3_stmt *st, time_t now)
{
	int64_t id = sqlite3_column_int64(st, 0), thread = sqlite3_column_int64(st, 1);
	const char *md = (const char *)sqlite3_column_text(st, 7);
	const char *stored = (const char *)sqlite3_column_text(st, 8);
	bool dilemma = strcmp((const char *)sqlite3_column_text(st, 2), "dilemma") == 0;
	json_t *passages = stored ? json_loads(stored, 0, NULL) : NULL;
	if (!passages || !json_is_array(passages)) {
		json_decref(passages);
		passages = privacy_post_passages(dilemma ? (const char *)sqlite3_column_text(st, 11) : NULL, md);
	}
	char *html = privacy_highlight_html(md, passages);
	char url[64], base[40];
	snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, thread, id);
	snprintf(base, sizeof base, "/moderation/post/%" PRId64, id);
	int64_t nflags;
	json_t *flags = flag_reasons(db, id, &nflags);
	const char *state = (const char *)sqlite3_column_text(st, 3);
	char flag_text[40];
	text_count(flag_text, sizeof flag_text, nflags, "open flag", "open flags");
	json_t *item = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:I, s:s, s:o, s:s?}",
	    "id", (json_int_t)id, "kind", dilemma ? "dilemma" : "reply", "state", state,
	    "url", url, "action_base", base,
	    "author", author_json(sqlite3_column_int(st, 4) != 0, (const char *)sqlite3_column_text(st, 5),
	                          (const char *)sqlite3_column_text(st, 6)),
	    "thread_title", (const char *)sqlite3_column_text(st, 11),
	    "highlighted_html", html, "passages", passages, "flag_count", (json_int_t)nflags,
	    "flag_text", flag_text, "flags", flags, "held_reason", (const char *)sqlite3_column_text(st, 9));
	free(html);
	set_written(item, st, now);
	json_object_set_new(item, "held", json_boolean(strcmp(state, "held") == 0));
	json_object_set_new(item, "hidden", json_boolean(strcmp(state, "hidden") == 0));
	json_object_set_new(item, "body_md", json_string(md));
	json_object_set_new(item, "has_passages", json_boolean(json_array_size(passages) > 0));
	if (!dilemma)
		json_object_set_new(item, "context", dilemma_excerpt(db, thread));
	return item;
}

static json_t *hide_reason_list(void)
{
	json_t *list = json_array();
	for (size_t i = 0; i < sizeof hide_reasons / sizeof hide_reasons[0]; i++)
		json_array_append_new(list, json_string(hide_reasons[i]));
	return list;
}

/* GET /moderation: the review queue. */
void moderation_queue(struct request *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_QUEUE);
	if (!st) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	json_t *items = json_array();
	time_t now = time(NULL);
	sqlite3_bind_int(st, 1, MOD_QUEUE_MAX);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(items, queue_item(r->db, st, now));
	sqlite3_reset(st);
	/* queue_item used other statements: the list is complete, so the reset is safe */
	json_t *model = json_pack("{s:s, s:s, s:o, s:b, s:o, s:{s:b}}", "title", "Review queue",
	    "csrf", csrf_token(r), "items", items, "empty", json_array_size(items) == 0,
	    "hide_reasons", hide_reason_list(), "nav", "moderation", 1);
	respond_page(r, 200, "mod_queue", model);
}

/* ================================================================ actions on one post */

struct post_row {
	int64_t id, thread;
	int64_t author;          /* a named post's author; 0 for anonymous posts and gone accounts */
	bool anonymous;
	char kind[16], state[16];
	char author_role[16];    /* "member", "moderator", "admin"; "" when the account is gone */
	char url[64];
};

static int load_post(struct db *db, int64_t id, struct post_row *p)
{
	sqlite3_stmt *st = db_stmt(db, SQL_POST);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		p->id = id;
		p->thread = sqlite3_column_int64(st, 0);
		snprintf(p->kind, sizeof p->kind, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(p->state, sizeof p->state, "%s", (const char *)sqlite3_column_text(st, 2));
		p->author = sqlite3_column_int64(st, 3);
		const char *role = (const char *)sqlite3_column_text(st, 4);
		snprintf(p->author_role, sizeof p->author_role, "%s", role ? role : "");
		p->anonymous = sqlite3_column_int(st, 5) != 0;
		snprintf(p->url, sizeof p->url, "/d/%" PRId64 "#p%" PRId64, p->thread, id);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static int dismiss_flags(struct db *db, int64_t post)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DISMISS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

/* A one-line text field of at most max characters, or NULL (empty, unclean or too long). */
static const char *one_line(struct request *r, const char *name, size_t max)
{
	const char *v = req_form(r, name);
	if (!v)
		return NULL;
	while (*v == ' ')
		v++;
	size_t n = strlen(v);
	if (!n || !text_is_clean(v, n, false) || text_chars(v, n) > max)
		return NULL;
	return v;
}

/* Where to go after an action: a local moderation or thread page from `next`, else the queue. */
static void back_to(struct request *r, const char *fallback)
{
	const char *next = req_form(r, "next");
	if (next && (strncmp(next, "/moderation", 11) == 0 || strncmp(next, "/d/", 3) == 0) &&
	    text_is_clean(next, strlen(next), false) && !strchr(next, '\\') && !strstr(next, "//"))
		respond_redirect(r, next);
	else
		respond_redirect(r, fallback);
}

/* What one action did, for the reply and the audit row. Returns 0 done, 400+ an HTTP status
 * with msg set, or -1 on a database error. */
typedef int (*post_action_fn)(struct request *r, struct post_row *p, const char **msg);

static int act_approve(struct request *r, struct post_row *p, const char **msg)
{
	if (strcmp(p->state, "held") != 0 && strcmp(p->state, "visible") != 0) {
		*msg = "Only a held or flagged post can be approved; use restore for a hidden one.";
		return 409;
	}
	if (review_set_state(r->db, p->id, "visible", NULL, NULL) != 0 || dismiss_flags(r->db, p->id) != 0)
		return -1;
	return audit_viewer(r, "approve", "post", p->id, p->url, NULL, NULL);
}

static int act_hide(struct request *r, struct post_row *p, const char **msg)
{
	const char *reason = one_line(r, "reason", MOD_REASON_MAX_CHARS);
	const char *other = one_line(r, "reason_other", MOD_REASON_MAX_CHARS);
	if (reason && strcmp(reason, "other") == 0)
		reason = other;
	if (!reason) {
		*msg = "Give a public reason (one line, at most " LIMIT_TEXT(MOD_REASON_MAX_CHARS) " characters): readers see it.";
		return 400;
	}
	if (strcmp(p->state, "removed") == 0) {
		*msg = "Its author already removed this post.";
		return 409;
	}
	if (review_set_state(r->db, p->id, "hidden", NULL, reason) != 0 || dismiss_flags(r->db, p->id) != 0)
		return -1;
	return audit_viewer(r, "hide", "post", p->id, p->url, reason, NULL);
}

static int act_restore(struct request *r, struct post_row *p, const char **msg)
{
	if (strcmp(p->state, "hidden") != 0) {
		*msg = "Only a hidden post can be restored.";
		return 409;
	}
	if (review_set_state(r->db, p->id, "visible", NULL, NULL) != 0)
		return -1;
	return audit_viewer(r, "restore", "post", p->id, p->url, NULL, NULL);
}

static int act_dismiss(struct request *r, struct post_row *p, const char **msg)
{
	(void)msg;
	if (dismiss_flags(r->db, p->id) != 0)
		return -1;
	if (strcmp(p->state, "held") == 0 &&
	    review_set_state(r->db, p->id, "visible", NULL, NULL) != 0)
		return -1;
	return audit_viewer(r, "dismiss-flags", "post", p->id, p->url, NULL, NULL);
}

static int set_pick(struct request *r, struct post_row *p, bool on, const char *note)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_PICK);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int(st, 2, on);
	if (note)
		sqlite3_bind_text(st, 3, note, -1, SQLITE_STATIC);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

static int act_pick(struct request *r, struct post_row *p, const char **msg)
{
	const char *note = one_line(r, "note", MOD_REASON_MAX_CHARS);
	const char *raw = req_form(r, "note");
	if (raw && *raw && !note) {
		*msg = "The pick's note is one line of at most " LIMIT_TEXT(MOD_REASON_MAX_CHARS) " characters.";
		return 400;
	}
	if (strcmp(p->kind, "reply") != 0 || strcmp(p->state, "visible") != 0) {
		*msg = "Only a visible reply can be a moderator pick.";
		return 409;
	}
	if (set_pick(r, p, true, note) != 0)
		return -1;
	return audit_viewer(r, "pick", "post", p->id, p->url, note, NULL);
}

static int act_unpick(struct request *r, struct post_row *p, const char **msg)
{
	(void)msg;
	if (set_pick(r, p, false, NULL) != 0)
		return -1;
	return audit_viewer(r, "unpick", "post", p->id, p->url, NULL, NULL);
}

/* Suspends the author of an anonymous post through the post. Every answer is the same
 * whoever wrote it (a member, a moderator, an admin, the moderator acting): the role rules
 * of named suspensions would tell a moderator who the author is not. */
static int suspend_sealed_author(struct request *r, struct post_row *p, int64_t days,
                                 const char *reason, const char **msg)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_SEALED_AUTHOR);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, p->id);
	int rc = sqlite3_step(st);
	int64_t author = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return -1;
	if (!author) {
		*msg = "This post's author has deleted their account.";
		return 409;
	}
	if (suspension_start_through_post(r->db, author, p->id, (int)days, reason) != 0)
		return -1;
	char note[64];
	text_count(note, sizeof note, days, "day", "days");
	return audit_viewer(r, "suspend", "post-author", p->id, p->url, reason, note);
}

/* Suspends the post's author without the page ever naming the account. */
static int act_suspend_author(struct request *r, struct post_row *p, const char **msg)
{
	const char *reason;
	int64_t days;
	int bad = suspension_form_read(r, &days, &reason, msg);
	if (bad)
		return bad;
	if (p->anonymous)
		return suspend_sealed_author(r, p, days, reason, msg);
	if (!p->author) {
		*msg = "This post's author has deleted their account.";
		return 409;
	}
	int refused = member_suspension_refusal(r, p->author, p->author_role, msg);
	if (refused)
		return refused;
	if (suspension_start(r->db, p->author, (int)days, reason) != 0)
		return -1;
	char note[64];
	text_count(note, sizeof note, days, "day", "days");
	return audit_viewer(r, "suspend", "post-author", p->id, p->url, reason, note);
}

static int act_unsuspend_author(struct request *r, struct post_row *p, const char **msg)
{
	if (p->anonymous) {
		int lifted = suspension_lift_through_post(r->db, p->id);
		if (lifted < 0)
			return -1;
		if (lifted == 0) {
			*msg = "No suspension made through this post is in force.";
			return 409;
		}
		return audit_viewer(r, "unsuspend", "post-author", p->id, p->url, NULL, NULL);
	}
	int refused = p->author ? member_suspension_refusal(r, p->author, p->author_role, msg) : 0;
	if (refused)
		return refused;
	int n = p->author ? suspension_lift(r->db, p->author) : 0;
	if (n < 0)
		return -1;
	if (n == 0) {
		*msg = "The author of this post is not suspended.";
		return 409;
	}
	return audit_viewer(r, "unsuspend", "post-author", p->id, p->url, NULL, NULL);
}

static const struct {
	const char *name;
	post_action_fn fn;
} post_actions[] = {
	{"approve", act_approve},
	{"hide", act_hide},
	{"restore", act_restore},
	{"dismiss", act_dismiss},
	{"pick", act_pick},
	{"unpick", act_unpick},
	{"suspend-author", act_suspend_author},
	{"unsuspend-author", act_unsuspend_author},
};

/* ---- edit with a note: through the posting pipeline, neither guarded nor held ---- */

static void mod_edit_refused(struct request *r, struct submission *s, int status, const char *message)
{
	respond_error(r, status, message);
}

static void mod_edit_done(struct request *r, struct submission *s)
{
	back_to(r, "/moderation");
}

static const struct submission_ops mod_edit_ops = {
	NULL, mod_edit_refused, mod_edit_done, NULL,
};

/* Starts a moderator's edit of p. Answers in every case. */
static void start_edit(struct request *r, const struct post_row *p)
{
	char buf[200];
	const char *body = req_form(r, "body");
	const char *e = check_text(body, true, 1, POST_MAX_CHARS, "post", buf, sizeof buf);
	const char *note = one_line(r, "note", MOD_REASON_MAX_CHARS);
	if (e || !note) {
		respond_error(r, 400, e ? e : "Say in a note (one line, at most " LIMIT_TEXT(MOD_REASON_MAX_CHARS) " characters) why you edited the post; it is kept in the revision history.");
		return;
	}
	struct privacy_hit hits[1];
	if (privacy_scan(note, hits, 1) > 0) {   /* the note is shown with the post */
		respond_error(r, 400, "The note is shown to everyone with the post: leave out the identifying detail (say \"removed a name\", not the name).");
		return;
	}
	if (strcmp(p->state, "removed") == 0) {
		respond_error(r, 409, "Its author removed this post.");
		return;
	}
	struct submission *s = submission_new(POST_MOD_EDIT, &mod_edit_ops, NULL, p->author, NULL, body);
	s->post_id = p->id;
	s->thread_id = p->thread;
	s->mod_note = xstrdup(note);
	post_submit(r, s);
}

/* POST /moderation/post/:id/:action  action: approve | hide (reason, reason_other) |
 *   restore | dismiss | pick (note) | unpick | edit (body, note) |
 *   suspend-author (days, reason) | unsuspend-author; next (where to go back), csrf */
void moderation_post_action(struct request *r)
{
	int64_t id;
	struct post_row p = {0};
	int rc = parse_id(r->params[0], &id) == 0 ? load_post(r->db, id, &p) : 1;
	if (rc != 0) {
		respond_error(r, rc > 0 ? 404 : 503, rc > 0 ? "There is no such post." : MSG_DB);
		return;
	}
	if (strcmp(r->params[1], "edit") == 0) {
		start_edit(r, &p);
		return;
	}
	post_action_fn fn = NULL;
	for (size_t i = 0; i < sizeof post_actions / sizeof post_actions[0]; i++)
		if (strcmp(post_actions[i].name, r->params[1]) == 0)
			fn = post_actions[i].fn;
	if (!fn) {
		respond_error(r, 404, "There is no such moderator action.");
		return;
	}
	const char *msg = NULL;
	rc = db_begin(r->db) == SQLITE_OK ? fn(r, &p, &msg) : -1;
	if (rc != 0 || db_commit(r->db) != SQLITE_OK) {
		db_rollback(r->db);
		respond_error(r, rc > 0 ? rc : 503, rc > 0 ? msg : MSG_DB);
		return;
	}
	back_to(r, "/moderation");
}
