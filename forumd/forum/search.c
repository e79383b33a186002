/* search.c: GET /search: one result per thread from FTS5 over titles, bodies and scripts,
 * or scripts alone (the
 * index: store/searchindex.c), filters by topic, specialty, moderator pick and date, plain
 * text snippets, run on the read pool (store/readpool.h) so a slow search never holds up a
 * worker. */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "ftsq.h"
#include "forum_handlers.h"
#include "html.h"
#include "limits.h"
#include "mem.h"
#include "postview.h"
#include "readpool.h"
#include "slugs.h"
#include "snippet.h"
#include "text.h"
#include "timefmt.h"
#include "visibility.h"

/* Bounded work per query, whatever the number of matches (docs/PERFORMANCE.md): the newest
 * SEARCH_CANDIDATES matching posts (an FTS5 walk by rowid, newest first, that stops there;
 * the filters are facets in the same match, and a date range a rowid range, so FTS5 skips
 * to what they allow), grouped by thread: one result per thread, its best post (title hit,
 * then moderator pick, the asker's mark, helpful marks, then newest), with the number of
 * matching posts among the candidates. Sorted by that score ("relevance") or by the
 * thread's newest match ("newest"). FTS5's bm25() is not used: it counts every row holding
 * each word (40 ms for a word in most posts at a million posts).
 * The title hits are looked for among the candidates' ids only, so a word rare in titles
 * does not walk its whole list, and without the facets (the candidates have them).
 * ?1 match, ?2 the match confined to titles, ?3 and ?4 the lowest and highest post id,
 * ?5 candidates, ?6 1 for newest first, ?7 limit, ?8 offset */
static const char SQL_SEARCH[] =
	"WITH cand(id) AS MATERIALIZED (SELECT rowid FROM search_fts WHERE search_fts MATCH ?1"
	"                               AND rowid BETWEEN ?3 AND ?4 ORDER BY rowid DESC LIMIT ?5),"
	" titled(id) AS MATERIALIZED (SELECT rowid FROM search_fts WHERE search_fts MATCH ?2"
	"                             AND rowid BETWEEN (SELECT coalesce(min(id), 0) FROM cand) AND ?4"
	"                             ORDER BY rowid DESC LIMIT ?5),"
	" hits AS (SELECT p.id, p.thread_id, (p.id IN titled) * 16 + p.mod_pick * 8 + p.op_marked * 4"
	"                 + min(p.helpful_count, 3) AS score"
	"   FROM cand CROSS JOIN posts p ON p.id = cand.id JOIN threads t ON t.id = p.thread_id"
	"  WHERE " VIS_POST_LISTED("p") " AND " VIS_THREAD_LISTED("t") "),"
	" best AS (SELECT id, score, count(*) OVER w AS n, max(id) OVER w AS newest,"
	"                 row_number() OVER (PARTITION BY thread_id ORDER BY score DESC, id DESC) AS r"
	"            FROM hits WINDOW w AS (PARTITION BY thread_id))"
	"SELECT p.id, p.thread_id, t.title, p.kind, p.anonymous, p.anon_alias, m.handle, b.n"
	"  FROM best b JOIN posts p ON p.id = b.id JOIN threads t ON t.id = p.thread_id"
	"  LEFT JOIN members m ON m.id = p.member_id"
	" WHERE b.r = 1"
	" ORDER BY CASE WHEN ?6 THEN 0 ELSE b.score END DESC, b.newest DESC LIMIT ?7 OFFSET ?8";
/* A result's text, for its snippet (snippet.h): a lookup by rowid, no MATCH. */
static const char SQL_TEXT[] = "SELECT title, body, scripts FROM search_fts WHERE rowid = ?1";
static const char SQL_TOPIC_ID[] = "SELECT id FROM topics WHERE slug = ?1";
static const char SQL_SPECIALTY_ID[] = "SELECT id FROM specialties WHERE slug = ?1";
static const char SQL_TOPIC_LIST[] = "SELECT slug, name FROM topics ORDER BY sort";
static const char SQL_SPECIALTY_LIST[] = "SELECT slug, name FROM specialties ORDER BY sort";
/* The first post (by id, which follows time) written at or after ?1, and the last one. */
static const char SQL_POST_AT[] = "SELECT created_at FROM posts WHERE id >= ?1 ORDER BY id LIMIT 1";
static const char SQL_POST_LAST[] = "SELECT coalesce(max(id), 0) FROM posts";

