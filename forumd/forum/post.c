/* post.c: the forms for new dilemmas and replies (GET /new, POST /new, POST /d/:id/reply):
 * their checks, and their writes, which run inside the posting pipeline (posting.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "alias.h"
#include "authorship.h"
#include "db.h"
#include "draft.h"
#include "drafts.h"
#include "forum_handlers.h"
#include "limits.h"
#include "mem.h"
#include "places.h"
#include "postcheck.h"
#include "postwrite.h"
#include "posting.h"
#include "postview.h"
#include "prompts.h"
#include "session.h"
#include "text.h"
#include "thread.h"
#include "visibility.h"

static const char SQL_TOPIC_ID[] = "SELECT id FROM topics WHERE slug = ?1";
static const char SQL_SPECIALTY_ID[] = "SELECT id FROM specialties WHERE slug = ?1";
static const char SQL_TOPICS_ALL[] = "SELECT slug, name, description FROM topics ORDER BY sort";
static const char SQL_SPECIALTIES_ALL[] = "SELECT slug, name FROM specialties ORDER BY sort";
static const char SQL_INSERT_THREAD[] =
	"INSERT INTO threads (title, member_id, anonymous, specialty_id, created_at, last_activity_at,"
	"                     place)"
	" VALUES (?1, CASE WHEN ?3 THEN NULL ELSE ?2 END, ?3, ?4, ?5, ?5, ?6)";
static const char SQL_INSERT_TOPIC[] =
	"INSERT OR IGNORE INTO thread_topics (thread_id, topic_id) VALUES (?1, ?2)";
/* ?11, ?12 and ?13: an anonymous post's shown credential ('' none), whether it shows any
 * tag, and its shown place ('' none) (sharedtags.h); a named post takes the member's
 * credentials, and their place when it shows its tags. by_op: a reply by the thread's author
 * under the same face, fixed now (migration 0009). */
static const char SQL_INSERT_POST[] =
	"INSERT INTO posts (thread_id, member_id, author_tag, author_seal, kind, anonymous, anon_alias,"
	"                   credentials, show_tags, body_md, body_html, created_at, quote_post_id, by_op,"
	"                   place)"
	" SELECT ?1, " AUTHORSHIP_VALUES("?2", "?1", "?4") ", ?3, ?4, ?5,"
	"        CASE WHEN ?4 THEN ?11 ELSE m.credentials END, CASE WHEN ?4 THEN ?12 ELSE ?6 END,"
	"        ?7, ?8, ?9, ?10,"
	"        ?3 = 'reply' AND EXISTS (SELECT 1 FROM threads t WHERE t.id = ?1 AND t.anonymous = ?4"
	"                                 AND " THREAD_BY("t", "?2") "),"
	"        CASE WHEN ?4 THEN nullif(?13, '') WHEN ?6 THEN m.place END"
	"   FROM members m WHERE m.id = ?2";
static const char SQL_INSERT_POST_TAG[] =
	"INSERT OR IGNORE INTO post_specialties (post_id, specialty_id, position)"
	" SELECT ?1, specialty_id, ?3 FROM member_specialties ms JOIN specialties s"
	"     ON s.id = ms.specialty_id WHERE ms.member_id = ?2 AND s.slug = ?4";
/* a named dilemma's byline, like a reply's: the author's first three specialties, in their
 * order (a snapshot: later profile changes do not rewrite it) */
static const char SQL_DILEMMA_TAGS[] =
	"INSERT INTO post_specialties (post_id, specialty_id, position)"
	" SELECT ?1, specialty_id, position FROM member_specialties"
	"  WHERE member_id = ?2 AND position <= 3";
static const char SQL_BUMP_THREAD[] =
	"UPDATE threads SET reply_count = reply_count + 1, last_activity_at = ?2 WHERE id = ?1";
static const char SQL_THREAD_OPEN[] =
	"SELECT t.locked FROM threads t WHERE t.id = ?1 AND " VIS_THREAD_LISTED("t");
