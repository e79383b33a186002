/* thread.c: the thread page rendered whole: a dilemma, its replies (best, oldest, or near
 * the reader first; filtered by specialty and by where their authors practise), the counts
 * of both, the reply form; visiting marks the thread read for the
 * inbox. GET /d/:id comes here through threadshared.c. */
#include "thread.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "authorship.h"
#include "db.h"
#include "draft.h"
#include "forum_handlers.h"
#include "html.h"
#include "limits.h"
#include "membermemo.h"
#include "messages.h"
#include "modview.h"
#include "postcheck.h"
#include "posting.h"
#include "places.h"
#include "postview.h"
#include "session.h"
#include "slugs.h"
#include "suggested.h"
#include "suspnotice.h"
#include "text.h"
#include "threadplaces.h"
#include "timefmt.h"
#include "visibility.h"

/* a held thread is its author's and the moderators' to see (visibility.h) */
static const char SQL_QUOTE_STILL_THERE[] =
	"SELECT 1 FROM posts p WHERE p.id = ?1 AND " VIS_POST_LISTED("p")
	"   AND instr(replace(p.body_md, char(13), ''), replace(?2, char(13), '')) > 0";
static const char SQL_THREAD[] =
	"SELECT t.id, t.title, " THREAD_BY("t", VIS_VIEWER) ", t.anonymous, s.slug, s.name, t.created_at,"
	"       t.reply_count, t.locked, t.state = 'held', t.place"
	"  FROM threads t LEFT JOIN specialties s ON s.id = t.specialty_id"
	" WHERE t.id = ?1 AND " VIS_THREAD_OPEN("t");
static const char SQL_DILEMMA[] =
	"SELECT " POST_COLUMNS " FROM posts p LEFT JOIN members m ON m.id = p.member_id"
	" WHERE p.thread_id = ?1 AND p.kind = 'dilemma'";
/* the asker's update, as replies are shown (a hidden one as its placeholder) */
static const char SQL_UPDATE[] =
	"SELECT " POST_COLUMNS " FROM posts p LEFT JOIN members m ON m.id = p.member_id"
	" WHERE p.thread_id = ?1 AND p.kind = 'update' AND " VIS_REPLY_IN_THREAD("p")
	" ORDER BY p.id DESC LIMIT 1";
/* ?2 viewer, ?3 specialty id or NULL, ?4 the row limit, ?5 a place code or NULL (the
 * filter), ?6 the reader's place (near first); one statement per order, the first two
 * walking the index in that order (posts_thread_best, posts_thread) rather than sorting. */
#define SQL_REPLIES_FROM \
	"SELECT " POST_COLUMNS "," \
	"       EXISTS (SELECT 1 FROM helpful_votes v WHERE v.post_id = p.id AND v.member_id = ?2)" \
	"  FROM posts p LEFT JOIN members m ON m.id = p.member_id" \
	" WHERE p.thread_id = ?1 AND p.kind = 'reply'" \
	"   AND " VIS_REPLY_IN_THREAD("p") \
	"   AND (?3 IS NULL OR (p.show_tags = 1 AND " VIS_POST_LISTED("p") " AND EXISTS (SELECT 1" \
	"        FROM post_specialties ps WHERE ps.post_id = p.id AND ps.specialty_id = ?3)))" \
	"   AND (?5 IS NULL OR (p.show_tags = 1 AND " VIS_POST_LISTED("p") " AND " REPLY_FROM_PLACE("p", "?5") "))"
static const char SQL_REPLIES_BEST[] =
	SQL_REPLIES_FROM
	" ORDER BY p.mod_pick DESC, p.op_marked DESC, p.helpful_count DESC, p.id LIMIT ?4";
static const char SQL_REPLIES_OLDEST[] =
	SQL_REPLIES_FROM " ORDER BY p.id LIMIT ?4";
/* from the reader's own place first, then their country, then best */
static const char SQL_REPLIES_NEAR[] =
	SQL_REPLIES_FROM
	" ORDER BY coalesce(p.show_tags = 1 AND p.place = ?6, 0) DESC,"
	"          coalesce(p.show_tags = 1 AND substr(p.place, 1, 2) = substr(?6, 1, 2), 0) DESC,"
	"          p.mod_pick DESC, p.op_marked DESC, p.helpful_count DESC, p.id LIMIT ?4";