#define SEARCH_MAX_PAGE 50

/* The snippet, HTML-escaped, with FTS5's \1 \2 markers turned into <mark> elements. */
static json_t *snippet_html(const char *s)
{
	struct evbuffer *b = evbuffer_new();
	const char *p = s ? s : "";
	while (*p) {
		size_t n = strcspn(p, "\x01\x02");
		html_escape(b, p, n);
		p += n;
		if (*p == '\x01')
			evbuffer_add(b, "<mark>", 6);
		else if (*p == '\x02')
			evbuffer_add(b, "</mark>", 7);
		if (*p)
			p++;
	}
	json_t *j = json_stringn((const char *)evbuffer_pullup(b, -1), evbuffer_get_length(b));
	evbuffer_free(b);
	return j;
}

static json_t *plain_snippet(const char *s)
{
	char *copy = xstrdup(s ? s : "");
	char *o = copy;
	for (const char *p = copy; *p; p++)
		if (*p != '\x01' && *p != '\x02')
			*o++ = *p;
	*o = '\0';
	json_t *j = json_string(copy);
	free(copy);
	return j;
}

/* Returns the id for a filter slug: 0 when absent, -1 when unknown. */
static int64_t filter_id(struct db *db, const char *sql, const char *slug)
{
	if (!slug || !*slug)
		return 0;
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st || !text_is_clean(slug, strlen(slug), false))
		return -1;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	int64_t id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return id;
}

/* The passage of post id that shows the words, with \1 \2 around each: from its text,
 * else its title (a dilemma found by its title), else its scripts, else the start of its
 * text; from its scripts first (and their start) when the search was of scripts only. */
static char *post_snippet(struct db *db, int64_t id, char *const *words, int nwords,
                          bool scripts_only)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TEXT);
	char *out = NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *title = (const char *)sqlite3_column_text(st, 0);
			const char *body = (const char *)sqlite3_column_text(st, 1);
			const char *scripts = (const char *)sqlite3_column_text(st, 2);
			if (scripts_only && !(out = snippet_make(scripts, words, nwords)))
				out = snippet_start(scripts);
			if (!out && !(out = snippet_make(body, words, nwords)) &&
			    !(out = snippet_make(title, words, nwords)) &&
			    !(out = snippet_make(scripts, words, nwords)))
				out = snippet_start(body);
		}
		sqlite3_reset(st);
	}
	return out ? out : xstrdup("");
}

static json_t *result_row(struct db *db, sqlite3_stmt *st, char *const *words, int nwords,
                          bool scripts_only)
{
	int64_t id = sqlite3_column_int64(st, 0), thread = sqlite3_column_int64(st, 1);
	char url[64];
	snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, thread, id);
	char *snip = post_snippet(db, id, words, nwords, scripts_only);
	int64_t n = sqlite3_column_int64(st, 7);
	char label[48];
	snprintf(label, sizeof label, "%" PRId64 " matching post%s", n, n == 1 ? "" : "s");
	json_t *row = json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:I, s:s}", "post_id", (json_int_t)id,
	    "url", url, "thread_title", (const char *)sqlite3_column_text(st, 2),
	    "kind", (const char *)sqlite3_column_text(st, 3),
	    "author", author_json(sqlite3_column_int(st, 4), (const char *)sqlite3_column_text(st, 5),
	                          (const char *)sqlite3_column_text(st, 6)),
	    "snippet", plain_snippet(snip), "snippet_html", snippet_html(snip),
	    "matches", (json_int_t)n, "matches_label", label);
	free(snip);
	return row;
}

/* The form as the reader filled it (query parameters; NULL when absent). */
struct search_form {
	const char *q, *topic, *spec, *from, *to, *picked, *sort, *in;
};