static const char SQL_MEMBER_TAG_SLUGS[] =
	"SELECT s.slug FROM member_specialties ms JOIN specialties s ON s.id = ms.specialty_id"
	" WHERE ms.member_id = ?1 ORDER BY ms.position";
static const char SQL_MEMBER_SHOW_TAGS[] = "SELECT show_tags FROM members WHERE id = ?1";

/* ================================================================ input checks */

/* Every value of a repeated form field, as a JSON array of strings. */
static json_t *form_values(struct request *r, const char *key)
{
	json_t *list = json_array();
	struct evkeyval *kv;
	for (kv = r->form.tqh_first; kv; kv = kv->next.tqe_next)
		if (strcmp(kv->key, key) == 0 && *kv->value)
			json_array_append_new(list, json_string(kv->value));
	return list;
}

static bool form_flag(struct request *r, const char *key)
{
	const char *v = req_form(r, key);
	return v && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0 || strcmp(v, "true") == 0);
}

static int64_t id_by_slug(struct db *db, const char *sql, const char *slug)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || !text_is_clean(slug, strlen(slug), false))
		return 0;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

/* ================================================================ new dilemma */

/* A new dilemma's checked form, besides its title and text (which the submission holds). */
struct dilemma_input {
	int64_t topics[TOPICS_MAX];
	int ntopics;
	int64_t specialty;
	char place[PLACE_CODE_MAX + 1];  /* where it happened, "" not said */
	bool anonymous;
	bool show_tags;
	struct shared_tags anon_tags;  /* what the post shows when anonymous */
	char *md;                      /* composed: the text, then each answered prompt */
};

static void dilemma_input_free(void *arg)
{
	struct dilemma_input *in = arg;
	if (in)
		free(in->md);
	free(in);
}

/* The new-dilemma form, with what the person typed and what is wrong. */
static json_t *dilemma_form_model(struct request *r, json_t *errors, const char *message)
{
	/* a fresh form shows the member's draft, if they saved one */
	json_t *draft = r->method != EVHTTP_REQ_POST ? draft_for(r, 0) : NULL;
	json_t *chosen = draft ? draft_values(draft, "topic") : form_values(r, "topic");
	json_t *topics = json_array(), *specs = json_array();
	const char *spec = draft ? draft_value(draft, "specialty") : req_form(r, "specialty");
	/* "Post a dilemma here" from a topic's or a setting's page: ?topic=, ?specialty= */
	if (json_array_size(chosen) == 0 && req_query(r, "topic"))
		json_array_append_new(chosen, json_string(req_query(r, "topic")));
	if (!spec)
		spec = req_query(r, "specialty");
	sqlite3_stmt *st = db_stmt(r->db, SQL_TOPICS_ALL);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *slug = (const char *)sqlite3_column_text(st, 0);
		bool checked = false;
		size_t i;
		json_t *v;
		json_array_foreach(chosen, i, v)
			checked |= strcmp(json_string_value(v), slug) == 0;
		json_array_append_new(topics, json_pack("{s:s, s:s, s:s, s:b}", "slug", slug,
		    "name", (const char *)sqlite3_column_text(st, 1),
		    "description", (const char *)sqlite3_column_text(st, 2), "checked", checked));
	}
	if (st)
		sqlite3_reset(st);
	st = db_stmt(r->db, SQL_SPECIALTIES_ALL);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *slug = (const char *)sqlite3_column_text(st, 0);
		json_array_append_new(specs, json_pack("{s:s, s:s, s:b}", "slug", slug,
		    "name", (const char *)sqlite3_column_text(st, 1),
		    "selected", spec && strcmp(spec, slug) == 0));
	}
	if (st)
		sqlite3_reset(st);
	json_decref(chosen);
	const char *title = draft ? draft_value(draft, "title") : req_form(r, "title"),
	           *body = draft ? draft_value(draft, "body") : req_form(r, "body");
	bool show_tags = draft ? draft_flag(draft, "show_tags") : form_flag(r, "show_tags");
	if (!draft && r->method != EVHTTP_REQ_POST && (st = db_stmt(r->db, SQL_MEMBER_SHOW_TAGS))) {
		sqlite3_bind_int64(st, 1, viewer_id(r));
		show_tags = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
		sqlite3_reset(st);
	}
	const char *prompt_values[DILEMMA_PROMPTS];
	for (int i = 0; i < DILEMMA_PROMPTS; i++)
		prompt_values[i] = draft ? draft_value(draft, dilemma_prompts[i].field)
		                         : req_form(r, dilemma_prompts[i].field);
	json_t *m = json_pack("{s:s, s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:s?, s:i, s:i, s:i}",
	    "title", "Post a dilemma", "csrf", csrf_token(r),
	    "form_title", kept_text(title), "form_body", kept_text(body),
	    "anonymous", draft ? draft_flag(draft, "anonymous") : form_flag(r, "anonymous"),
	    "topics", topics, "specialties", specs,
	    "places", place_options(r->db, draft ? draft_value(draft, "place") : req_form(r, "place")),
	    "errors", errors ? errors : json_object(), "message", message,
	    "title_min", TITLE_MIN_CHARS, "title_max", TITLE_MAX_CHARS, "body_min", DILEMMA_MIN_CHARS);
	json_object_set_new(m, "show_tags", json_boolean(show_tags));
	json_object_set_new(m, "prompts", prompts_model(prompt_values, json_object_get(m, "errors")));
	json_object_set_new(m, "anon_tags", posting_anon_tag_choices(r, viewer_id(r), false,
	    draft ? draft_value(draft, "anon_tags") : req_form(r, "anon_tags")));
	json_object_set_new(m, "form_id", json_string("d"));  /* partials/anon_tags.html */
	if (draft)
		json_object_set_new(m, "draft", draft_notice(r, draft, "new"));
	json_decref(draft);
	return m;
}

