/* lists.c: the thread lists besides the front page: GET /unanswered, /topics, /t/:slug,
 * /specialties and /s/:slug (threads a specialty replied in or that happened there). */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "forum_handlers.h"
#include "messages.h"
#include "threadlist.h"
#include "visibility.h"

static const char SQL_UNANSWERED[] =
	THREADLIST_COLUMNS THREADLIST_FROM " AND t.reply_count = 0" THREADLIST_ORDER;
#define IN_TOPIC THREADLIST_FROM_LIST("thread_topics", "topic_id")
static const char SQL_BY_TOPIC[] =
	THREADLIST_COLUMNS IN_TOPIC THREADLIST_UNPINNED THREADLIST_LIST_ORDER;
static const char SQL_BY_TOPIC_PINNED[] =
	THREADLIST_COLUMNS IN_TOPIC THREADLIST_PINNED THREADLIST_LIST_ORDER;
static const char SQL_BY_SPECIALTY[] =
	THREADLIST_COLUMNS THREADLIST_FROM_LIST("thread_specialties", "specialty_id")
	THREADLIST_LIST_ORDER;
static const char SQL_TOPIC[] = "SELECT id, name, description FROM topics WHERE slug = ?1";
static const char SQL_SPECIALTY[] = "SELECT id, name, '' FROM specialties WHERE slug = ?1";
static const char SQL_TOPICS[] =
	"SELECT tp.slug, tp.name, tp.description, (SELECT count(*) FROM thread_topics tt"
	"   JOIN threads t ON t.id = tt.thread_id WHERE tt.topic_id = tp.id AND " VIS_THREAD_LISTED("t") ")"
	"  FROM topics tp ORDER BY tp.sort";
static const char SQL_SPECIALTIES[] = "SELECT slug, name, '', 0 FROM specialties ORDER BY sort";

/* GET /unanswered  ?before=CURSOR */
void unanswered_show(struct request *r)
{
	threadlist_reply(r, SQL_UNANSWERED, NULL, 0, "/unanswered", "list",
	    json_pack("{s:s, s:s, s:{s:b}}", "title", "Unanswered dilemmas",
	              "lede", "Dilemmas nobody has replied to yet. Your view from your specialty may be the one that helps.",
	              "nav", "unanswered", 1));
}

/* Looks up slug with sql (id, name, description). Returns the id, 0 when unknown. */
static int64_t lookup(struct db *db, const char *sql, const char *slug, json_t **name, json_t **desc)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	int64_t id = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*name = json_string((const char *)sqlite3_column_text(st, 1));
		*desc = json_string((const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	return id;
}

/* The list of one topic or specialty: prefix "/t/" or "/s/"; pinned_sql as in threadlist_reply. */
static void filtered_list(struct request *r, const char *lookup_sql, const char *list_sql,
                          const char *pinned_sql, const char *prefix, const char *kind)
{
	json_t *name = NULL, *desc = NULL;
	const char *slug = r->params[0];
	int64_t id = lookup(r->db, lookup_sql, slug, &name, &desc);
	if (id <= 0) {
		respond_error(r, id < 0 ? 503 : 404, id < 0 ? MSG_DB
		            : strcmp(kind, "topic") == 0 ? "There is no such topic." : "There is no such specialty.");
		return;
	}
	char base[96], feed[112], title[160];
	snprintf(base, sizeof base, "%s%s", prefix, slug);
	snprintf(feed, sizeof feed, "%s/feed.atom", base);
	snprintf(title, sizeof title, "%s%s", strcmp(kind, "topic") == 0 ? "Topic: " : "Specialty: ",
	         json_string_value(name));
	json_t *model = json_pack("{s:s, s:o, s:o, s:s, s:s, s:s}", "title", title, "name", name,
	                          "lede", desc, "feed_url", feed, "kind", kind, "slug", slug);
	if (strcmp(kind, "specialty") == 0)
		json_object_set_new(model, "lede", json_string(
		    "Dilemmas this specialty replied to, and dilemmas that happened in this setting."));
	threadlist_reply(r, list_sql, pinned_sql, id, base, "list", model);
}

/* GET /t/:slug  ?before=CURSOR */
void topic_show(struct request *r)
{
	filtered_list(r, SQL_TOPIC, SQL_BY_TOPIC, SQL_BY_TOPIC_PINNED, "/t/", "topic");
}

/* GET /s/:slug  ?before=CURSOR */
void specialty_show(struct request *r)
{
	filtered_list(r, SQL_SPECIALTY, SQL_BY_SPECIALTY, NULL, "/s/", "specialty");
}

static json_t *taxonomy(struct db *db, const char *sql, const char *prefix)
{
	json_t *list = json_array();
	sqlite3_stmt *st = db_stmt(db, sql);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *slug = (const char *)sqlite3_column_text(st, 0);
		char url[96], feed[112];
		snprintf(url, sizeof url, "%s%s", prefix, slug);
		snprintf(feed, sizeof feed, "%s/feed.atom", url);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I}", "slug", slug,
		    "name", (const char *)sqlite3_column_text(st, 1),
		    "description", (const char *)sqlite3_column_text(st, 2), "url", url, "feed_url", feed,
		    "threads", (json_int_t)sqlite3_column_int64(st, 3)));
	}
	if (st)
		sqlite3_reset(st);
	return list;
}

/* GET /topics */
void topics_show(struct request *r)
{
	respond_page(r, 200, "topics", json_pack("{s:s, s:o, s:b, s:{s:b}}", "title", "Topics",
	           "items", taxonomy(r->db, SQL_TOPICS, "/t/"), "is_topics", 1, "nav", "topics", 1));
}

/* GET /specialties */
void specialties_show(struct request *r)
{
	respond_page(r, 200, "topics", json_pack("{s:s, s:o, s:b}", "title", "Specialties",
	           "items", taxonomy(r->db, SQL_SPECIALTIES, "/s/"), "is_topics", 0));
}