static const char SQL_SPECIALTY_BY_SLUG[] =
	"SELECT id, name FROM specialties WHERE slug = ?1";
/* Read marks only for threads the member posted in or follows (the inbox needs no more),
 * and written only when the thread has a post past the mark: a view of a thread already read
 * writes nothing (SQL_READ_BEHIND, in the page's read transaction, decides). */
#define READ_MARKED \
	"(EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = ?2 AND " AUTHORED_BY_IN("p", "?1", "?2") ")" \
	" OR EXISTS (SELECT 1 FROM thread_follows f WHERE f.member_id = ?1 AND f.thread_id = ?2))"
static const char SQL_READ_BEHIND[] =
	"SELECT 1 FROM posts WHERE thread_id = ?2"
	"   AND id > coalesce((SELECT last_post_id FROM read_marks WHERE reader = read_key(?1, ?2)), 0)"
	"   AND " READ_MARKED " LIMIT 1";
static const char SQL_MARK_READ[] =
	"INSERT INTO read_marks (reader, last_post_id)"
	" SELECT read_key(?1, ?2), max(id) FROM posts WHERE thread_id = ?2 AND " READ_MARKED
	"  GROUP BY thread_id"
	" ON CONFLICT (reader) DO UPDATE SET last_post_id = excluded.last_post_id"
	"  WHERE excluded.last_post_id > read_marks.last_post_id";
static const char SQL_FOLLOWING[] =
	"SELECT 1 FROM thread_follows WHERE member_id = ?1 AND thread_id = ?2";
static const char SQL_TOOK_PART[] =
	"SELECT 1 FROM posts p WHERE p.thread_id = ?2 AND " AUTHORED_BY_IN("p", "?1", "?2") " LIMIT 1";
static const char SQL_MEMBER_TAGS[] =
	"SELECT s.slug, s.name, ms.position FROM member_specialties ms"
	"  JOIN specialties s ON s.id = ms.specialty_id WHERE ms.member_id = ?1 ORDER BY ms.position";
static const char SQL_MEMBER_DEFAULTS[] =
	"SELECT credentials, show_tags FROM members WHERE id = ?1";
static const char SQL_QUOTE_SOURCE[] =
	"SELECT p.body_md FROM posts p WHERE p.id = ?1 AND p.thread_id = ?2 AND " VIS_POST_LISTED("p");

struct thread_row {
	int64_t id;
	bool own, anonymous, locked, held;
	json_t *model;
};

/* Loads the thread's header model. Returns 0, 1 when there is no such thread the viewer
 * may see (a held one only for its author and moderators), -1 on a database error. */
static int load_thread(struct db *db, int64_t id, int64_t viewer, bool moderator,
                       struct thread_row *t)
{
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	visibility_bind(st, viewer, moderator);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 1 : -1;
	}
	char url[40], iso[TIME_ISO_LEN], ago[40];
	snprintf(url, sizeof url, "/d/%" PRId64, id);
	time_shown(iso, ago, sizeof ago, time(NULL), (time_t)sqlite3_column_int64(st, 6),
	           sqlite3_column_int(st, 3) != 0);  /* an anonymous dilemma's, to the hour */
	t->id = id;
	t->own = sqlite3_column_int(st, 2) != 0;
	t->anonymous = sqlite3_column_int(st, 3) != 0;
	t->locked = sqlite3_column_int(st, 8) != 0;
	t->held = sqlite3_column_int(st, 9) != 0;
	const char *sslug = (const char *)sqlite3_column_text(st, 4);
	json_t *setting = json_null();
	if (sslug) {
		char surl[64];
		snprintf(surl, sizeof surl, "/s/%s", sslug);
		setting = json_pack("{s:s, s:s, s:s}", "slug", sslug, "url", surl,
		                    "name", (const char *)sqlite3_column_text(st, 5));
	}
	t->model = json_pack("{s:I, s:s, s:s, s:o, s:s, s:I, s:b}", "id", (json_int_t)id,
	                     "title", (const char *)sqlite3_column_text(st, 1), "url", url,
	                     "setting", setting, "created", iso,
	                     "replies", (json_int_t)sqlite3_column_int64(st, 7), "locked", t->locked);
	json_t *place = place_json(db, (const char *)sqlite3_column_text(st, 10));
	sqlite3_reset(st);
	json_object_set_new(t->model, "place", place ? place : json_null());
	json_object_set_new(t->model, "topics", thread_topics_json(db, id));
	return 0;
}