/* GET /new: the form for a new dilemma. */
void dilemma_new(struct request *r)
{
	respond_page(r, 200, "dilemma_form", dilemma_form_model(r, NULL, NULL));
}

/* Validates the new-dilemma form into in. Returns an errors object (empty when fine). */
static json_t *read_dilemma(struct request *r, struct dilemma_input *in)
{
	json_t *errors = json_object();
	char buf[200];
	const char *e;
	bool nul = form_has_nul(r);
	const char *title = req_form(r, "title"), *prompts[DILEMMA_PROMPTS];
	if ((e = check_text(title, false, TITLE_MIN_CHARS, TITLE_MAX_CHARS, "title", buf, sizeof buf)))
		json_object_set_new(errors, "title", json_string(e));
	for (int i = 0; i < DILEMMA_PROMPTS; i++)
		prompts[i] = req_form(r, dilemma_prompts[i].field);
	in->md = prompts_compose(req_form(r, "body"), prompts, DILEMMA_MIN_CHARS, POST_MAX_CHARS,
	                         errors);
	if (nul)   /* the form parser cannot say which field held it */
		json_object_set_new(errors, "body", json_string(MSG_TEXT_NUL_PROMPTS));
	json_t *topics = form_values(r, "topic");
	size_t i;
	json_t *v;
	in->ntopics = 0;
	json_array_foreach(topics, i, v) {
		int64_t id = id_by_slug(r->db, SQL_TOPIC_ID, json_string_value(v));
		if (!id) {
			json_object_set_new(errors, "topics", json_string("One of the chosen topics does not exist."));
			break;
		}
		bool dup = false;
		for (int k = 0; k < in->ntopics; k++)
			dup |= in->topics[k] == id;
		if (!dup && in->ntopics == TOPICS_MAX) {
			json_object_set_new(errors, "topics", json_string("Choose at most " LIMIT_TEXT(TOPICS_MAX) " topics."));
			break;
		}
		if (!dup)
			in->topics[in->ntopics++] = id;
	}
	json_decref(topics);
	if (in->ntopics < TOPICS_MIN && !json_object_get(errors, "topics"))
		json_object_set_new(errors, "topics", json_string("Choose " LIMIT_TEXT(TOPICS_MIN) " to " LIMIT_TEXT(TOPICS_MAX) " topics."));
	const char *spec = req_form(r, "specialty");
	in->specialty = 0;
	if (spec && *spec && !(in->specialty = id_by_slug(r->db, SQL_SPECIALTY_ID, spec)))
		json_object_set_new(errors, "specialty", json_string("That specialty or setting does not exist."));
	const char *place = req_form(r, "place");
	in->place[0] = '\0';
	if (place && *place && place_known(r->db, place) != 1)
		json_object_set_new(errors, "place", json_string("Choose where it happened from the list."));
	else if (place)
		snprintf(in->place, sizeof in->place, "%s", place);
	in->anonymous = form_flag(r, "anonymous");
	in->show_tags = form_flag(r, "show_tags");
	if (in->anonymous && (e = posting_anonymous_refusal(r, viewer_id(r))))
		json_object_set_new(errors, "anonymous", json_string(e));
	if (in->anonymous && (e = posting_anon_tags_refusal(r, viewer_id(r), false,
	                                                    req_form(r, "anon_tags"), &in->anon_tags)))
		json_object_set_new(errors, "anon_tags", json_string(e));
	return errors;
}

