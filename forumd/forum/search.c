/* search.c: GET /search: FTS5 over titles and bodies, bm25 with the title weighted up,
 * highlighted snippets, topic and specialty filters (the index: searchindex.c), run on the
 * read pool (store/readpool.h) so a slow search never holds up a worker. */

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
#include "text.h"
#include "visibility.h"

/* Bounded work per query, whatever the number of matches (docs/PERFORMANCE.md): the newest
 * SEARCH_CANDIDATES matching posts (an FTS5 walk by rowid, newest first, that stops there),
 * filtered and grouped by thread: one result per thread, its best post (title hit, then
 * moderator pick, the asker's mark, helpful marks, then newest), with the number of matching
 * posts among the candidates. Sorted by that score ("relevance") or by the thread's newest
 * match ("newest"). FTS5's bm25() is not used: it counts every row holding each word (40 ms
 * for a word in most posts at a million posts).
 * ?1 match, ?2 the match confined to titles, ?3 topic id or NULL, ?4 specialty id or NULL,
 * ?5 candidates, ?6 1 for newest first, ?7 limit, ?8 offset */
static const char SQL_SEARCH[] =
	"WITH cand(id) AS MATERIALIZED (SELECT rowid FROM search_fts WHERE search_fts MATCH ?1"
	"                               ORDER BY rowid DESC LIMIT ?5),"
	" titled(id) AS MATERIALIZED (SELECT rowid FROM search_fts WHERE search_fts MATCH ?2"
	"                             ORDER BY rowid DESC LIMIT ?5),"
	" hits AS (SELECT p.id, p.thread_id, (p.id IN titled) * 16 + p.mod_pick * 8 + p.op_marked * 4"
	"                 + min(p.helpful_count, 3) AS score"
	"   FROM cand CROSS JOIN posts p ON p.id = cand.id JOIN threads t ON t.id = p.thread_id"
	"  WHERE " VIS_POST_LISTED("p") " AND " VIS_THREAD_LISTED("t")
	"    AND (?3 IS NULL OR EXISTS (SELECT 1 FROM thread_topics tt WHERE tt.thread_id = t.id"
	"         AND tt.topic_id = ?3))"
	"    AND (?4 IS NULL OR t.specialty_id = ?4 OR EXISTS (SELECT 1 FROM post_specialties ps"
	"         WHERE ps.post_id = p.id AND ps.specialty_id = ?4 AND p.show_tags = 1))),"
	" best AS (SELECT id, score, count(*) OVER w AS n, max(id) OVER w AS newest,"
	"                 row_number() OVER (PARTITION BY thread_id ORDER BY score DESC, id DESC) AS r"
	"            FROM hits WINDOW w AS (PARTITION BY thread_id))"
	"SELECT p.id, p.thread_id, t.title, p.kind, p.anonymous, p.anon_alias, m.handle, b.n"
	"  FROM best b JOIN posts p ON p.id = b.id JOIN threads t ON t.id = p.thread_id"
	"  LEFT JOIN members m ON m.id = p.member_id"
	" WHERE b.r = 1"
	" ORDER BY CASE WHEN ?6 THEN 0 ELSE b.score END DESC, b.newest DESC LIMIT ?7 OFFSET ?8";
static const char SQL_SNIPPET[] =
	"SELECT snippet(search_fts, -1, char(1), char(2), '…', 24) FROM search_fts"
	" WHERE search_fts MATCH ?1 AND rowid = ?2";
static const char SQL_TOPIC_ID[] = "SELECT id FROM topics WHERE slug = ?1";
static const char SQL_SPECIALTY_ID[] = "SELECT id FROM specialties WHERE slug = ?1";
static const char SQL_TOPIC_LIST[] = "SELECT slug, name FROM topics ORDER BY sort";
static const char SQL_SPECIALTY_LIST[] = "SELECT slug, name FROM specialties ORDER BY sort";

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

static json_t *choices(struct db *db, const char *sql, const char *current)
{
	json_t *list = json_array();
	sqlite3_stmt *st = db_stmt(db, sql);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *slug = (const char *)sqlite3_column_text(st, 0);
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "slug", slug,
		    "name", (const char *)sqlite3_column_text(st, 1),
		    "selected", current && strcmp(current, slug) == 0));
	}
	if (st)
		sqlite3_reset(st);
	return list;
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

/* The best passage of post id for match, with FTS5's \1 \2 markers; a new string. */
static char *post_snippet(struct db *db, const char *match, int64_t id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SNIPPET);
	char *out = NULL;
	if (st) {
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, id);
		if (sqlite3_step(st) == SQLITE_ROW)
			out = xstrdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	return out ? out : xstrdup("");
}

static json_t *result_row(struct db *db, sqlite3_stmt *st, const char *match)
{
	int64_t id = sqlite3_column_int64(st, 0), thread = sqlite3_column_int64(st, 1);
	char url[64];
	snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, thread, id);
	char *snip = post_snippet(db, match, id);
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

