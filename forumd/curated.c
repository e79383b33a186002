/* curated.c: the curated page (GET /curated: threads with moderator picks or a summary, by
 * topic, newest first) and its Atom feed (GET /curated/feed.atom). */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "db.h"
#include "handlers.h"
#include "html.h"
#include "limits.h"
#include "postcheck.h"
#include "timefmt.h"

#define CURATED_WHERE \
	" WHERE t.state = 'visible' AND (EXISTS (SELECT 1 FROM thread_summaries s WHERE s.thread_id = t.id)" \
	"       OR EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.mod_pick = 1" \
	"                  AND p.state = 'visible'))"
#define CURATED_CURATED_AT \
	"max(t.last_activity_at, coalesce((SELECT s.written_at FROM thread_summaries s" \
	"    WHERE s.thread_id = t.id), 0))"

static const char SQL_CURATED_BY_TOPIC[] =
	"SELECT t.id, t.title, " CURATED_CURATED_AT ", tp.slug, tp.name,"
	"       (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.mod_pick = 1"
	"        AND p.state = 'visible'),"
	"       EXISTS (SELECT 1 FROM thread_summaries s WHERE s.thread_id = t.id)"
	"  FROM threads t JOIN thread_topics tt ON tt.thread_id = t.id JOIN topics tp ON tp.id = tt.topic_id"
	CURATED_WHERE
	" ORDER BY tp.sort, 3 DESC, t.id DESC LIMIT ?1";
static const char SQL_CURATED_FEED[] =
	"SELECT t.id, t.title, " CURATED_CURATED_AT ", t.created_at,"
	"       (SELECT s.body_html FROM thread_summaries s WHERE s.thread_id = t.id),"
	"       (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.mod_pick = 1"
	"        AND p.state = 'visible')"
	"  FROM threads t" CURATED_WHERE " ORDER BY 3 DESC, t.id DESC LIMIT ?1";

/* GET /curated: curated threads grouped by topic (a thread appears under each topic). */
void curated_show(struct request *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_CURATED_BY_TOPIC);
	if (!st) {
		reply_error(r, 503, MSG_DB);
		return;
	}
	sqlite3_bind_int(st, 1, CURATED_MAX_THREADS);
	json_t *topics = json_array(), *current = NULL;
	const char *last_slug = "";
	time_t now = time(NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *slug = (const char *)sqlite3_column_text(st, 3);
		if (!current || strcmp(slug, last_slug) != 0) {
			char url[64];
			snprintf(url, sizeof url, "/t/%s", slug);
			current = json_pack("{s:s, s:s, s:[]}", "name", (const char *)sqlite3_column_text(st, 4),
			                    "url", url, "threads");
			json_array_append_new(topics, current);
			last_slug = json_string_value(json_object_get(current, "url")) + 3;
		}
		char url[40], ago[40];
		int64_t id = sqlite3_column_int64(st, 0);
		snprintf(url, sizeof url, "/d/%" PRId64, id);
		time_ago(ago, sizeof ago, now, (time_t)sqlite3_column_int64(st, 2));
		json_array_append_new(json_object_get(current, "threads"), json_pack(
		    "{s:I, s:s, s:s, s:s, s:I, s:b}", "id", (json_int_t)id,
		    "title", (const char *)sqlite3_column_text(st, 1), "url", url, "curated", ago,
		    "picks", (json_int_t)sqlite3_column_int64(st, 5), "summary", sqlite3_column_int(st, 6) != 0));
	}
	sqlite3_reset(st);
	json_t *model = json_pack("{s:s, s:o, s:b, s:s}", "title", "Curated answers", "topics", topics,
	                          "empty", json_array_size(topics) == 0, "feed_url", "/curated/feed.atom");
	reply_page(r, 200, "curated", model);
}