/* postwrite.h */
int64_t insert_post(struct db *db, int64_t thread, int64_t member, const char *kind,
                    const struct post_face *face, const char *md, const char *html,
                    int64_t quote)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT_POST);
	if (!st)
		return 0;
	const struct shared_tags *anon = face->anon_tags;
	sqlite3_bind_int64(st, 1, thread);
	sqlite3_bind_int64(st, 2, member);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, face->alias != NULL);
	if (face->alias)
		sqlite3_bind_text(st, 5, face->alias, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, face->show_tags);
	sqlite3_bind_text(st, 7, md, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, html, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 9, (int64_t)time(NULL));
	if (quote)
		sqlite3_bind_int64(st, 10, quote);
	sqlite3_bind_text(st, 11, anon ? anon->credential : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 12, anon && (anon->credential[0] || anon->specialty_id || anon->place[0]));
	sqlite3_bind_text(st, 13, anon ? anon->place : "", -1, SQLITE_STATIC);
	if (db_step_done(st) != SQLITE_DONE || sqlite3_changes(db_handle(db)) != 1)
		return 0;
	int64_t post = sqlite3_last_insert_rowid(db_handle(db));
	return !face->alias || alias_ledger_add(db, member, thread) == 0 ? post : 0;
}

/* Writes the thread, its topics and its opening post (the pipeline's write_new). */
static int write_dilemma(struct request *r, struct submission *s, const char *html)
{
	const struct dilemma_input *in = s->input;
	struct db *db = r->db;
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT_THREAD);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, s->title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, s->author);
	sqlite3_bind_int(st, 3, in->anonymous);
	if (in->specialty)
		sqlite3_bind_int64(st, 4, in->specialty);
	sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
	if (in->place[0])
		sqlite3_bind_text(st, 6, in->place, -1, SQLITE_STATIC);
	if (db_step_done(st) != SQLITE_DONE)
		return -1;
	int64_t thread = s->thread_id = sqlite3_last_insert_rowid(db_handle(db));
	if (in->anonymous && alias_seal_thread(db, thread, s->author) != 0)
		return -1;
	for (int i = 0; i < in->ntopics; i++) {
		if (!(st = db_stmt(db, SQL_INSERT_TOPIC)))
			return -1;
		sqlite3_bind_int64(st, 1, thread);
		sqlite3_bind_int64(st, 2, in->topics[i]);
		if (db_step_done(st) != SQLITE_DONE)
			return -1;
	}
	const char *alias = in->anonymous ? alias_for(db, s->author, thread) : NULL;
	if (in->anonymous && !alias)
		return -1;
	struct post_face face = { alias, in->show_tags, &in->anon_tags };
	s->post_id = insert_post(db, thread, s->author, "dilemma", &face, s->md, html, 0);
	if (!s->post_id || draft_delete(db, s->author, 0) != 0)
		return -1;
	if (in->anonymous || !in->show_tags)
		return 0;
	if (!(st = db_stmt(db, SQL_DILEMMA_TAGS)))
		return -1;
	sqlite3_bind_int64(st, 1, s->post_id);
	sqlite3_bind_int64(st, 2, s->author);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