/* The thread's dilemma (sql SQL_DILEMMA) or update (SQL_UPDATE) as ctx's reader sees it:
 * a post, json null when there is none to see, NULL on a database error. */
static json_t *load_post_of(struct db *db, const char *sql, const struct post_ctx *ctx,
                            int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, thread_id);
	visibility_bind(st, ctx->viewer, ctx->moderator);
	int rc = sqlite3_step(st);
	json_t *post = rc == SQLITE_ROW ? post_json(db, st, ctx) : rc == SQLITE_DONE ? json_null() : NULL;
	sqlite3_reset(st);
	return post;
}

static json_t *load_dilemma(struct db *db, const struct post_ctx *ctx, int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_DILEMMA);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, thread_id);
	visibility_bind(st, ctx->viewer, ctx->moderator);
	json_t *post = sqlite3_step(st) == SQLITE_ROW ? post_json(db, st, ctx) : NULL;
	sqlite3_reset(st);
	return post;
}

/* Which replies, in which order: the page's parameters once checked. */
struct reply_view {
	const char *sort;          /* "best", "oldest" or "near" */
	int64_t spec_id;           /* 0: any specialty */
	const char *place;         /* NULL: anywhere */
	char near[PLACE_CODE_MAX + 1];  /* the reader's place when sort is near, "" none */
};

static json_t *load_replies(struct db *db, const struct post_ctx *ctx, int64_t thread_id,
                            const struct reply_view *rv)
{
	bool near = strcmp(rv->sort, "near") == 0 && rv->near[0];
	sqlite3_stmt *st = db_stmt(db, near ? SQL_REPLIES_NEAR
	                             : strcmp(rv->sort, "oldest") == 0 ? SQL_REPLIES_OLDEST
	                             : SQL_REPLIES_BEST);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, thread_id);
	sqlite3_bind_int64(st, 2, ctx->viewer);
	visibility_bind(st, ctx->viewer, ctx->moderator);
	if (rv->spec_id)
		sqlite3_bind_int64(st, 3, rv->spec_id);
	sqlite3_bind_int(st, 4, THREAD_MAX_REPLIES_SHOWN);
	if (rv->place)
		sqlite3_bind_text(st, 5, rv->place, -1, SQLITE_STATIC);
	if (near)
		sqlite3_bind_text(st, 6, rv->near, -1, SQLITE_STATIC);
	json_t *list = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, post_json(db, st, ctx));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* Appends "?key=value" or "&key=value" to b, the value URL-escaped. */
static void add_param(struct evbuffer *b, const char **sep, const char *key, const char *value)
{
	evbuffer_add_printf(b, "%s%s=", *sep, key);
	url_escape(b, value, strlen(value));
	*sep = "&";
}

/* A thread URL keeping the reader's sort and filters: /d/ID?sort=..&specialty=..&place=..
 * (each left out when best or none). */
static json_t *thread_url(int64_t id, const char *sort, const char *specialty, const char *place)
{
	struct evbuffer *b = evbuffer_new();
	evbuffer_add_printf(b, "/d/%" PRId64, id);
	const char *sep = "?";
	if (sort && strcmp(sort, "best") != 0)
		add_param(b, &sep, "sort", sort);
	if (specialty)
		add_param(b, &sep, "specialty", specialty);
	if (place)
		add_param(b, &sep, "place", place);
	json_t *s = json_stringn((const char *)evbuffer_pullup(b, -1), evbuffer_get_length(b));
	evbuffer_free(b);
	return s;
}

/* {slug, name, count, url, current} of one specialty in the counts above the replies (its
 * link keeps the sort and the place filter). */
static json_t *count_json(const struct tag_count *c, int64_t thread_id, const char *current,
                          const char *sort, const char *place)
{
	json_t *item = json_object();
	json_object_set_new_nocheck(item, "slug", text_json(c->slug));
	json_object_set_new_nocheck(item, "name", text_json(c->name));
	json_object_set_new_nocheck(item, "count", json_integer(c->count));
	json_object_set_new_nocheck(item, "url", thread_url(thread_id, sort, c->slug, place));
	json_object_set_new_nocheck(item, "current",
	                            json_boolean(current && strcmp(current, c->slug) == 0));
	return item;
}

