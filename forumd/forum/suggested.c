/* suggested.c: words nurses suggested (suggested.h): a thread's; /scripts, the forum's by
 * topic (GET /scripts, ?topic= one topic's in pages, ?specialty=); each topic's Atom feed
 * (GET /t/:slug/scripts.atom). */
#include "suggested.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "atom.h"
#include "cursor.h"
#include "forum_handlers.h"
#include "html.h"
#include "keys.h"
#include "limits.h"
#include "messages.h"
#include "postview.h"
#include "slugs.h"
#include "timefmt.h"
#include "visibility.h"

/* best first: the same curation as replies (its pick, helped the asker, helpful marks),
 * the script's own pick before all, as one number for keyset pages; then oldest first */
#define SCRIPT_RANK \
	"((s.mod_pick << 42) + (p.mod_pick << 41) + (p.op_marked << 40) + min(p.helpful_count, 1099511627775))"
#define SCRIPTS_BEST_ORDER " ORDER BY " SCRIPT_RANK " DESC, s.id"
/* a script's source: its reply's author as the reply shows them, and its tags' line */
#define SCRIPT_SOURCE_COLUMNS \
	"s.id, s.text, s.mod_pick, p.id, p.thread_id, p.anonymous, p.anon_alias, m.handle," \
	" CASE WHEN p.show_tags THEN p.credentials END, t.title, " SCRIPT_RANK "," \
	" CASE WHEN p.anonymous THEN p.created_at / 3600 * 3600 ELSE p.created_at END"
#define SCRIPT_FROM \
	"  FROM post_scripts s JOIN posts p ON p.id = s.post_id JOIN threads t ON t.id = p.thread_id" \
	"  LEFT JOIN members m ON m.id = p.member_id"
/* ?2 a specialty id or NULL: scripts of replies showing that specialty */
#define SCRIPT_OF_SPECIALTY \
	" AND (?2 IS NULL OR (p.show_tags = 1 AND EXISTS (SELECT 1 FROM post_specialties ps" \
	"      WHERE ps.post_id = p.id AND ps.specialty_id = ?2)))"
static const char SQL_THREAD_SCRIPTS[] =
	"SELECT " SCRIPT_SOURCE_COLUMNS SCRIPT_FROM
	" WHERE p.thread_id = ?1 AND " VIS_SCRIPT_LISTED("s", "p", "t")
	SCRIPTS_BEST_ORDER " LIMIT ?2";
/* one topic's (?1), after the keyset position (?3 rank, ?4 id) when given, ?5 rows */
static const char SQL_TOPIC_SCRIPTS[] =
	"SELECT " SCRIPT_SOURCE_COLUMNS SCRIPT_FROM
	" WHERE " VIS_SCRIPT_LISTED("s", "p", "t")
	"   AND EXISTS (SELECT 1 FROM thread_topics tt WHERE tt.thread_id = t.id AND tt.topic_id = ?1)"
	SCRIPT_OF_SPECIALTY
	"   AND (?3 IS NULL OR " SCRIPT_RANK " < ?3 OR (" SCRIPT_RANK " = ?3 AND s.id > ?4))"
	SCRIPTS_BEST_ORDER " LIMIT ?5";
/* the best ?1 of every topic, topics in their order, with how many each has */
static const char SQL_BY_TOPIC[] =
	"SELECT * FROM (SELECT " SCRIPT_SOURCE_COLUMNS ", tp.slug, tp.name, tp.sort,"
	"       row_number() OVER (PARTITION BY tp.id ORDER BY " SCRIPT_RANK " DESC, s.id) AS n,"
	"       count(*) OVER (PARTITION BY tp.id)"
	SCRIPT_FROM " JOIN thread_topics tt ON tt.thread_id = t.id JOIN topics tp ON tp.id = tt.topic_id"
	" WHERE " VIS_SCRIPT_LISTED("s", "p", "t") SCRIPT_OF_SPECIALTY ")"
	" WHERE n <= ?1 ORDER BY 15, 16";
/* a topic's newest, for its feed */
static const char SQL_TOPIC_FEED[] =
	"SELECT " SCRIPT_SOURCE_COLUMNS SCRIPT_FROM
	" WHERE " VIS_SCRIPT_LISTED("s", "p", "t")
	"   AND EXISTS (SELECT 1 FROM thread_topics tt WHERE tt.thread_id = t.id AND tt.topic_id = ?1)"
	" ORDER BY s.id DESC LIMIT ?2";
static const char SQL_TOPIC[] = "SELECT id, name FROM topics WHERE slug = ?1";
static const char SQL_SPECIALTY[] = "SELECT id, name FROM specialties WHERE slug = ?1";
static const char SQL_TOPICS[] = "SELECT slug, name FROM topics ORDER BY sort";
static const char SQL_SPECIALTIES[] = "SELECT slug, name FROM specialties ORDER BY sort";