static void dilemma_refused(struct request *r, struct submission *s, int status, const char *message)
{
	json_t *model = dilemma_form_model(r, NULL, message);
	if (s->preview)
		json_object_set(model, "preview", s->preview);
	respond_page(r, status, "dilemma_form", model);
}

static void dilemma_done(struct request *r, struct submission *s)
{
	char url[40];
	snprintf(url, sizeof url, "/d/%" PRId64, s->thread_id);
	respond_redirect(r, url);
}

static const struct submission_ops dilemma_ops = {
	write_dilemma, dilemma_refused, dilemma_done, dilemma_input_free,
};

/* POST /new  title, body, happened, said, asking (the optional prompts: prompts.h), topic
 *            (1-3, repeated), specialty (optional slug), place (optional code: where it
 *            happened), anonymous, show_tags, csrf;
 *            draft=1 ("Save draft") keeps them as the member's draft */
void dilemma_create(struct request *r)
{
	if (draft_asked(r)) {
		static const char *const keys[] = {"title", "body", "happened", "said", "asking", "topic",
		                                   "specialty", "place", "anonymous", "show_tags", "anon_tags",
		                                   NULL};
		const char *msg = NULL;
		int status = draft_keep(r, 0, keys, &msg);
		if (status)
			respond_page(r, status, "dilemma_form", dilemma_form_model(r, NULL, msg));
		else
			respond_redirect(r, "/new?draft=saved#draft");
		return;
	}
	struct dilemma_input *in = xcalloc(1, sizeof *in);
	json_t *errors = read_dilemma(r, in);
	if (json_object_size(errors)) {
		dilemma_input_free(in);
		respond_page(r, 400, "dilemma_form", dilemma_form_model(r, errors,
		           "The dilemma was not posted. Please fix the problems marked below."));
		return;
	}
	json_decref(errors);
	struct submission *s = submission_new(POST_NEW_DILEMMA, &dilemma_ops, in, viewer_id(r),
	                                      req_form(r, "title"), in->md);
	s->folded = dilemma_prompt_fields;
	post_submit(r, s);
}

/* ================================================================ replies */

struct reply_input {
	int64_t member, thread, quote;
	char *md;                 /* composed: quote block + body */
	bool anonymous, show_tags;
	json_t *tags;             /* chosen slugs, validated against the profile */
	json_t *scripts;          /* words you could say: checked strings (maybe none) */
	struct shared_tags anon_tags;  /* what the reply shows when anonymous */
};