/* The site's origin for absolute feed links: a plain Host header, else the listen address. */
static void origin_of(struct request *r, char *out, size_t outlen)
{
	const char *host = req_header(r, "Host");
	bool ok = host && *host && strlen(host) < 200;
	for (const char *p = host; ok && *p; p++)
		ok = isalnum((unsigned char)*p) || strchr(".-:[]", *p);
	const struct config *cfg = r->worker ? r->worker->cfg : NULL;
	if (ok)
		snprintf(out, outlen, "%s://%s", cfg && cfg->tls ? "https" : "http", host);
	else if (cfg)
		snprintf(out, outlen, "http://%s:%d", cfg->listen_host, cfg->listen_port);
	else
		snprintf(out, outlen, "http://localhost");
}

static void add_text(struct evbuffer *b, const char *tag, const char *text)
{
	evbuffer_add_printf(b, "<%s>", tag);
	html_escape(b, text, strlen(text));
	evbuffer_add_printf(b, "</%s>\n", tag);
}

static void add_entry(struct evbuffer *b, sqlite3_stmt *st, const char *origin)
{
	int64_t id = sqlite3_column_int64(st, 0);
	char updated[TIME_ISO_LEN], published[TIME_ISO_LEN], picks[96];
	time_iso(updated, (time_t)sqlite3_column_int64(st, 2));
	time_iso(published, (time_t)sqlite3_column_int64(st, 3));
	const char *summary = (const char *)sqlite3_column_text(st, 4);
	snprintf(picks, sizeof picks, "<p>%lld moderator pick(s).</p>", (long long)sqlite3_column_int64(st, 5));
	evbuffer_add_printf(b, "<entry>\n<id>%s/d/%" PRId64 "</id>\n", origin, id);
	add_text(b, "title", (const char *)sqlite3_column_text(st, 1));
	evbuffer_add_printf(b, "<link rel=\"alternate\" type=\"text/html\" href=\"%s/d/%" PRId64 "\"/>\n"
	                    "<published>%s</published>\n<updated>%s</updated>\n", origin, id, published, updated);
	static const char byline[] = "<author><name>moderators</name></author>\n<content type=\"html\">";
	evbuffer_add(b, byline, sizeof byline - 1);
	html_escape(b, summary ? summary : picks, strlen(summary ? summary : picks));
	evbuffer_add(b, "</content>\n</entry>\n", 20);
}

/* GET /curated/feed.atom */
void curated_feed(struct request *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_CURATED_FEED);
	if (!st) {
		reply_error(r, 503, MSG_DB);
		return;
	}
	sqlite3_bind_int(st, 1, FEED_ENTRIES);
	char origin[320], newest_iso[TIME_ISO_LEN];
	origin_of(r, origin, sizeof origin);
	struct evbuffer *entries = evbuffer_new(), *b = evbuffer_new();
	time_t newest = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		time_t t = (time_t)sqlite3_column_int64(st, 2);
		newest = t > newest ? t : newest;
		add_entry(entries, st, origin);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		evbuffer_free(entries), evbuffer_free(b);
		reply_error(r, 503, MSG_DB);
		return;
	}
	time_iso(newest_iso, newest);
	evbuffer_add_printf(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>%s/curated/feed.atom</id>\n", origin);
	add_text(b, "title", "Curated answers");
	evbuffer_add_printf(b, "<link rel=\"self\" type=\"application/atom+xml\" href=\"%s/curated/feed.atom\"/>\n"
	                    "<link rel=\"alternate\" type=\"text/html\" href=\"%s/curated\"/>\n"
	                    "<updated>%s</updated>\n<author>", origin, origin, newest_iso);
	add_text(b, "name", r->worker ? r->worker->cfg->site_name : DEFAULT_SITE_NAME);
	evbuffer_add(b, "</author>\n", 10);
	add_text(b, "generator", "forumd");
	evbuffer_add_buffer(b, entries);
	evbuffer_add(b, "</feed>\n", 8);
	evbuffer_free(entries);
	size_t len = evbuffer_get_length(b);
	reply_body(r, 200, "application/atom+xml; charset=utf-8", evbuffer_pullup(b, -1), len);
	evbuffer_free(b);
}