/* {id, text, mod_pick, url, author, credentials} of the current row (SCRIPT_SOURCE_COLUMNS). */
static json_t *script_row(sqlite3_stmt *st)
{
	char url[64];
	snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, (int64_t)sqlite3_column_int64(st, 4),
	         (int64_t)sqlite3_column_int64(st, 3));
	json_t *author = author_json(sqlite3_column_int(st, 5) != 0,
	                             (const char *)sqlite3_column_text(st, 6),
	                             (const char *)sqlite3_column_text(st, 7));
	json_t *out = json_pack("{s:I, s:o, s:b, s:s, s:O, s:o}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0),
	    "text", text_json((const char *)sqlite3_column_text(st, 1)),
	    "mod_pick", sqlite3_column_int(st, 2) != 0, "url", url,
	    "author", json_object_get(author, "name"),
	    "thread_title", text_json((const char *)sqlite3_column_text(st, 9)));
	const char *cred = (const char *)sqlite3_column_text(st, 8);
	json_object_set_new(out, "credentials", cred && *cred ? text_json(cred) : json_null());
	json_decref(author);
	return out;
}

json_t *thread_suggested_words(struct db *db, int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD_SCRIPTS);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, thread_id);
	sqlite3_bind_int(st, 2, SUGGESTED_WORDS_MAX);
	json_t *list = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, script_row(st));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* ================================================================ /scripts */

/* /scripts?topic=..&specialty=..&after=.. (each left out when NULL). */
static json_t *scripts_url(const char *topic, const char *specialty, const char *after)
{
	struct evbuffer *b = evbuffer_new();
	evbuffer_add_printf(b, "/scripts");
	const char *sep = "?";
	const char *keys[] = { "topic", "specialty", "after" }, *values[] = { topic, specialty, after };
	for (int i = 0; i < 3; i++) {
		if (!values[i])
			continue;
		evbuffer_add_printf(b, "%s%s=", sep, keys[i]);
		url_escape(b, values[i], strlen(values[i]));
		sep = "&";
	}
	json_t *s = json_stringn((const char *)evbuffer_pullup(b, -1), evbuffer_get_length(b));
	evbuffer_free(b);
	return s;
}

/* What /scripts was asked for. */
struct scripts_query {
	const char *topic, *specialty;      /* slugs, or NULL */
	int64_t topic_id, specialty_id;
	json_t *topic_name, *specialty_name;
	bool after;                         /* a later page: rank, id */
	int64_t rank, id;
};

/* One topic's page of scripts into model (scripts, next_url). Returns 0 or -1. */
static int topic_page(struct db *db, const struct scripts_query *q, json_t *model)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TOPIC_SCRIPTS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, q->topic_id);
	if (q->specialty_id)
		sqlite3_bind_int64(st, 2, q->specialty_id);
	if (q->after) {
		sqlite3_bind_int64(st, 3, q->rank);
		sqlite3_bind_int64(st, 4, q->id);
	}
	sqlite3_bind_int(st, 5, SCRIPTS_PAGE_SIZE + 1);
	json_t *list = json_array();
	int rc, n = 0;
	int64_t rank = 0, id = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && ++n <= SCRIPTS_PAGE_SIZE) {
		json_array_append_new(list, script_row(st));
		id = sqlite3_column_int64(st, 0);
		rank = sqlite3_column_int64(st, 10);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		json_decref(list);
		return -1;
	}
	char cursor[CURSOR_LEN];
	json_object_set_new(model, "next_url", n > SCRIPTS_PAGE_SIZE &&
	    cursor_seal(keys_cursor_key(), rank, id, cursor) == 0
	    ? scripts_url(q->topic, q->specialty, cursor) : json_null());
	json_object_set_new(model, "empty", json_boolean(json_array_size(list) == 0));
	json_object_set_new(model, "scripts", list);
	return 0;
}

/* Every topic's best few into model (topics: [{name, url, feed_url, count, more, scripts}]).
 * Returns 0 or -1. */
static int topics_page(struct db *db, const struct scripts_query *q, json_t *model)
{
	sqlite3_stmt *st = db_stmt(db, SQL_BY_TOPIC);
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, SCRIPTS_PER_TOPIC);
	if (q->specialty_id)
		sqlite3_bind_int64(st, 2, q->specialty_id);
	json_t *topics = json_array(), *current = NULL;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *slug = (const char *)sqlite3_column_text(st, 12);
		if (sqlite3_column_int64(st, 15) == 1) {
			char feed[96];
			snprintf(feed, sizeof feed, "/t/%s/scripts.atom", slug);
			int64_t count = sqlite3_column_int64(st, 16);
			current = json_pack("{s:s, s:o, s:s, s:I, s:b, s:[]}",
			    "name", (const char *)sqlite3_column_text(st, 13),
			    "url", scripts_url(slug, q->specialty, NULL), "feed_url", feed,
			    "count", (json_int_t)count, "more", count > SCRIPTS_PER_TOPIC, "scripts");
			json_array_append_new(topics, current);
		}
		if (current)
			json_array_append_new(json_object_get(current, "scripts"), script_row(st));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(topics);
		return -1;
	}
	json_object_set_new(model, "empty", json_boolean(json_array_size(topics) == 0));
	json_object_set_new(model, "topics", topics);
	return 0;
}