static json_t *member_tag_slugs(struct db *db, int64_t member)
{
	json_t *list = json_array();
	sqlite3_stmt *st = db_stmt(db, SQL_MEMBER_TAG_SLUGS);
	if (st)
		sqlite3_bind_int64(st, 1, member);
	while (st && sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(list, json_string((const char *)sqlite3_column_text(st, 0)));
	if (st)
		sqlite3_reset(st);
	return list;
}

static bool in_list(const json_t *list, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
		if (strcmp(json_string_value(v), s) == 0)
			return true;
	return false;
}

/* Checks the chosen specialties: 1-3 of the member's own; none sent: their first three. */
static const char *check_tags(struct request *r, int64_t me, json_t **chosen)
{
	json_t *own = member_tag_slugs(r->db, me);
	*chosen = form_values(r, "specialty");
	const char *e = NULL;
	if (json_array_size(*chosen) == 0 && !req_form(r, "specialties_shown")) {
		while (json_array_size(own) > REPLY_SPECIALTIES_MAX)
			json_array_remove(own, json_array_size(own) - 1);
		json_decref(*chosen);
		*chosen = json_incref(own);
	}
	size_t i;
	json_t *v;
	json_array_foreach(*chosen, i, v)
		if (!in_list(own, json_string_value(v)))
			e = "Choose specialties from your own profile.";
	if (!e && json_array_size(own) && (json_array_size(*chosen) < 1 ||
	                                   json_array_size(*chosen) > REPLY_SPECIALTIES_MAX))
		e = "Choose 1 to " LIMIT_TEXT(REPLY_SPECIALTIES_MAX) " of your specialties that inform this reply.";
	json_decref(own);
	return e;
}

/* Builds "> passage\n> ...\n>\n> [— from NAME's post](/d/T#pID)\n\n" + body. */
static char *compose_reply(const char *quote, const char *name, int64_t thread, int64_t qid,
                           const char *body)
{
	struct evbuffer *b = evbuffer_new();
	if (quote && *quote) {
		const char *p = quote;
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			if (n && p[n - 1] == '\r')
				n--;
			evbuffer_add(b, "> ", 2);
			evbuffer_add(b, p, n);
			evbuffer_add(b, "\n", 1);
			p = nl ? nl + 1 : p + strlen(p);
		}
		evbuffer_add_printf(b, ">\n> [— from %s's post](/d/%" PRId64 "#p%" PRId64 ")\n\n",
		                    name, thread, qid);
	}
	evbuffer_add(b, body, strlen(body));
	size_t len = evbuffer_get_length(b);
	char *s = xstrndup((const char *)evbuffer_pullup(b, -1), len);
	evbuffer_free(b);
	return s;
}

/* Reads and validates the reply form. Fills f for re-showing; returns the errors count. */
static size_t read_reply(struct request *r, struct reply_input *in, struct reply_form *f)
{
	char buf[200], name[96];
	const char *e;
	f->body = req_form(r, "body");
	f->quote_text = req_form(r, "quote_text");
	f->anonymous = in->anonymous = form_flag(r, "anonymous");
	f->show_tags = in->show_tags = form_flag(r, "show_tags");
	f->show_tags_set = true;
	f->errors = json_object();
	if ((e = check_text(f->body, true, REPLY_MIN_CHARS, POST_MAX_CHARS, "reply", buf, sizeof buf)))
		json_object_set_new(f->errors, "body", json_string(e));
	if (form_has_nul(r))
		json_object_set_new(f->errors, "body", json_string(MSG_TEXT_NUL));
	const char *qs = req_form(r, "quote_post");
	if (qs && *qs && f->quote_text && *f->quote_text) {
		if (parse_id(qs, &f->quote_post) != 0 ||
		    post_author_name(r->db, f->quote_post, in->thread, name, sizeof name) != 0)
			json_object_set_new(f->errors, "quote", json_string("The post you quoted is not in this thread."));
		else if ((e = check_text(f->quote_text, true, 1, POST_MAX_CHARS, "quoted passage", buf, sizeof buf)))
			json_object_set_new(f->errors, "quote", json_string(e));
	} else if (qs && *qs) {
		parse_id(qs, &f->quote_post);
	}
	if ((e = check_scripts(r, &in->scripts, buf, sizeof buf)))
		json_object_set_new(f->errors, "scripts", json_string(e));
	f->scripts = in->scripts;
	if ((e = check_tags(r, in->member, &in->tags)))
		json_object_set_new(f->errors, "specialty", json_string(e));
	if (in->anonymous && (e = posting_anonymous_refusal(r, in->member)))
		json_object_set_new(f->errors, "anonymous", json_string(e));
	f->anon_tags = req_form(r, "anon_tags");
	if (in->anonymous && (e = posting_anon_tags_refusal(r, in->member, true, f->anon_tags,
	                                                    &in->anon_tags)))
		json_object_set_new(f->errors, "anon_tags", json_string(e));
	f->chosen = in->tags;
	if (json_object_size(f->errors) == 0) {
		bool quoting = f->quote_text && *f->quote_text && f->quote_post;
		in->quote = quoting ? f->quote_post : 0;
		in->md = compose_reply(quoting ? f->quote_text : NULL, name, in->thread, in->quote, f->body);
		size_t n = text_chars(in->md, strlen(in->md));
		if (n > POST_MAX_CHARS) {
			snprintf(buf, sizeof buf, "The reply with its quote must be at most %d characters; it is %zu.",
			         POST_MAX_CHARS, n);
			json_object_set_new(f->errors, "body", json_string(buf));
		}
	}
	return json_object_size(f->errors);
}

