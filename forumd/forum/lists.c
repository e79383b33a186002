/* lists.c: the thread lists besides the front page: GET /unanswered, /updated, /topics, /t/:slug,
 * /specialties and /s/:slug (threads a specialty replied in or that happened there). */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "forum_handlers.h"
#include "messages.h"
#include "threadlist.h"
#include "visibility.h"

#define BY_ACTIVITY "t.last_activity_at", "t.id"
static const struct threadlist unanswered = {
	THREADLIST_WALKS(THREADLIST_FROM " AND t.reply_count = 0", BY_ACTIVITY),
	NULL, THREADLIST_BY_ACTIVITY,
};

/* threads_updated, migration 0022's partial index */
static const struct threadlist updated = {
	THREADLIST_WALKS(THREADLIST_FROM " AND t.has_update = 1", BY_ACTIVITY),
	NULL, THREADLIST_BY_ACTIVITY,
};

/* A topic's or a specialty's list walks its own rows (w), by activity or by helpful marks. */
#define IN_TOPIC THREADLIST_FROM_LIST("thread_topics", "topic_id")
#define IN_SPECIALTY THREADLIST_FROM_LIST("thread_specialties", "specialty_id")
#define W_ACTIVITY "w.last_activity_at", "w.thread_id"
#define W_HELPFUL "w.helpful_total", "w.thread_id"
static const struct threadlist topic_lists[2] = {
	{ THREADLIST_WALKS(IN_TOPIC THREADLIST_UNPINNED, W_ACTIVITY),
	  /* the few pinned threads (their partial index), then their topic: never the topic's
	   * every thread for its pinned ones */
	  THREADLIST_COLUMNS THREADLIST_FROM THREADLIST_PINNED
	  " AND EXISTS (SELECT 1 FROM thread_topics tt WHERE tt.thread_id = t.id AND tt.topic_id = ?4)"
	  THREADLIST_PAST("t.last_activity_at", "t.id", "<", "DESC"),
	  THREADLIST_BY_ACTIVITY },
	{ THREADLIST_WALKS(IN_TOPIC, W_HELPFUL), NULL, THREADLIST_BY_HELPFUL },
};
static const struct threadlist specialty_lists[2] = {
	{ THREADLIST_WALKS(IN_SPECIALTY, W_ACTIVITY), NULL, THREADLIST_BY_ACTIVITY },
	{ THREADLIST_WALKS(IN_SPECIALTY, W_HELPFUL), NULL, THREADLIST_BY_HELPFUL },
};
static const char SQL_TOPIC[] = "SELECT id, name, description FROM topics WHERE slug = ?1";
static const char SQL_SPECIALTY[] = "SELECT id, name, '' FROM specialties WHERE slug = ?1";
static const char SQL_TOPICS[] =   /* thread_count: kept by migration 0011's triggers */
	"SELECT slug, name, description, thread_count FROM topics ORDER BY sort";
static const char SQL_SPECIALTIES[] = "SELECT slug, name, '', 0 FROM specialties ORDER BY sort";

/* GET /unanswered  ?before=CURSOR | ?after=CURSOR */
void unanswered_show(struct request *r)
{
	threadlist_reply(r, &unanswered, 0, "/unanswered", "list",
	    json_pack("{s:s, s:s, s:{s:b}}", "title", "Unanswered dilemmas",
	              "lede", "Dilemmas nobody has replied to yet. Your view from your specialty may be the one that helps.",
	              "nav", "unanswered", 1));
}

/* GET /updated  ?before=CURSOR | ?after=CURSOR: dilemmas whose asker posted how it turned out */
void updated_show(struct request *r)
{
	threadlist_reply(r, &updated, 0, "/updated", "list",
	    json_pack("{s:s, s:s, s:s, s:{s:b}}", "title", "How it turned out",
	              "lede", "Dilemmas whose asker came back with an update: what they did and how it went.",
	              "feed_url", "/updated/feed.atom", "nav", "updated", 1));
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

/* Reads ?sort: 0 latest activity (the default), 1 most helpful; -1 for anything else. */
static int read_sort(struct request *r)
{
	const char *sort = req_query(r, "sort");
	if (!sort || !*sort || strcmp(sort, "activity") == 0)
		return 0;
	return strcmp(sort, "helpful") == 0 ? 1 : -1;
}

/* The two sorts of a list, for the page's sort links: [{label, url, current}]. */
static json_t *sort_links(const char *base, int sort)
{
	char helpful[112];
	snprintf(helpful, sizeof helpful, "%s?sort=helpful", base);
	return json_pack("[{s:s, s:s, s:b}, {s:s, s:s, s:b}]",
	                 "label", "Latest activity", "url", base, "current", sort == 0,
	                 "label", "Most helpful", "url", helpful, "current", sort == 1);
}

/* The list of one topic or specialty (lists[sort]): prefix "/t/" or "/s/". */
static void filtered_list(struct request *r, const char *lookup_sql, const struct threadlist lists[2],
                          const char *prefix, const char *kind)
{
	json_t *name = NULL, *desc = NULL;
	const char *slug = r->params[0];
	int sort = read_sort(r);
	if (sort < 0) {
		respond_error(r, 400, "Lists can be sorted by \"activity\" or \"helpful\".");
		return;
	}
	int64_t id = lookup(r->db, lookup_sql, slug, &name, &desc);
	if (id <= 0) {
		respond_error(r, id < 0 ? 503 : 404, id < 0 ? MSG_DB
		            : strcmp(kind, "topic") == 0 ? "There is no such topic." : "There is no such specialty.");
		return;
	}
	char base[96], feed[112], title[160], page[112], post[112];
	snprintf(base, sizeof base, "%s%s", prefix, slug);
	snprintf(feed, sizeof feed, "%s/feed.atom", base);
	snprintf(page, sizeof page, "%s%s", base, sort ? "?sort=helpful" : "");
	snprintf(post, sizeof post, "/new?%s=%s", kind, slug);
	snprintf(title, sizeof title, "%s%s", strcmp(kind, "topic") == 0 ? "Topic: " : "Specialty: ",
	         json_string_value(name));
	json_t *model = json_pack("{s:s, s:o, s:o, s:s, s:s, s:s, s:o, s:b, s:s}", "title", title,
	                          "name", name, "lede", desc, "feed_url", feed, "kind", kind,
	                          "slug", slug, "sorts", sort_links(base, sort), "sortable", 1,
	                          "post_url", post);
	if (strcmp(kind, "specialty") == 0)
		json_object_set_new(model, "lede", json_string(
		    "Dilemmas this specialty replied to, and dilemmas that happened in this setting."));
	threadlist_reply(r, &lists[sort], id, page, "list", model);
}

/* GET /t/:slug  ?sort=activity|helpful, ?before=CURSOR | ?after=CURSOR */
void topic_show(struct request *r)
{
	filtered_list(r, SQL_TOPIC, topic_lists, "/t/", "topic");
}

/* GET /s/:slug  ?sort=activity|helpful, ?before=CURSOR | ?after=CURSOR */
void specialty_show(struct request *r)
{
	filtered_list(r, SQL_SPECIALTY, specialty_lists, "/s/", "specialty");
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