/* Reads ?topic, ?specialty and ?after into q. Returns 0, or 404/400 with *msg set. */
static int read_query(struct request *r, struct scripts_query *q, const char **msg)
{
	q->topic = req_query(r, "topic");
	q->specialty = req_query(r, "specialty");
	if (q->topic && !*q->topic)
		q->topic = NULL;
	if (q->specialty && !*q->specialty)
		q->specialty = NULL;
	if (q->topic && !(q->topic_id = slug_lookup(r->db, SQL_TOPIC, q->topic, &q->topic_name))) {
		*msg = "There is no such topic.";
		return 404;
	}
	if (q->specialty && !(q->specialty_id = slug_lookup(r->db, SQL_SPECIALTY, q->specialty, &q->specialty_name))) {
		*msg = "There is no such specialty.";
		return 404;
	}
	const char *after = req_query(r, "after");
	if (after && (!q->topic || cursor_open(keys_cursor_key(), after, &q->rank, &q->id) != 0)) {
		*msg = "That page link is not valid; start again from the first page.";
		return 400;
	}
	q->after = after != NULL;
	return 0;
}

/* GET /scripts: the forum's words to say, each topic's best (or one topic's, in pages),
 * filtered by specialty. */
void scripts_show(struct request *r)
{
	struct scripts_query q = { 0 };
	const char *msg = NULL;
	int bad = read_query(r, &q, &msg);
	if (bad) {
		json_decref(q.topic_name), json_decref(q.specialty_name);
		respond_error(r, bad, msg);
		return;
	}
	json_t *model = json_pack("{s:s, s:{s:b}, s:o, s:o, s:o, s:o}", "title", "Words nurses suggested",
	    "nav", "scripts", 1,
	    "topic_options", slug_options(r->db, SQL_TOPICS, q.topic),
	    "specialty_options", slug_options(r->db, SQL_SPECIALTIES, q.specialty),
	    "topic", q.topic_name ? q.topic_name : json_null(),
	    "specialty", q.specialty_name ? q.specialty_name : json_null());
	if (q.topic) {
		char feed[96];
		snprintf(feed, sizeof feed, "/t/%s/scripts.atom", q.topic);
		json_object_set_new(model, "feed_url", json_string(feed));
		json_object_set_new(model, "all_url", scripts_url(NULL, q.specialty, NULL));
	}
	int rc = q.topic ? topic_page(r->db, &q, model) : topics_page(r->db, &q, model);
	if (rc != 0) {
		json_decref(model);
		respond_error(r, 503, MSG_DB);
		return;
	}
	respond_page(r, 200, "scripts", model);
}

/* GET /t/:slug/scripts.atom: a topic's newest words to say. */
void scripts_feed(struct request *r)
{
	json_t *name = NULL;
	int64_t topic = slug_lookup(r->db, SQL_TOPIC, r->params[0], &name);
	sqlite3_stmt *st = topic ? db_stmt(r->db, SQL_TOPIC_FEED) : NULL;
	if (!st) {
		json_decref(name);
		respond_error(r, topic ? 503 : 404, topic ? MSG_DB : "There is no such topic.");
		return;
	}
	sqlite3_bind_int64(st, 1, topic);
	sqlite3_bind_int(st, 2, FEED_ENTRIES);
	struct atom a;
	atom_begin(&a, r);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = script_row(st);
		char id[64], title[TITLE_MAX_CHARS * 4 + 32];   /* UTF-8: up to 4 bytes a character */
		snprintf(id, sizeof id, "/scripts/%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(row, "id")));
		snprintf(title, sizeof title, "Words for: %s", json_string_value(json_object_get(row, "thread_title")));
		struct evbuffer *html = evbuffer_new();
		evbuffer_add_printf(html, "<blockquote><p>");
		const char *text = json_string_value(json_object_get(row, "text"));
		html_escape(html, text, strlen(text));
		evbuffer_add_printf(html, "</p></blockquote>");
		evbuffer_add(html, "", 1);
		time_t at = (time_t)sqlite3_column_int64(st, 11);
		atom_entry_at(&a, json_string_value(json_object_get(row, "url")), id, title, at, at,
		              json_string_value(json_object_get(row, "author")),
		              (const char *)evbuffer_pullup(html, -1));
		evbuffer_free(html);
		json_decref(row);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		atom_abort(&a);
		json_decref(name);
		respond_error(r, 503, MSG_DB);
		return;
	}
	char self[96], alternate[96], title[160];
	snprintf(self, sizeof self, "/t/%s/scripts.atom", r->params[0]);
	snprintf(alternate, sizeof alternate, "/scripts?topic=%s", r->params[0]);
	snprintf(title, sizeof title, "Words nurses suggested: %s", json_string_value(name));
	json_decref(name);
	atom_end(&a, title, self, alternate);
}