static void reply_input_free(void *arg)
{
	struct reply_input *in = arg;
	json_decref(in->tags);
	json_decref(in->scripts);
	free(in->md);
	free(in);
}

static int insert_post_tag(struct db *db, int64_t post, int64_t member, int position,
                           const char *slug)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INSERT_POST_TAG);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post);
	sqlite3_bind_int64(st, 2, member);
	sqlite3_bind_int(st, 3, position);
	sqlite3_bind_text(st, 4, slug, -1, SQLITE_STATIC);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

/* A reply's specialty tags: the chosen ones of a named reply, or the one shared specialty an
 * anonymous reply shows (if any). Returns 0 or -1. */
static int write_reply_tags(struct db *db, const struct reply_input *in, int64_t member,
                            int64_t post)
{
	if (in->anonymous)
		return in->anon_tags.specialty_slug[0]
		       ? insert_post_tag(db, post, member, 1, in->anon_tags.specialty_slug) : 0;
	size_t i;
	json_t *v;
	json_array_foreach(in->tags, i, v)
		if (insert_post_tag(db, post, member, (int)i + 1, json_string_value(v)) != 0)
			return -1;
	return 0;
}

/* Writes the reply, its specialty tags and the thread's counters (the pipeline's write_new). */
static int write_reply(struct request *r, struct submission *s, const char *html)
{
	const struct reply_input *in = s->input;
	struct db *db = r->db;
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD_OPEN);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, in->thread);
	int open = sqlite3_step(st) == SQLITE_ROW && !sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (!open)
		return -1;
	const char *alias = in->anonymous ? alias_for(db, s->author, in->thread) : NULL;
	if (in->anonymous && !alias)
		return -1;
	struct post_face face = { alias, in->show_tags, &in->anon_tags };
	int64_t post = s->post_id = insert_post(db, in->thread, s->author, "reply", &face, s->md,
	                                        html, in->quote);
	if (!post || write_reply_tags(db, in, s->author, post) != 0 ||
	    draft_delete(db, s->author, in->thread) != 0)
		return -1;
	if (!(st = db_stmt(db, SQL_BUMP_THREAD)))
		return -1;
	sqlite3_bind_int64(st, 1, in->thread);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

/* The thread page again with the reply form as the person left it, and message. */
static void reply_refused(struct request *r, struct submission *s, int status, const char *message)
{
	const struct reply_input *in = s->input;
	struct reply_form f = { .body = req_form(r, "body"), .quote_text = req_form(r, "quote_text"),
	                        .quote_post = in->quote, .anonymous = in->anonymous,
	                        .show_tags = in->show_tags, .show_tags_set = true,
	                        .chosen = in->tags, .anon_tags = req_form(r, "anon_tags"),
	                        .scripts = in->scripts, .message = message, .preview = s->preview };
	thread_render(r, in->thread, &f, status);
}

static const struct submission_ops reply_ops = {
	write_reply, reply_refused, submission_show_post, reply_input_free,
};