/* What one search asks (the job of the read pool). */
struct search_query {
	char *match;               /* the reader's words (ftsq.h) and the filters' facets */
	char *title_match;         /* the words confined to titles, no facets: the candidates
	                            * have them, and a facet's long list is slow to intersect */
	char *words[SEARCH_MAX_TERMS];   /* the words to mark in snippets (ftsq_words) */
	int nwords;
	time_t from, until;        /* posts written in [from, until); 0 for no bound */
	bool newest;               /* newest first, else by relevance */
	bool scripts_only;         /* the words confined to scripts (words to say) */
	int page;
};

/* The lowest post id written at or after t (ids follow time): a binary search over ids,
 * about 20 lookups at a million posts. Returns last + 1 when none. */
static int64_t first_post_at(struct db *db, time_t t, int64_t last)
{
	sqlite3_stmt *st = db_stmt(db, SQL_POST_AT);
	int64_t lo = 1, hi = last + 1;
	while (st && lo < hi) {
		int64_t mid = lo + (hi - lo) / 2, at = INT64_MAX;
		sqlite3_bind_int64(st, 1, mid);
		if (sqlite3_step(st) == SQLITE_ROW)
			at = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (at >= t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The range of post ids of q's dates into *lo and *hi. */
static void id_range(struct db *db, const struct search_query *q, int64_t *lo, int64_t *hi)
{
	*lo = 0;
	*hi = INT64_MAX;
	if (!q->from && !q->until)
		return;
	sqlite3_stmt *st = db_stmt(db, SQL_POST_LAST);
	int64_t last = 0;
	if (st && sqlite3_step(st) == SQLITE_ROW)
		last = sqlite3_column_int64(st, 0);
	if (st)
		sqlite3_reset(st);
	if (q->from)
		*lo = first_post_at(db, q->from, last);
	if (q->until)
		*hi = first_post_at(db, q->until, last) - 1;
}

/* Runs the query; returns the results, or NULL on a database error. */
static json_t *run_search(struct db *db, const struct search_query *q, bool *more)
{
	int64_t lo, hi;
	id_range(db, q, &lo, &hi);
	sqlite3_stmt *st = db_stmt(db, SQL_SEARCH);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, q->match, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, q->title_match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, lo);
	sqlite3_bind_int64(st, 4, hi);
	sqlite3_bind_int(st, 5, SEARCH_CANDIDATES);
	sqlite3_bind_int(st, 6, q->newest);
	sqlite3_bind_int(st, 7, PAGE_SIZE_SEARCH + 1);
	sqlite3_bind_int(st, 8, (q->page - 1) * PAGE_SIZE_SEARCH);
	json_t *list = json_array();
	int rc;
	*more = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (json_array_size(list) == PAGE_SIZE_SEARCH) {
			*more = true;
			break;
		}
		json_array_append_new(list, result_row(db, st, q->words, q->nwords, q->scripts_only));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(list);
		return NULL;
	}
	return list;
}

static void add_param(struct evbuffer *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	evbuffer_add_printf(b, "&%s=", name);
	url_escape(b, value, strlen(value));
}

/* The search URL for page `page` of the form, with its filters and sort. */
static json_t *page_url(const struct search_form *f, int page)
{
	struct evbuffer *b = evbuffer_new();
	evbuffer_add_printf(b, "/search?q=");
	if (f->q)
		url_escape(b, f->q, strlen(f->q));
	add_param(b, "topic", f->topic);
	add_param(b, "specialty", f->spec);
	add_param(b, "picked", f->picked);
	add_param(b, "from", f->from);
	add_param(b, "to", f->to);
	add_param(b, "sort", f->sort);
	add_param(b, "in", f->in);
	evbuffer_add_printf(b, "&page=%d", page);
	json_t *j = json_stringn((const char *)evbuffer_pullup(b, -1), evbuffer_get_length(b));
	evbuffer_free(b);
	return j;
}

static struct search_form read_form(struct request *r)
{
	return (struct search_form){ req_query(r, "q"), req_query(r, "topic"), req_query(r, "specialty"),
	                             req_query(r, "from"), req_query(r, "to"), req_query(r, "picked"),
	                             req_query(r, "sort"), req_query(r, "in") };
}

/* One search on the read pool (store/readpool.h): the query runs on a search thread with
 * its own connection, the page is answered back on the request's loop. */
struct search_job {
	struct request *r;
	json_t *model;
	struct search_query q;
	json_t *results;           /* set on the search thread; NULL on a database error */
	bool more;
};

static void search_work(struct db *db, void *p)
{
	struct search_job *j = p;
	j->results = db ? run_search(db, &j->q, &j->more) : NULL;
}

static void search_job_free(struct search_job *j)
{
	free(j->q.match);
	free(j->q.title_match);
	for (int i = 0; i < j->q.nwords; i++)
		free(j->q.words[i]);
	free(j);
}

static void search_done(void *p)
{
	struct search_job *j = p;
	struct request *r = j->r;
	struct search_form f = read_form(r);
	if (!j->results) {
		json_decref(j->model);
		respond_error(r, 503, "Search is unavailable right now. Please try again shortly.");
	} else {
		json_t *model = j->model;
		if (json_array_size(j->results) == 0)
			json_object_set_new(model, "message", json_string(
			    "Nothing matched. Try fewer or different words, or remove a filter."));
		json_object_set_new(model, "searched", json_true());
		json_object_set_new(model, "results", j->results);
		if (j->more)
			json_object_set_new(model, "next_url", page_url(&f, j->q.page + 1));
		if (j->q.page > 1)
			json_object_set_new(model, "prev_url", page_url(&f, j->q.page - 1));
		respond_page(r, 200, "search", model);
	}
	search_job_free(j);
}

/* The FTS5 match of the reader's words `words`, confined to `columns`, and the facets of
 * the filters: "({title body} : (words)) AND facets : "xt3" ..."; a new string. */
static char *with_facets(const char *columns, const char *words, int64_t topic, int64_t spec,
                         bool picked)
{
	size_t n = strlen(words) + 128;
	char *s = xmalloc(n);
	int len = snprintf(s, n, "(%s : (%s))", columns, words);
	if (topic)
		len += snprintf(s + len, n - (size_t)len, " AND facets : \"xt%" PRId64 "\"", topic);
	if (spec)
		len += snprintf(s + len, n - (size_t)len, " AND facets : \"xs%" PRId64 "\"", spec);
	if (picked)
		snprintf(s + len, n - (size_t)len, " AND facets : \"xpick\"");
	return s;
}

/* Hands the search to the read pool; a full queue answers 503 with Retry-After at once,
 * the form kept as the person filled it. Takes model and q's strings. */
static void search_submit(struct request *r, json_t *model, struct search_query q)
{
	struct search_job *j = xcalloc(1, sizeof *j);
	*j = (struct search_job){ r, model, q, NULL, false };
	if (readpool_submit(r->worker ? r->worker->base : NULL, r->db, search_work, search_done, j) == 0)
		return;
	search_job_free(j);
	json_object_set_new(model, "message", json_string(
	    "Search is busy right now. Please try again in a few seconds."));
	respond_retry_after(r, SEARCH_RETRY_SECONDS);
	respond_page(r, 503, "search", model);
}

/* A date field: 0 and *t set (0 when empty), or -1. */
static int date_field(const char *value, time_t *t)
{
	*t = 0;
	return !value || !*value ? 0 : time_parse_date(value, t);
}

/* The form's model: every field as typed (when it can be shown), the choices. */
static json_t *form_model(struct request *r, const struct search_form *f, bool newest)
{
	bool clean = !f->q || text_is_clean(f->q, strlen(f->q), false);
	return json_pack("{s:s, s:s, s:{s:b}, s:n, s:o, s:o, s:b, s:n, s:n, s:n, s:b, s:b, s:s, s:s, s:b}",
	    "title", "Search", "q", clean && f->q ? f->q : "", "nav", "search", 1, "message",
	    "topics", slug_options(r->db, SQL_TOPIC_LIST, f->topic),
	    "specialties", slug_options(r->db, SQL_SPECIALTY_LIST, f->spec), "searched", 0, "results",
	    "next_url", "prev_url", "newest", newest, "picked", f->picked && *f->picked,
	    "from", f->from && text_is_clean(f->from, strlen(f->from), false) ? f->from : "",
	    "to", f->to && text_is_clean(f->to, strlen(f->to), false) ? f->to : "",
	    "scripts_only", f->in && strcmp(f->in, "scripts") == 0);
}

/* Why the form cannot be searched (a 400 naming the field), or NULL. */
static const char *form_problem(const struct search_form *f, int64_t topic, int64_t spec,
                                time_t from, time_t to, int dates)
{
	if (f->q && !text_is_clean(f->q, strlen(f->q), false))
		return "The search text holds characters that cannot be searched for.";
	if (f->q && text_chars(f->q, strlen(f->q)) > SEARCH_MAX_QUERY_CHARS)
		return "That search is too long. Try a few words.";
	if (f->sort && *f->sort && strcmp(f->sort, "newest") != 0 && strcmp(f->sort, "relevance") != 0)
		return "Results can be sorted by \"relevance\" or \"newest\".";
	if (topic < 0)
		return "There is no such topic to filter by.";
	if (spec < 0)
		return "There is no such specialty to filter by.";
	if (f->picked && *f->picked && strcmp(f->picked, "1") != 0)
		return "\"Has a moderator pick\" is either ticked (1) or left out.";
	if (f->in && *f->in && strcmp(f->in, "scripts") != 0)
		return "Search in \"scripts\" (words to say only) or leave it out.";
	if (dates & 1)
		return "The \"From\" date must be a date such as 2024-05-31.";
	if (dates & 2)
		return "The \"To\" date must be a date such as 2024-05-31.";
	if (from && to && from > to)
		return "The \"From\" date must not be after the \"To\" date.";
	return NULL;
}

/* GET /search  ?q=TEXT  ?topic=SLUG  ?specialty=SLUG  ?picked=1  ?from=DATE  ?to=DATE
 *              ?sort=relevance|newest  ?in=scripts (words to say only)  ?page=N */
void search_show(struct request *r)
{
	struct search_form f = read_form(r);
	const char *pg = req_query(r, "page");
	bool newest = f.sort && strcmp(f.sort, "newest") == 0;
	int64_t page = 1;
	if (pg && parse_int(pg, 1, SEARCH_MAX_PAGE, &page) != 0) {
		json_t *first = page_url(&f, 1);
		respond_bad_cursor(r, json_string_value(first));
		json_decref(first);
		return;
	}
	json_t *model = form_model(r, &f, newest);
	int64_t topic = filter_id(r->db, SQL_TOPIC_ID, f.topic);
	int64_t spec = filter_id(r->db, SQL_SPECIALTY_ID, f.spec);
	time_t from, to;
	int dates = (date_field(f.from, &from) != 0) | (date_field(f.to, &to) != 0) << 1;
	const char *problem = form_problem(&f, topic, spec, from, to, dates);
	char *words = problem || !f.q || !*f.q ? NULL : ftsq_build(f.q);
	if (words) {
		bool picked = f.picked && *f.picked, scripts_only = f.in && *f.in;
		struct search_query q = { .match = with_facets(scripts_only ? "{scripts}" : "{title body scripts}",
		                                               words, topic, spec, picked),
		                          .title_match = with_facets("{title}", words, 0, 0, false),
		                          .from = from, .until = to ? to + 86400 : 0, .newest = newest,
		                          .scripts_only = scripts_only, .page = (int)page };
		q.nwords = ftsq_words(f.q, q.words);
		free(words);
		search_submit(r, model, q);
		return;
	}
	if (problem || (f.q && *f.q))
		json_object_set_new(model, "message", json_string(problem ? problem :
		    "Type a word or two to search for: punctuation, or words to leave out (-word), "
		    "alone find nothing."));
	respond_page(r, problem ? 400 : 200, "search", model);
}