/* What one search asks (the job of the read pool). */
struct search_query {
	char *match;               /* the FTS5 expression (ftsq.h) */
	char *title_match;         /* the same, confined to titles */
	int64_t topic, spec;       /* filters, 0 for none */
	bool newest;               /* newest first, else by relevance */
	int page;
};

/* Runs the query; returns the results, or NULL on a database error. */
static json_t *run_search(struct db *db, const struct search_query *q, bool *more)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SEARCH);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, q->match, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, q->title_match, -1, SQLITE_STATIC);
	if (q->topic)
		sqlite3_bind_int64(st, 3, q->topic);
	if (q->spec)
		sqlite3_bind_int64(st, 4, q->spec);
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
		json_array_append_new(list, result_row(db, st, q->match));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* The search URL for page `page` of q (NULL: none yet) with its filters and sort. */
static json_t *page_url(const char *q, const char *topic, const char *spec, bool newest, int page)
{
	struct evbuffer *b = evbuffer_new();
	evbuffer_add_printf(b, "/search?q=");
	if (q)
		url_escape(b, q, strlen(q));
	if (topic && *topic) {
		evbuffer_add_printf(b, "&topic=");
		url_escape(b, topic, strlen(topic));
	}
	if (spec && *spec) {
		evbuffer_add_printf(b, "&specialty=");
		url_escape(b, spec, strlen(spec));
	}
	if (newest)
		evbuffer_add_printf(b, "&sort=newest");
	evbuffer_add_printf(b, "&page=%d", page);
	json_t *j = json_stringn((const char *)evbuffer_pullup(b, -1), evbuffer_get_length(b));
	evbuffer_free(b);
	return j;
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
	free(j);
}

static void search_done(void *p)
{
	struct search_job *j = p;
	struct request *r = j->r;
	const char *q = req_query(r, "q"), *topic = req_query(r, "topic");
	const char *spec = req_query(r, "specialty");
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
			json_object_set_new(model, "next_url", page_url(q, topic, spec, j->q.newest, j->q.page + 1));
		if (j->q.page > 1)
			json_object_set_new(model, "prev_url", page_url(q, topic, spec, j->q.newest, j->q.page - 1));
		respond_page(r, 200, "search", model);
	}
	search_job_free(j);
}

/* "{title} : (match)": the match confined to the title column; a new string. */
static char *title_only(const char *match)
{
	size_t n = strlen(match) + 16;
	char *s = xmalloc(n);
	snprintf(s, n, "{title} : (%s)", match);
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

/* GET /search  ?q=TEXT  ?topic=SLUG  ?specialty=SLUG  ?sort=relevance|newest  ?page=N */
void search_show(struct request *r)
{
	const char *q = req_query(r, "q"), *topic = req_query(r, "topic");
	const char *spec = req_query(r, "specialty"), *pg = req_query(r, "page");
	const char *sort = req_query(r, "sort");
	bool newest = sort && strcmp(sort, "newest") == 0;
	int64_t page = 1;
	if (pg && parse_int(pg, 1, SEARCH_MAX_PAGE, &page) != 0) {
		json_t *first = page_url(q, topic, spec, newest, 1);
		respond_bad_cursor(r, json_string_value(first));
		json_decref(first);
		return;
	}
	bool clean = !q || text_is_clean(q, strlen(q), false);
	json_t *model = json_pack("{s:s, s:s, s:{s:b}, s:n, s:o, s:o, s:b, s:n, s:n, s:n, s:b}",
	    "title", "Search", "q", clean && q ? q : "", "nav", "search", 1, "message",
	    "topics", choices(r->db, SQL_TOPIC_LIST, topic),
	    "specialties", choices(r->db, SQL_SPECIALTY_LIST, spec), "searched", 0, "results",
	    "next_url", "prev_url", "newest", newest);
	int status = 200;
	const char *message = NULL;
	int64_t topic_id = filter_id(r->db, SQL_TOPIC_ID, topic);
	int64_t spec_id = filter_id(r->db, SQL_SPECIALTY_ID, spec);
	char *match = NULL;
	if (!clean)
		status = 400, message = "The search text holds characters that cannot be searched for.";
	else if (q && text_chars(q, strlen(q)) > SEARCH_MAX_QUERY_CHARS)
		status = 400, message = "That search is too long. Try a few words.";
	else if (sort && *sort && !newest && strcmp(sort, "relevance") != 0)
		status = 400, message = "Results can be sorted by \"relevance\" or \"newest\".";
	else if (topic_id < 0 || spec_id < 0)
		status = 400, message = topic_id < 0 ? "There is no such topic to filter by."
		                                     : "There is no such specialty to filter by.";
	else if (q && *q && !(match = ftsq_build(q)))
		message = "Type a word or two to search for: punctuation alone finds nothing.";
	if (match) {
		search_submit(r, model, (struct search_query){ match, title_only(match), topic_id,
		                                               spec_id, newest, (int)page });
		return;
	}
	if (message)
		json_object_set_new(model, "message", json_string(message));
	respond_page(r, status, "search", model);
}
