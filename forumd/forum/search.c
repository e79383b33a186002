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

/* ?1 match, ?2 topic id or NULL, ?3 specialty id or NULL, ?4 limit, ?5 offset */
static const char SQL_SEARCH[] =
	"SELECT p.id, p.thread_id, t.title, p.kind, p.anonymous, p.anon_alias, m.handle,"
	"       snippet(search_fts, -1, char(1), char(2), '…', 24)"
	"  FROM search_fts JOIN posts p ON p.id = search_fts.rowid"
	"  JOIN threads t ON t.id = p.thread_id LEFT JOIN members m ON m.id = p.member_id"
	" WHERE search_fts MATCH ?1 AND " VIS_POST_LISTED("p") " AND " VIS_THREAD_LISTED("t")
	"   AND (?2 IS NULL OR t.id IN (SELECT thread_id FROM thread_topics WHERE topic_id = ?2))"
	"   AND (?3 IS NULL OR t.specialty_id = ?3 OR EXISTS (SELECT 1 FROM post_specialties ps"
	"        WHERE ps.post_id = p.id AND ps.specialty_id = ?3 AND p.show_tags = 1))"
	" ORDER BY bm25(search_fts, 8.0, 1.0) LIMIT ?4 OFFSET ?5";
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

static json_t *result_row(sqlite3_stmt *st)
{
	int64_t id = sqlite3_column_int64(st, 0), thread = sqlite3_column_int64(st, 1);
	char url[64];
	snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, thread, id);
	const char *snip = (const char *)sqlite3_column_text(st, 7);
	return json_pack("{s:I, s:s, s:s, s:s, s:o, s:o, s:o}", "post_id", (json_int_t)id, "url", url,
	    "thread_title", (const char *)sqlite3_column_text(st, 2),
	    "kind", (const char *)sqlite3_column_text(st, 3),
	    "author", author_json(sqlite3_column_int(st, 4), (const char *)sqlite3_column_text(st, 5),
	                          (const char *)sqlite3_column_text(st, 6)),
	    "snippet", plain_snippet(snip), "snippet_html", snippet_html(snip));
}

/* Runs the query; returns the results, or NULL on a database error. */
static json_t *run_search(struct db *db, const char *match, int64_t topic, int64_t spec, int page,
                          bool *more)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SEARCH);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	if (topic)
		sqlite3_bind_int64(st, 2, topic);
	if (spec)
		sqlite3_bind_int64(st, 3, spec);
	sqlite3_bind_int(st, 4, PAGE_SIZE_SEARCH + 1);
	sqlite3_bind_int(st, 5, (page - 1) * PAGE_SIZE_SEARCH);
	json_t *list = json_array();
	int rc;
	*more = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (json_array_size(list) == PAGE_SIZE_SEARCH) {
			*more = true;
			break;
		}
		json_array_append_new(list, result_row(st));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* The search URL for page `page` of q (NULL: none yet) with its filters. */
static json_t *page_url(const char *q, const char *topic, const char *spec, int page)
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
	char *match;
	int64_t topic_id, spec_id;
	int page;
	json_t *results;           /* set on the search thread; NULL on a database error */
	bool more;
};

static void search_work(struct db *db, void *p)
{
	struct search_job *j = p;
	j->results = db ? run_search(db, j->match, j->topic_id, j->spec_id, j->page, &j->more) : NULL;
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
			json_object_set_new(model, "next_url", page_url(q, topic, spec, j->page + 1));
		if (j->page > 1)
			json_object_set_new(model, "prev_url", page_url(q, topic, spec, j->page - 1));
		respond_page(r, 200, "search", model);
	}
	free(j->match);
	free(j);
}

/* Hands the search to the read pool; a full queue answers 503 with Retry-After at once,
 * the form kept as the person filled it. Takes model and match. */
static void search_submit(struct request *r, json_t *model, char *match, int64_t topic_id,
                          int64_t spec_id, int page)
{
	struct search_job *j = xcalloc(1, sizeof *j);
	*j = (struct search_job){ r, model, match, topic_id, spec_id, page, NULL, false };
	if (readpool_submit(r->worker ? r->worker->base : NULL, r->db, search_work, search_done, j) == 0)
		return;
	free(j->match);
	free(j);
	json_object_set_new(model, "message", json_string(
	    "Search is busy right now. Please try again in a few seconds."));
	respond_retry_after(r, SEARCH_RETRY_SECONDS);
	respond_page(r, 503, "search", model);
}

/* GET /search  ?q=TEXT  ?topic=SLUG  ?specialty=SLUG  ?page=N */
void search_show(struct request *r)
{
	const char *q = req_query(r, "q"), *topic = req_query(r, "topic");
	const char *spec = req_query(r, "specialty"), *pg = req_query(r, "page");
	int64_t page = 1;
	if (pg && parse_int(pg, 1, SEARCH_MAX_PAGE, &page) != 0) {
		json_t *first = page_url(q, topic, spec, 1);
		respond_bad_cursor(r, json_string_value(first));
		json_decref(first);
		return;
	}
	bool clean = !q || text_is_clean(q, strlen(q), false);
	json_t *model = json_pack("{s:s, s:s, s:{s:b}, s:n, s:o, s:o, s:b, s:n, s:n, s:n}",
	    "title", "Search", "q", clean && q ? q : "", "nav", "search", 1, "message",
	    "topics", choices(r->db, SQL_TOPIC_LIST, topic),
	    "specialties", choices(r->db, SQL_SPECIALTY_LIST, spec), "searched", 0, "results",
	    "next_url", "prev_url");
	int status = 200;
	const char *message = NULL;
	int64_t topic_id = filter_id(r->db, SQL_TOPIC_ID, topic);
	int64_t spec_id = filter_id(r->db, SQL_SPECIALTY_ID, spec);
	char *match = NULL;
	if (!clean)
		status = 400, message = "The search text holds characters that cannot be searched for.";
	else if (q && text_chars(q, strlen(q)) > SEARCH_MAX_QUERY_CHARS)
		status = 400, message = "That search is too long. Try a few words.";
	else if (topic_id < 0 || spec_id < 0)
		status = 400, message = topic_id < 0 ? "There is no such topic to filter by."
		                                     : "There is no such specialty to filter by.";
	else if (q && *q && !(match = ftsq_build(q)))
		message = "Type a word or two to search for: punctuation alone finds nothing.";
	if (match) {
		search_submit(r, model, match, topic_id, spec_id, (int)page);
		return;
	}
	if (message)
		json_object_set_new(model, "message", json_string(message));
	respond_page(r, status, "search", model);
}
