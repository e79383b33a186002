/* feed.c: Atom 1.0 feeds of the latest dilemmas: GET /feed.atom, /t/:slug/feed.atom,
 * /s/:slug/feed.atom. Every text goes through html_escape (valid XML). */
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
#include "timefmt.h"

#define FEED_COLUMNS \
	"SELECT t.id, t.title, t.created_at, t.last_activity_at, t.anonymous, m.handle," \
	"       d.anon_alias, d.body_html, d.state" \
	"  FROM threads t LEFT JOIN members m ON m.id = t.member_id" \
	"  JOIN posts d ON d.thread_id = t.id AND d.kind = 'dilemma'" \
	" WHERE t.state = 'visible'"
#define FEED_ORDER " ORDER BY t.created_at DESC, t.id DESC LIMIT ?1"

static const char SQL_FEED_LATEST[] = FEED_COLUMNS FEED_ORDER;
static const char SQL_FEED_TOPIC[] = FEED_COLUMNS
	" AND t.id IN (SELECT thread_id FROM thread_topics WHERE topic_id = ?2)" FEED_ORDER;
static const char SQL_FEED_SPECIALTY[] = FEED_COLUMNS
	" AND (t.specialty_id = ?2 OR t.id IN (SELECT p.thread_id FROM post_specialties ps"
	"      JOIN posts p ON p.id = ps.post_id WHERE ps.specialty_id = ?2 AND p.kind = 'reply'"
	"       AND p.state = 'visible' AND p.show_tags = 1))" FEED_ORDER;
static const char SQL_TOPIC[] = "SELECT id, name FROM topics WHERE slug = ?1";
static const char SQL_SPECIALTY[] = "SELECT id, name FROM specialties WHERE slug = ?1";

/* The site's origin for absolute links: the Host header when it is a plain host[:port],
 * else the configured listen address. */
static void site_origin(struct request *r, char *out, size_t outlen)
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
	char published[TIME_ISO_LEN], updated[TIME_ISO_LEN], name[96];
	time_iso(published, (time_t)sqlite3_column_int64(st, 2));
	time_iso(updated, (time_t)sqlite3_column_int64(st, 3));
	const char *handle = (const char *)sqlite3_column_text(st, 5);
	const char *alias = (const char *)sqlite3_column_text(st, 6);
	if (sqlite3_column_int(st, 4))
		snprintf(name, sizeof name, "Anonymous %s", alias ? alias : "");
	else
		snprintf(name, sizeof name, "%s", handle ? handle : "former member");
	bool removed = strcmp((const char *)sqlite3_column_text(st, 8), "removed") == 0;
	const char *html = removed ? "<p>[removed by author]</p>" : (const char *)sqlite3_column_text(st, 7);
	evbuffer_add_printf(b, "<entry>\n<id>%s/d/%" PRId64 "</id>\n", origin, id);
	add_text(b, "title", (const char *)sqlite3_column_text(st, 1));
	evbuffer_add_printf(b, "<link rel=\"alternate\" type=\"text/html\" href=\"%s/d/%" PRId64 "\"/>\n",
	                    origin, id);
	evbuffer_add_printf(b, "<published>%s</published>\n<updated>%s</updated>\n", published, updated);
	evbuffer_add(b, "<author>", 8);
	add_text(b, "name", name);
	evbuffer_add(b, "</author>\n<content type=\"html\">", 31);
	html_escape(b, html, strlen(html));
	evbuffer_add(b, "</content>\n</entry>\n", 20);
}

/* Writes the feed for st's rows (already bound) and answers it. */
static void feed_reply(struct request *r, sqlite3_stmt *st, const char *title, const char *self,
                       const char *alternate)
{
	char origin[320], now[TIME_ISO_LEN];
	site_origin(r, origin, sizeof origin);
	struct evbuffer *entries = evbuffer_new(), *b = evbuffer_new();
	time_t newest = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		time_t t = (time_t)sqlite3_column_int64(st, 3);
		newest = t > newest ? t : newest;
		add_entry(entries, st, origin);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		evbuffer_free(entries), evbuffer_free(b);
		reply_error(r, 503, "The forum cannot read its database right now.");
		return;
	}
	time_iso(now, newest ? newest : (time_t)0);
	const char *site = r->worker ? r->worker->cfg->site_name : DEFAULT_SITE_NAME;
	evbuffer_add_printf(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>%s%s</id>\n", origin, self);
	add_text(b, "title", title);
	evbuffer_add_printf(b, "<link rel=\"self\" type=\"application/atom+xml\" href=\"%s%s\"/>\n"
	                    "<link rel=\"alternate\" type=\"text/html\" href=\"%s%s\"/>\n"
	                    "<updated>%s</updated>\n<author>", origin, self, origin, alternate, now);
	add_text(b, "name", site);
	evbuffer_add(b, "</author>\n", 10);
	add_text(b, "generator", "forumd");
	evbuffer_add_buffer(b, entries);
	evbuffer_add(b, "</feed>\n", 8);
	evbuffer_free(entries);
	size_t len = evbuffer_get_length(b);
	reply_body(r, 200, "application/atom+xml; charset=utf-8", evbuffer_pullup(b, -1), len);
	evbuffer_free(b);
}

/* GET /feed.atom */
void feed_latest(struct request *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_FEED_LATEST);
	if (!st) {
		reply_error(r, 503, "The forum cannot read its database right now.");
		return;
	}
	sqlite3_bind_int(st, 1, FEED_ENTRIES);
	feed_reply(r, st, "Latest dilemmas", "/feed.atom", "/");
}

static void feed_filtered(struct request *r, const char *lookup_sql, const char *feed_sql,
                          const char *prefix, const char *what)
{
	const char *slug = r->params[0];
	sqlite3_stmt *st = db_stmt(r->db, lookup_sql);
	if (!st) {
		reply_error(r, 503, "The forum cannot read its database right now.");
		return;
	}
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	int64_t id = 0;
	char title[160], self[112], alt[96];
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(title, sizeof title, "%s: %s", what, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (!id || !(st = db_stmt(r->db, feed_sql))) {
		reply_error(r, id ? 503 : 404, id ? "The forum cannot read its database right now."
		                                  : "There is no such feed.");
		return;
	}
	snprintf(alt, sizeof alt, "%s%s", prefix, slug);
	snprintf(self, sizeof self, "%s/feed.atom", alt);
	sqlite3_bind_int(st, 1, FEED_ENTRIES);
	sqlite3_bind_int64(st, 2, id);
	feed_reply(r, st, title, self, alt);
}

/* GET /t/:slug/feed.atom */
void feed_topic(struct request *r)
{
	feed_filtered(r, SQL_TOPIC, SQL_FEED_TOPIC, "/t/", "Topic");
}

/* GET /s/:slug/feed.atom */
void feed_specialty(struct request *r)
{
	feed_filtered(r, SQL_SPECIALTY, SQL_FEED_SPECIALTY, "/s/", "Specialty");
}