/* The 404 for a reply to a missing thread: the error page, with the person's text kept. */
static void reply_missing(struct request *r)
{
	static const char msg[] = "There is no such dilemma to reply to.";
	const char *body = req_form(r, "body");
	json_t *kept = body && *body && !form_has_nul(r) ? json_string(body) : NULL;
	if (r->want_json || !kept) {
		json_decref(kept);
		respond_error(r, 404, msg);
		return;
	}
	json_t *model = json_pack("{s:s, s:i, s:s}", "title", "Page not found", "status", 404,
	                          "message", msg);
	json_object_set_new(model, "kept", kept);
	respond_page(r, 404, "error", model);
}

/* "Save draft" on the reply form: the thread's page with the draft in its form (the account
 * page for a thread locked meanwhile), or the form as it was with why nothing was saved. */
static void reply_draft(struct request *r, int64_t thread, bool locked)
{
	static const char *const keys[] = {"body", "quote_post", "quote_text", "anonymous",
	                                   "show_tags", "anon_tags", "specialty", "specialties_shown",
	                                   "script", NULL};
	const char *msg = NULL;
	int status = draft_keep(r, thread, keys, &msg);
	if (status == 0) {   /* a locked thread has no form to hold it: the account page lists it */
		char url[64];
		snprintf(url, sizeof url, "/d/%" PRId64 "?draft=saved#reply", thread);
		respond_redirect(r, locked ? "/account/sessions?draft=saved#drafts" : url);
		return;
	}
	int64_t quote = 0;
	const char *qs = req_form(r, "quote_post");
	if (qs)
		parse_id(qs, &quote);
	json_t *chosen = form_values(r, "specialty"), *scripts = form_values(r, "script");
	struct reply_form f = { .body = req_form(r, "body"), .quote_text = req_form(r, "quote_text"),
	                        .quote_post = quote, .anonymous = form_flag(r, "anonymous"),
	                        .show_tags = form_flag(r, "show_tags"), .show_tags_set = true,
	                        .chosen = req_form(r, "specialties_shown") ? chosen : NULL,
	                        .anon_tags = req_form(r, "anon_tags"), .scripts = scripts,
	                        .message = msg };
	thread_render(r, thread, &f, status);
	json_decref(chosen);
	json_decref(scripts);
}

/* POST /d/:id/reply  body, quote_post, quote_text, anonymous, show_tags,
 *                    specialty (repeated slugs), specialties_shown, script (0-3 words you
 *                    could say), csrf; draft=1 keeps
 *                    them as the member's draft for the thread */
void reply_create(struct request *r)
{
	int64_t thread;
	if (parse_id(r->params[0], &thread) != 0) {
		reply_missing(r);
		return;
	}
	int64_t me = viewer_id(r);
	sqlite3_stmt *st = db_stmt(r->db, SQL_THREAD_OPEN);
	if (st)
		sqlite3_bind_int64(st, 1, thread);
	int found = st ? sqlite3_step(st) : SQLITE_ERROR;
	int locked = found == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	if (st)
		sqlite3_reset(st);
	if (found == SQLITE_DONE) {
		reply_missing(r);
		return;
	}
	if (found == SQLITE_ROW && draft_asked(r)) {   /* kept even when the thread was locked */
		reply_draft(r, thread, locked);
		return;
	}
	if (found != SQLITE_ROW || locked) {
		respond_error(r, found == SQLITE_ROW ? 403 : 503,
		            found == SQLITE_ROW ? "This dilemma is locked: it takes no more replies." : MSG_DB);
		return;
	}
	struct reply_input *in = xcalloc(1, sizeof *in);
	in->member = me;
	in->thread = thread;
	struct reply_form f = { 0 };
	if (read_reply(r, in, &f)) {
		f.message = "The reply was not posted. Please fix the problems marked below.";
		thread_render(r, thread, &f, 400);
		json_decref(f.errors);
		reply_input_free(in);
		return;
	}
	json_decref(f.errors);
	struct submission *sub = submission_new(POST_NEW_REPLY, &reply_ops, in, me, NULL, in->md);
	sub->thread_id = thread;
	sub->scripts = json_incref(in->scripts);
	post_submit(r, sub);
}
