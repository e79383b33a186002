/* front.c: GET /: the latest dilemmas by activity, 25 a page, keyset-paginated. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "handlers.h"
#include "timefmt.h"

static const char SQL_LATEST[] =
	"SELECT t.id, t.title, t.reply_count, t.last_activity_at, t.anonymous, m.handle"
	"  FROM threads t LEFT JOIN members m ON m.id = t.member_id"
	" WHERE t.state = 'visible'"
	"   AND (t.last_activity_at < ?1 OR (t.last_activity_at = ?1 AND t.id < ?2))"
	" ORDER BY t.last_activity_at DESC, t.id DESC LIMIT ?3";

static const char SQL_THREAD_TOPICS[] =
	"SELECT tp.slug, tp.name FROM thread_topics tt JOIN topics tp ON tp.id = tt.topic_id"
	" WHERE tt.thread_id = ?1 ORDER BY tp.sort";

/* Parses "?before=ACTIVITY.ID"; defaults to the very start. Returns 0 or -1. */
static int parse_cursor(const char *s, int64_t *activity, int64_t *id)
{
	*activity = INT64_MAX;
	*id = INT64_MAX;
	if (!s)
		return 0;
	char tail;
	if (sscanf(s, "%" SCNd64 ".%" SCNd64 "%c", activity, id, &tail) != 2 || *activity < 0 || *id < 0)
		return -1;
	return 0;
}

static json_t *thread_topics(struct db *db, int64_t thread_id)
{
	json_t *topics = json_array();
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD_TOPICS);
	if (!st)
		return topics;
	sqlite3_bind_int64(st, 1, thread_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *slug = (const char *)sqlite3_column_text(st, 0);
		char url[64];
		snprintf(url, sizeof url, "/t/%s", slug);
		json_array_append_new(topics, json_pack("{s:s, s:s, s:s}", "slug", slug,
		                      "name", (const char *)sqlite3_column_text(st, 1), "url", url));
	}
	sqlite3_reset(st);
	return topics;
}

static json_t *author_model(sqlite3_stmt *st)
{
	const char *handle = (const char *)sqlite3_column_text(st, 5);
	if (sqlite3_column_int(st, 4))
		return json_pack("{s:s, s:b}", "name", "Anonymous", "anonymous", 1);
	if (!handle)
		return json_pack("{s:s, s:b}", "name", "former member", "anonymous", 0);
	char url[64];
	snprintf(url, sizeof url, "/u/%s", handle);
	return json_pack("{s:s, s:s, s:b}", "name", handle, "url", url, "anonymous", 0);
}

static const char *replies_label(int64_t n, char *buf, size_t len)
{
	if (n == 0)
		return "No replies yet";
	snprintf(buf, len, "%" PRId64 " repl%s", n, n == 1 ? "y" : "ies");
	return buf;
}

static json_t *thread_row(struct db *db, sqlite3_stmt *st, time_t now)
{
	int64_t id = sqlite3_column_int64(st, 0), replies = sqlite3_column_int64(st, 2);
	time_t activity = (time_t)sqlite3_column_int64(st, 3);
	char url[40], iso[TIME_ISO_LEN], ago[40], label[40];
	snprintf(url, sizeof url, "/d/%" PRId64, id);
	time_iso(iso, activity);
	time_ago(ago, sizeof ago, now, activity);
	return json_pack("{s:I, s:s, s:s, s:o, s:I, s:s, s:s, s:s, s:o}",
	                 "id", (json_int_t)id, "url", url,
	                 "title", (const char *)sqlite3_column_text(st, 1),
	                 "topics", thread_topics(db, id), "replies", (json_int_t)replies,
	                 "replies_label", replies_label(replies, label, sizeof label),
	                 "last_activity", iso, "last_activity_human", ago,
	                 "author", author_model(st));
}

/* GET /  ?before=ACTIVITY.ID (keyset cursor from the previous page's next_url) */
void front_show(struct request *r)
{
	int64_t activity, id;
	if (parse_cursor(req_query(r, "before"), &activity, &id) != 0) {
		reply_error(r, 400, "That page cursor is not valid.");
		return;
	}
	sqlite3_stmt *st = db_stmt(r->db, SQL_LATEST);
	if (!st) {
		reply_error(r, 503, "The forum cannot read its database right now.");
		return;
	}
	sqlite3_bind_int64(st, 1, activity);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int(st, 3, PAGE_SIZE_THREADS + 1);
	json_t *threads = json_array();
	json_t *next = NULL;
	time_t now = time(NULL);
	int64_t last_activity = 0, last_id = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (json_array_size(threads) == PAGE_SIZE_THREADS) {
			char buf[64];
			snprintf(buf, sizeof buf, "/?before=%" PRId64 ".%" PRId64, last_activity, last_id);
			next = json_string(buf);
			break;
		}
		last_id = sqlite3_column_int64(st, 0);
		last_activity = sqlite3_column_int64(st, 3);
		json_array_append_new(threads, thread_row(r->db, st, now));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(threads);
		reply_error(r, 503, "The forum cannot read its database right now.");
		return;
	}
	reply_page(r, 200, "front", json_pack("{s:s, s:o, s:o, s:b}", "title", "Latest dilemmas",
	                                      "threads", threads, "next_url", next ? next : json_null(),
	                                      "empty", json_array_size(threads) == 0));
}
