/* curated.c: the curated page (GET /curated: threads with moderator picks or a summary, by
 * topic, newest first) and its Atom feed (GET /curated/feed.atom). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "atom.h"
#include "db.h"
#include "forum_handlers.h"
#include "limits.h"
#include "postcheck.h"
#include "text.h"
#include "timefmt.h"
#include "visibility.h"

#define CURATED_WHERE \
	" WHERE " VIS_THREAD_LISTED("t") " AND (EXISTS (SELECT 1 FROM thread_summaries s WHERE s.thread_id = t.id)" \
	"       OR EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.mod_pick = 1" \
	"                  AND " VIS_POST_LISTED("p") "))"
/* the last activity to the hour when it is an anonymous post's (docs/PRIVACY.md) */
#define CURATED_CURATED_AT \
	"max(CASE WHEN " VIS_LAST_POST_ANONYMOUS("t") " THEN t.last_activity_at / 3600 * 3600" \
	"         ELSE t.last_activity_at END," \
	"    coalesce((SELECT s.written_at FROM thread_summaries s WHERE s.thread_id = t.id), 0))"

static const char SQL_CURATED_BY_TOPIC[] =
	"SELECT t.id, t.title, " CURATED_CURATED_AT ", tp.slug, tp.name,"
	"       (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.mod_pick = 1"
	"        AND " VIS_POST_LISTED("p") "),"
	"       EXISTS (SELECT 1 FROM thread_summaries s WHERE s.thread_id = t.id)"
	"  FROM threads t JOIN thread_topics tt ON tt.thread_id = t.id JOIN topics tp ON tp.id = tt.topic_id"
	CURATED_WHERE
	" ORDER BY tp.sort, 3 DESC, t.id DESC LIMIT ?1";
static const char SQL_CURATED_FEED[] =
	"SELECT t.id, t.title, " CURATED_CURATED_AT ","
	"       CASE WHEN t.anonymous THEN t.created_at / 3600 * 3600 ELSE t.created_at END,"
	"       (SELECT s.body_html FROM thread_summaries s WHERE s.thread_id = t.id),"
	"       (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.mod_pick = 1"
	"        AND " VIS_POST_LISTED("p") ")"
	"  FROM threads t" CURATED_WHERE " ORDER BY 3 DESC, t.id DESC LIMIT ?1";

/* GET /curated: curated threads grouped by topic (a thread appears under each topic). */
void curated_show(struct request *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_CURATED_BY_TOPIC);
	if (!st) {
		respond_error(r, 503, MSG_DB);
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
		int64_t npicks = sqlite3_column_int64(st, 5);
		char picks[40];
		text_count(picks, sizeof picks, npicks, "pick", "picks");
		json_array_append_new(json_object_get(current, "threads"), json_pack(
		    "{s:I, s:s, s:s, s:s, s:I, s:s, s:b}", "id", (json_int_t)id,
		    "title", (const char *)sqlite3_column_text(st, 1), "url", url, "curated", ago,
		    "picks", (json_int_t)npicks, "picks_text", picks,
		    "summary", sqlite3_column_int(st, 6) != 0));
	}
	sqlite3_reset(st);
	json_t *model = json_pack("{s:s, s:o, s:b, s:s}", "title", "Curated answers", "topics", topics,
	                          "empty", json_array_size(topics) == 0, "feed_url", "/curated/feed.atom");
	respond_page(r, 200, "curated", model);
}

/* GET /curated/feed.atom */
void curated_feed(struct request *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_CURATED_FEED);
	if (!st) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	sqlite3_bind_int(st, 1, FEED_ENTRIES);
	struct atom a;
	atom_begin(&a, r);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *summary = (const char *)sqlite3_column_text(st, 4);
		char count[48], picks[96];
		text_count(count, sizeof count, sqlite3_column_int64(st, 5), "moderator pick", "moderator picks");
		snprintf(picks, sizeof picks, "<p>%s.</p>", count);
		atom_entry(&a, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
		           (time_t)sqlite3_column_int64(st, 3), (time_t)sqlite3_column_int64(st, 2),
		           "moderators", summary ? summary : picks);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		atom_abort(&a);
		respond_error(r, 503, MSG_DB);
		return;
	}
	atom_end(&a, "Curated answers", "/curated/feed.atom", "/curated");
}
