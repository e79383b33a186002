/* threadlist.c: runs a keyset-paginated thread list query and renders its page. */
#include "threadlist.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cursor.h"
#include "db.h"
#include "keys.h"
#include "limits.h"
#include "messages.h"
#include "postview.h"
#include "text.h"
#include "timefmt.h"

/* Opens the ?before= cursor (base/cursor.c: opaque, so the last activity it holds, maybe an
 * anonymous post's exact time, shows to no one); none means the very start. 0 or -1. */
static int parse_cursor(const char *s, int64_t *activity, int64_t *id)
{
	*activity = INT64_MAX;
	*id = INT64_MAX;
	return !s || cursor_open(keys_cursor_key(), s, activity, id) == 0 ? 0 : -1;
}

/* The next page's link: base_path?before=CURSOR for the page's last thread (none without
 * the server key, which forumd always has). */
static json_t *next_link(const char *base_path, int64_t activity, int64_t id)
{
	char cursor[CURSOR_LEN], buf[256];
	if (cursor_seal(keys_cursor_key(), activity, id, cursor) != 0)
		return json_null();
	snprintf(buf, sizeof buf, "%s?before=%s", base_path, cursor);
	return json_string(buf);
}

static const char *replies_label(int64_t n, char *buf, size_t len)
{
	if (n == 0)
		return "No replies yet";
	snprintf(buf, len, "%" PRId64 " repl%s", n, n == 1 ? "y" : "ies");
	return buf;
}

static void set_str(json_t *o, const char *key, json_t *v)
{
	json_object_set_new_nocheck(o, key, v);
}

static json_t *thread_row(struct db *db, sqlite3_stmt *st, time_t now)
{
	int64_t id = sqlite3_column_int64(st, 0), replies = sqlite3_column_int64(st, 2);
	time_t activity = (time_t)sqlite3_column_int64(st, 3);
	char url[40], iso[TIME_ISO_LEN], ago[40], label[40];
	snprintf(url, sizeof url, "/d/%" PRId64, id);
	time_shown(iso, ago, sizeof ago, now, activity, sqlite3_column_int(st, 7) != 0);
	json_t *row = json_object();
	set_str(row, "id", json_integer((json_int_t)id));
	set_str(row, "url", json_string_nocheck(url));
	set_str(row, "title", text_json((const char *)sqlite3_column_text(st, 1)));
	set_str(row, "topics", thread_topics_json(db, id));
	set_str(row, "replies", json_integer((json_int_t)replies));
	set_str(row, "replies_label", json_string_nocheck(replies_label(replies, label, sizeof label)));
	set_str(row, "last_activity", json_string_nocheck(iso));
	set_str(row, "last_activity_human", text_json(ago));
	set_str(row, "author", author_json(sqlite3_column_int(st, 4),
	                                   (const char *)sqlite3_column_text(st, 6),
	                                   (const char *)sqlite3_column_text(st, 5)));
	return row;
}

/* Appends to threads the pinned threads sql selects (at most a page), each marked "pinned".
 * Returns the rc of the last step: SQLITE_DONE when all went well. */
static int pinned_rows(struct db *db, const char *sql, int64_t filter, json_t *threads, time_t now)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, INT64_MAX);
	sqlite3_bind_int64(st, 2, INT64_MAX);
	sqlite3_bind_int(st, 3, PAGE_SIZE_THREADS);
	if (filter)
		sqlite3_bind_int64(st, 4, filter);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = thread_row(db, st, now);
		set_str(row, "pinned", json_true());
		json_array_append_new(threads, row);
	}
	sqlite3_reset(st);
	return rc;
}

void threadlist_reply(struct request *r, const char *sql, const char *pinned_sql, int64_t filter,
                      const char *base_path, const char *tpl, json_t *model)
{
	int64_t activity, id;
	sqlite3_stmt *st = NULL;
	if (parse_cursor(req_query(r, "before"), &activity, &id) != 0) {
		json_decref(model);
		respond_bad_cursor(r, base_path);
		return;
	}
	if (!(st = db_stmt(r->db, sql))) {
		json_decref(model);
		respond_error(r, 503, MSG_DB);
		return;
	}
	int opened = db_read_begin(r->db);  /* one snapshot for the list and its topics */
	sqlite3_bind_int64(st, 1, activity);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int(st, 3, PAGE_SIZE_THREADS + 1);
	if (filter)
		sqlite3_bind_int64(st, 4, filter);
	json_t *threads = json_array(), *next = json_null();
	time_t now = time(NULL);
	int64_t last_activity = 0, last_id = 0;
	int prc = pinned_sql && !req_query(r, "before")
	          ? pinned_rows(r->db, pinned_sql, filter, threads, now) : SQLITE_DONE;
	int rc = prc;
	size_t npinned = json_array_size(threads);
	while (prc == SQLITE_DONE && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (json_array_size(threads) == npinned + PAGE_SIZE_THREADS) {
			next = next_link(base_path, last_activity, last_id);
			break;
		}
		last_id = sqlite3_column_int64(st, 0);
		last_activity = sqlite3_column_int64(st, 3);
		json_array_append_new(threads, thread_row(r->db, st, now));
	}
	sqlite3_reset(st);
	db_read_end(r->db, opened);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(threads), json_decref(next), json_decref(model);
		respond_error(r, 503, MSG_DB);
		return;
	}
	json_object_set_new(model, "empty", json_boolean(json_array_size(threads) == 0));
	json_object_set_new(model, "threads", threads);
	json_object_set_new(model, "next_url", next);
	respond_page(r, 200, tpl, model);
}
