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

/* base?DIR=CURSOR (or base&DIR=... when base holds a query), or null. */
static json_t *page_link(const char *base, const char *dir, int64_t key, int64_t id)
{
	char cursor[CURSOR_LEN], buf[320];
	if (cursor_seal(keys_cursor_key(), key, id, cursor) != 0)
		return json_null();
	snprintf(buf, sizeof buf, "%s%c%s=%s", base, strchr(base, '?') ? '&' : '?', dir, cursor);
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
	set_str(row, "has_update", json_boolean(sqlite3_column_int(st, 9) != 0));
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

/* One walk of a list from a cursor: a page of rows in the order shown (newest first). */
struct walk {
	bool newer;                /* walking towards the top (?after=) */
	int64_t key, id;           /* the cursor */
	json_t *threads;
	int64_t first_key, first_id, last_key, last_id;  /* the page's ends as shown */
	bool more;                 /* rows past the page in the walk's direction */
};

/* Runs sql for w: up to a page of rows into w->threads (newest first), w->more when there
 * is a further row. Returns the last step's rc (SQLITE_DONE or SQLITE_ROW when fine). */
static int walk_rows(struct db *db, const struct threadlist *list, const char *sql, int64_t filter,
                     struct walk *w, time_t now)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return SQLITE_ERROR;
	sqlite3_bind_int64(st, 1, w->key);
	sqlite3_bind_int64(st, 2, w->id);
	sqlite3_bind_int(st, 3, PAGE_SIZE_THREADS + 1);
	if (filter)
		sqlite3_bind_int64(st, 4, filter);
	int rc, n = 0;
	int64_t walked[2][2] = { { 0, 0 }, { 0, 0 } };  /* the first and last rows walked: key, id */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == PAGE_SIZE_THREADS) {
			w->more = true;
			break;
		}
		int64_t key = sqlite3_column_int64(st, (int)list->key), id = sqlite3_column_int64(st, 0);
		if (n == 1)
			walked[0][0] = key, walked[0][1] = id;
		walked[1][0] = key, walked[1][1] = id;
		json_array_insert_new(w->threads, w->newer ? 0 : json_array_size(w->threads),
		                      thread_row(db, st, now));
	}
	sqlite3_reset(st);
	int top = w->newer ? 1 : 0;  /* a newer walk shows its last row first */
	w->first_key = walked[top][0], w->first_id = walked[top][1];
	w->last_key = walked[1 - top][0], w->last_id = walked[1 - top][1];
	return rc;
}

/* Reads ?before= or ?after= into w. Returns 0, or -1 for a cursor that does not open. */
static int read_cursor(struct request *r, struct walk *w)
{
	const char *before = req_query(r, "before"), *after = req_query(r, "after");
	w->key = w->id = INT64_MAX;
	if (before && after)
		return -1;
	w->newer = after != NULL;
	if (!before && !after)
		return 0;
	return cursor_open(keys_cursor_key(), before ? before : after, &w->key, &w->id) == 0 ? 0 : -1;
}

void threadlist_reply(struct request *r, const struct threadlist *list, int64_t filter,
                      const char *base, const char *tpl, json_t *model)
{
	struct walk w = { 0 };
	if (read_cursor(r, &w) != 0) {
		json_decref(model);
		respond_bad_cursor(r, base);
		return;
	}
	bool cursor = w.key != INT64_MAX || w.id != INT64_MAX;
	time_t now = time(NULL);
	int opened = db_read_begin(r->db);  /* one snapshot for the list and its topics */
	w.threads = json_array();
	int rc = walk_rows(r->db, list, w.newer ? list->newer : list->older, filter, &w, now);
	if (w.newer && !w.more && (rc == SQLITE_DONE || rc == SQLITE_ROW)) {
		/* the top: the first page, as it is without a cursor */
		json_decref(w.threads);
		w = (struct walk){ .key = INT64_MAX, .id = INT64_MAX, .threads = json_array() };
		cursor = false;
		rc = walk_rows(r->db, list, list->older, filter, &w, now);
	}
	json_t *top = json_array();
	if (!cursor && list->pinned && (rc == SQLITE_DONE || rc == SQLITE_ROW))
		rc = pinned_rows(r->db, list->pinned, filter, top, now);
	db_read_end(r->db, opened);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(w.threads), json_decref(top), json_decref(model);
		respond_error(r, 503, MSG_DB);
		return;
	}
	bool any = json_array_size(w.threads) > 0;
	bool older = w.newer ? any : w.more, newer = w.newer ? w.more : cursor && any;
	json_object_set_new(model, "next_url", older ? page_link(base, "before", w.last_key, w.last_id)
	                                             : json_null());
	json_object_set_new(model, "prev_url", newer ? page_link(base, "after", w.first_key, w.first_id)
	                                             : json_null());
	json_object_set_new(model, "pager", json_boolean(older || newer));
	json_array_extend(top, w.threads);
	json_decref(w.threads);
	json_object_set_new(model, "empty", json_boolean(json_array_size(top) == 0));
	json_object_set_new(model, "threads", top);
	respond_page(r, 200, tpl, model);
}