/* [{slug, name, count, url, current}] of the specialties tagged on visible replies. */
static json_t *specialty_counts(const struct post_tags *tags, int64_t thread_id,
                                const char *current, const char *sort, const char *place)
{
	struct tag_count *counts;
	size_t n = post_tags_counts(tags, &counts);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, count_json(&counts[i], thread_id, current, sort, place));
	free(counts);
	return list;
}

bool thread_read_mark_due(struct db *db, int64_t member, int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_READ_BEHIND);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, thread_id);
	bool behind = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return behind;
}

void thread_mark_read(struct db *db, int64_t member, int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_MARK_READ);
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, thread_id);
	db_step_done(st);
}

static bool slug_chosen(const json_t *chosen, const char *slug, int position)
{
	if (!chosen)
		return position <= REPLY_SPECIALTIES_MAX;
	size_t i;
	json_t *v;
	json_array_foreach(chosen, i, v)
		if (strcmp(json_string_value(v), slug) == 0)
			return true;
	return false;
}

/* The quote box's text: the form's, or the whole source of ?quote=ID to trim down. */
static json_t *quote_model(struct request *r, int64_t thread_id, const struct reply_form *form)
{
	/* the form's own quote (shown again, or a draft's), else the post "Quote" was pressed on */
	bool own = form && form->quote_post;
	int64_t qid = own ? form->quote_post : 0;
	if (!own && parse_id(req_query(r, "quote"), &qid) != 0)
		return json_null();
	char name[96];
	if (post_author_name(r->db, qid, thread_id, name, sizeof name) != 0)
		return json_null();
	json_t *text = NULL;
	if (own) {
		text = json_string(form->quote_text ? form->quote_text : "");
	} else {
		sqlite3_stmt *st = db_stmt(r->db, SQL_QUOTE_SOURCE);
		if (!st)
			return json_null();
		sqlite3_bind_int64(st, 1, qid);
		sqlite3_bind_int64(st, 2, thread_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			text = json_string((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	return json_pack("{s:I, s:s, s:o}", "post_id", (json_int_t)qid, "author", name,
	                 "text", text ? text : json_string(""));
}

/* The asker's update form ({action, body}) when the reader may post the update, else null. */
static json_t *update_form_model(struct request *r, int64_t thread_id, const struct reply_form *f)
{
	if (!update_form_open(r->db, viewer_id(r), thread_id))
		return json_null();
	char action[48];
	snprintf(action, sizeof action, "/d/%" PRId64 "/update", thread_id);
	return json_pack("{s:s, s:s, s:i}", "action", action,
	                 "body", f && f->update ? kept_text(f->update) : "", "min", UPDATE_MIN_CHARS);
}

/* The reply form's specialty boxes from the member's ([slug, name, position] in profile
 * order), with a shown-again form's choice ticked (NULL: the first few). */
static json_t *specialty_boxes(const json_t *tags, const json_t *chosen)
{
	json_t *boxes = json_array(), *t;
	size_t i;
	json_array_foreach(tags, i, t) {
		const char *slug = json_string_value(json_array_get(t, 0));
		json_array_append_new(boxes, json_pack("{s:s, s:O, s:b}", "slug", slug,
		    "name", json_array_get(t, 1),
		    "checked", slug_chosen(chosen, slug, (int)json_integer_value(json_array_get(t, 2)))));
	}
	return boxes;
}

/* The member's specialties ([slug, name, position] in profile order), their boxes on a new
 * form, credentials and show_tags default, as {tags, boxes, credentials, show_tags} (a new
 * reference), kept in the member memo between writes. NULL when the specialties do not
 * read; the defaults ("" and true) when the member's row does not (then not kept). */
static json_t *profile_tags(struct request *r, int64_t me)
{
	struct member_memo_mark mark;
	json_t *p = member_memo_get(req_memo_db(r), me, MEMO_PROFILE_TAGS, time(NULL), &mark);
	if (p)
		return json_incref(p);
	sqlite3_stmt *st = db_stmt(r->db, SQL_MEMBER_TAGS);
	if (!st)
		return NULL;
	json_t *tags = json_array();
	sqlite3_bind_int64(st, 1, me);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(tags, json_pack("[s, s, i]",
		    (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_int(st, 2)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || !(st = db_stmt(r->db, SQL_MEMBER_DEFAULTS))) {
		json_decref(tags);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, me);
	rc = sqlite3_step(st);
	const char *cred = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	p = json_pack("{s:o, s:o, s:s, s:b}", "tags", tags, "boxes", specialty_boxes(tags, NULL),
	    "credentials", cred ? cred : "",
	    "show_tags", rc == SQLITE_ROW ? sqlite3_column_int(st, 1) != 0 : true);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		member_memo_put(req_memo_db(r), me, MEMO_PROFILE_TAGS, &mark, json_incref(p), 0);
	return p;
}

/* The reply form for a signed-in member: their profile specialties to pick from. */
static bool thread_followed(struct db *db, int64_t member, int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FOLLOWING);
	bool following = false;
	if (st) {
		sqlite3_bind_int64(st, 1, member);
		sqlite3_bind_int64(st, 2, thread_id);
		following = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	return following;
}

bool thread_took_part(struct db *db, int64_t member, int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOOK_PART);
	bool took_part = false;
	if (st) {
		sqlite3_bind_int64(st, 1, member);
		sqlite3_bind_int64(st, 2, thread_id);
		took_part = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	return took_part;
}

struct thread_follow thread_follow_of(struct db *db, int64_t member, int64_t thread_id,
                                      const bool *took_part)
{
	struct thread_follow fw = { took_part ? *took_part : thread_took_part(db, member, thread_id),
	                            false };
	fw.following = !fw.took_part && thread_followed(db, member, thread_id);
	return fw;
}

/* The reader's follow button: {following, action, csrf}; json null for a reader who took
 * part (its replies come to their inbox already, and a follow of one's own anonymous thread
 * would tie the account to it in the database). */
static json_t *follow_model(struct request *r, int64_t thread_id, const struct thread_follow *fw)
{
	if (fw->took_part)
		return json_null();
	char action[48];
	snprintf(action, sizeof action, "/d/%" PRId64 "/follow", thread_id);
	return json_pack("{s:b, s:s, s:s}", "following", fw->following, "action", action,
	                 "csrf", csrf_token(r));
}

/* True when a draft's quote of post still reads so in it (a visible post holding the text):
 * an edit or a redaction since leaves the draft's copy behind. No quote: true. */
static bool quote_still_there(struct db *db, int64_t post, const char *text)
{
	if (!post || !text || !*text)
		return true;
	sqlite3_stmt *st = db_stmt(db, SQL_QUOTE_STILL_THERE);
	if (!st)
		return false;
	sqlite3_bind_int64(st, 1, post);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	bool there = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return there;
}

/* The reply form; fw: where the reader stands toward the follow button (NULL: worked out). */
static json_t *reply_form_model(struct request *r, int64_t thread_id, const struct reply_form *f,
                                const struct thread_follow *fw)
{
	int64_t me = viewer_id(r);
	struct thread_follow mine;
	if (!fw) {
		mine = thread_follow_of(r->db, me, thread_id, NULL);
		fw = &mine;
	}
	/* a suspended member is told why there is no form, before typing anything */
	json_t *suspended = viewer_suspension(r);
	if (json_is_object(suspended))
		return json_pack("{s:o, s:o}", "suspended", suspended, "follow", follow_model(r, thread_id, fw));
	json_decref(suspended);
	/* a fresh form holds the member's draft for this thread, if they saved one */
	json_t *draft = f ? NULL : draft_for(r, thread_id), *draft_chosen = NULL, *draft_scripts = NULL;
	struct reply_form from_draft;
	if (draft) {
		draft_chosen = draft_value(draft, "specialties_shown") ? draft_values(draft, "specialty") : NULL;
		const char *q = draft_value(draft, "quote_post");
		from_draft = (struct reply_form){ .body = draft_value(draft, "body"),
		    .quote_text = draft_value(draft, "quote_text"), .anonymous = draft_flag(draft, "anonymous"),
		    .show_tags = draft_flag(draft, "show_tags"), .show_tags_set = true,
		    .chosen = draft_chosen, .anon_tags = draft_value(draft, "anon_tags"),
		    .scripts = draft_scripts = draft_values(draft, "script") };
		if (q)
			parse_id(q, &from_draft.quote_post);
		/* "Quote" pressed on a post (?quote=) wins; a quote whose post changed since goes */
		if (req_query(r, "quote") || !quote_still_there(r->db, from_draft.quote_post,
		                                                from_draft.quote_text)) {
			from_draft.quote_post = 0;
			from_draft.quote_text = NULL;
		}
		f = &from_draft;
	}
	json_t *profile = profile_tags(r, me);
	json_t *tags = f ? specialty_boxes(json_object_get(profile, "tags"), f->chosen)
	                 : json_incref(json_object_get(profile, "boxes"));
	if (!tags)
		tags = json_array();
	bool show_tags = !profile || json_is_true(json_object_get(profile, "show_tags"));
	json_t *cred = json_incref(json_object_get(profile, "credentials"));
	json_decref(profile);
	if (f && f->show_tags_set)
		show_tags = f->show_tags;
	char action[48];
	snprintf(action, sizeof action, "/d/%" PRId64 "/reply", thread_id);
	json_t *m = json_pack("{s:s, s:s, s:s, s:b, s:b, s:o, s:b, s:o, s:o, s:s?}",
	    "action", action, "csrf", csrf_token(r), "body", f && f->body ? f->body : "",
	    "anonymous", f && f->anonymous, "show_tags", show_tags, "specialties", tags,
	    "has_specialties", json_array_size(tags) > 0, "quote", quote_model(r, thread_id, f),
	    "errors", f && f->errors ? json_incref(f->errors) : json_object(),
	    "message", f ? f->message : NULL);
	json_object_set_new(m, "credentials", cred ? cred : json_string(""));
	json_object_set_new(m, "anon_tags", posting_anon_tag_choices(r, me, true,
	                                                             f ? f->anon_tags : NULL));
	json_object_set_new(m, "form_id", json_string("reply"));  /* partials/anon_tags.html */
	json_object_set_new(m, "script_fields", script_fields(f ? f->scripts : NULL));
	json_object_set_new(m, "update_form", update_form_model(r, thread_id, f));
	json_object_set_new(m, "follow", follow_model(r, thread_id, fw));
	if (f && f->preview)
		json_object_set(m, "preview", f->preview);
	if (draft)
		json_object_set_new(m, "draft", draft_notice(r, draft, "reply"));
	json_decref(draft_chosen);
	json_decref(draft_scripts);
	json_decref(draft);
	return m;
}

/* What one thread page is made of; thread_read fills it. */
struct thread_page {
	struct reply_view view;
	const char *spec_slug;
	json_t *spec_name;
	json_t *place;             /* the place filter's {code, name, full_name}, or NULL */
	json_t *near_place;        /* the reader's own, when sorting near them, or NULL */
	struct thread_row t;
	struct post_tags *tags;
	json_t *dilemma, *update, *replies, *place_counts, *suggested;
};

static void thread_page_free(struct thread_page *pg)
{
	json_decref(pg->spec_name), json_decref(pg->t.model);
	json_decref(pg->place), json_decref(pg->near_place);
	json_decref(pg->dilemma), json_decref(pg->replies), json_decref(pg->place_counts);
	json_decref(pg->suggested), json_decref(pg->update);
	post_tags_free(pg->tags);
}

/* Reads ?sort (best, oldest, near: the reader's place first), ?specialty and ?place into pg
 * for reader (0 a visitor). Returns 0, or an HTTP status with *msg set (pg then holds
 * nothing to free). */
static int read_view_params(struct request *r, int64_t reader, struct thread_page *pg,
                            const char **msg)
{
	struct reply_view *v = &pg->view;
	v->sort = req_query(r, "sort");
	if (!v->sort || !*v->sort)
		v->sort = "best";
	if (strcmp(v->sort, "best") != 0 && strcmp(v->sort, "oldest") != 0 &&
	    strcmp(v->sort, "near") != 0) {
		*msg = "Replies can be sorted by \"best\", \"oldest\" or \"near\".";
		return 400;
	}
	pg->spec_slug = req_query(r, "specialty");
	if (pg->spec_slug && !*pg->spec_slug)
		pg->spec_slug = NULL;
	if (pg->spec_slug && !(v->spec_id = slug_lookup(r->db, SQL_SPECIALTY_BY_SLUG, pg->spec_slug, &pg->spec_name))) {
		*msg = "There is no such specialty to filter replies by.";
		return 404;
	}
	const char *place = req_query(r, "place");
	if (place && *place && !(pg->place = place_json(r->db, place))) {
		json_decref(pg->spec_name);
		*msg = "There is no such place to filter replies by.";
		return 404;
	}
	v->place = pg->place ? json_string_value(json_object_get(pg->place, "code")) : NULL;
	if (strcmp(v->sort, "near") == 0 && reader > 0 && member_place(r->db, reader, v->near) == 0)
		pg->near_place = place_json(r->db, v->near);
	return 0;
}

/* Reads the parameters, the thread, its posts and their tags as `who` sees them. Returns 0,
 * or an HTTP status with *msg set (pg then holds nothing to free). */
static int thread_read(struct request *r, int64_t thread_id, const struct thread_reader *who,
                       struct thread_page *pg, const char **msg)
{
	int bad = read_view_params(r, who->id, pg, msg);
	if (bad)
		return bad;
	int rc = load_thread(r->db, thread_id, who->id, who->moderator, &pg->t);
	if (rc != 0) {
		json_decref(pg->spec_name), json_decref(pg->place), json_decref(pg->near_place);
		*msg = rc > 0 ? "There is no such dilemma. It may have been removed."
		              : MSG_DB;
		return rc > 0 ? 404 : 503;
	}
	pg->tags = post_tags_load(r->db, thread_id);
	struct post_ctx ctx = { who->id, who->moderator, pg->t.own, time(NULL), pg->tags };
	if (pg->tags) {
		pg->dilemma = load_dilemma(r->db, &ctx, thread_id);
		pg->replies = load_replies(r->db, &ctx, thread_id, &pg->view);
		pg->place_counts = thread_place_counts(r->db, thread_id);
		pg->suggested = thread_suggested_words(r->db, thread_id);
		pg->update = load_post_of(r->db, SQL_UPDATE, &ctx, thread_id);
	}
	if (!pg->tags || !pg->dilemma || !pg->replies || !pg->place_counts || !pg->suggested ||
	    !pg->update) {
		thread_page_free(pg);
		*msg = MSG_DB;
		return 503;
	}
	return 0;
}

/* "3 replies", or "No replies yet": of the n others see, or of the shown ones when more (the
 * author's own reply that waits for review is theirs to see, not "no replies"). */
static json_t *replies_heading(int64_t n, size_t shown)
{
	char heading[48];
	if ((int64_t)shown > n)
		n = (int64_t)shown;
	if (n == 0)
		snprintf(heading, sizeof heading, "No replies yet");
	else
		text_count(heading, sizeof heading, n, "reply", "replies");
	return json_string(heading);
}

/* The model's place counts (each with its link and whether it is the filter), the place
 * filter's notice and, when sorting near the reader, whose place comes first (or that the
 * reader has none: member says whether they could set one). Takes pg's place parts. */
static void place_parts(json_t *model, struct thread_page *pg, int64_t thread_id, bool member)
{
	const char *sort = pg->view.sort, *spec = pg->spec_slug, *current = pg->view.place;
	json_t *counts = pg->place_counts, *c;
	size_t i;
	json_array_foreach(counts, i, c) {
		const char *code = json_string_value(json_object_get(c, "code"));
		json_object_set_new_nocheck(c, "url", thread_url(thread_id, sort, spec, code));
		json_object_set_new_nocheck(c, "current", json_boolean(current && strcmp(current, code) == 0));
	}
	json_object_set_new(model, "has_place_counts", json_boolean(json_array_size(counts) > 0));
	json_object_set_new(model, "place_counts", counts);
	json_object_set_new(model, "place_filter", pg->place
	    ? json_pack("{s:o, s:o}", "place", pg->place, "clear_url", thread_url(thread_id, sort, spec, NULL))
	    : json_null());
	json_t *near = json_null();
	if (strcmp(sort, "near") == 0 && pg->near_place)
		near = json_pack("{s:o}", "place", pg->near_place);
	else if (strcmp(sort, "near") == 0)
		near = json_pack("{s:b, s:b}", "unknown", true, "member", member);
	else
		json_decref(pg->near_place);
	json_object_set_new(model, "near", near);
	pg->place_counts = pg->place = pg->near_place = NULL;
}

/* The page's model; takes what pg holds except its tags. A shared model (for any member)
 * has no reply form and no CSRF token: the reader's own are filled in its holes. */
static json_t *thread_model(struct request *r, int64_t thread_id, struct thread_page *pg,
                            const struct reply_form *form, bool shared)
{
	const char *sort = pg->view.sort, *spec_slug = pg->spec_slug, *place = pg->view.place;
	json_t *filter = pg->view.spec_id ? json_pack("{s:s, s:o, s:o}", "slug", spec_slug,
	                                    "name", pg->spec_name,
	                                    "clear_url", thread_url(thread_id, sort, NULL, place))
	                                  : json_null();
	json_t *model = json_pack("{s:O, s:o, s:o, s:o, s:s, s:b, s:b, s:b, s:o, s:o, s:o, s:o, s:o, s:I}",
	    "title", json_object_get(pg->t.model, "title"), "thread", pg->t.model,
	    "dilemma", pg->dilemma, "replies", pg->replies, "sort", sort,
	    "sort_is_best", strcmp(sort, "best") == 0, "sort_is_oldest", strcmp(sort, "oldest") == 0,
	    "sort_is_near", strcmp(sort, "near") == 0,
	    "best_url", thread_url(thread_id, "best", spec_slug, place),
	    "oldest_url", thread_url(thread_id, "oldest", spec_slug, place),
	    "near_url", shared || viewer_id(r) ? thread_url(thread_id, "near", spec_slug, place) : json_null(),
	    "specialty_filter", filter,
	    "specialty_counts", specialty_counts(pg->tags, thread_id, spec_slug, sort, place),
	    "shown", (json_int_t)json_array_size(pg->replies));
	place_parts(model, pg, thread_id, shared || viewer_id(r));
	json_object_set_new(model, "has_suggested_words", json_boolean(json_array_size(pg->suggested) > 0));
	json_object_set_new(model, "suggested_words", pg->suggested);
	json_object_set_new(model, "update", pg->update);
	pg->suggested = pg->update = NULL;
	json_object_set_new(model, "replies_heading",
	                    replies_heading(json_integer_value(json_object_get(pg->t.model, "replies")),
	                                    json_array_size(pg->replies)));
	json_object_set_new(model, "has_counts",
	                    json_boolean(json_array_size(json_object_get(model, "specialty_counts")) > 0));
	if (!shared && viewer_id(r) && !pg->t.locked && !pg->t.held)
		json_object_set_new(model, "reply_form", reply_form_model(r, thread_id, form, NULL));
	else
		json_object_set_new(model, "reply_form", json_null());
	json_object_set_new(model, "csrf", !shared && viewer_id(r) ? json_string(csrf_token(r))
	                                                           : json_null());
	post_tags_free(pg->tags);
	return model;
}

/* Every read of the page shares one read transaction (one snapshot, one round of WAL
 * locking); marking the thread read, a write, comes after it, and only when the mark is
 * behind. */
void thread_render(struct request *r, int64_t thread_id, const struct reply_form *form, int status)
{
	struct thread_page pg = { 0 };
	const char *msg = NULL;
	struct thread_reader who = { viewer_id(r), viewer_is_moderator(r) };
	int opened = db_read_begin(r->db);
	int bad = thread_read(r, thread_id, &who, &pg, &msg);
	json_t *model = bad ? NULL : thread_model(r, thread_id, &pg, form, false);
	if (model)
		moderation_thread_extras(r->db, thread_id, model, who.id != 0, who.id, who.moderator);
	bool mark = model && who.id && status == 200 && thread_read_mark_due(r->db, who.id, thread_id);
	db_read_end(r->db, opened);
	if (bad) {
		respond_error(r, bad, msg);
		return;
	}
	if (mark)
		thread_mark_read(r->db, who.id, thread_id);
	respond_page(r, status, "thread", model);
}

json_t *thread_shared_model(struct request *r, int64_t thread_id, bool *locked)
{
	struct thread_page pg = { 0 };
	const char *msg = NULL;
	struct thread_reader who = { THREAD_ANY_MEMBER, false };
	if (thread_read(r, thread_id, &who, &pg, &msg) != 0)
		return NULL;
	*locked = pg.t.locked;
	json_t *model = thread_model(r, thread_id, &pg, NULL, true);
	if (model)
		moderation_thread_extras(r->db, thread_id, model, true, 0, false);
	return model;
}

json_t *thread_reply_form(struct request *r, int64_t thread_id, const struct thread_follow *fw)
{
	return reply_form_model(r, thread_id, NULL, fw);
}
