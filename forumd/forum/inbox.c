/* inbox.c: GET /inbox: threads the member started or replied in (or follows) with replies
 * from others, or the asker's update, newer than their last visit (thread.c moves the read
 * mark). */
#include "inbox.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "forum_handlers.h"
#include "authorship.h"
#include "limits.h"
#include "messages.h"
#include "postview.h"
#include "session.h"
#include "text.h"
#include "timefmt.h"
#include "visibility.h"

/* The threads the member posted in (by name, or anonymously: their sealed ledger) or
 * follows. */
#define INBOX_READ_MARK \
	"coalesce((SELECT last_post_id FROM read_marks WHERE reader = read_key(?1, t.id)), 0)"
#define INBOX_WHERE \
	" FROM threads t WHERE " VIS_THREAD_LISTED("t") \
	"   AND t.id IN (SELECT thread_id FROM posts WHERE member_id = ?1" \
	"                UNION SELECT value FROM json_each(" LEDGER_THREADS("?1") ")" \
	"                UNION SELECT thread_id FROM thread_follows WHERE member_id = ?1)" \
	"   AND EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.kind IN ('reply', 'update')" \
	"        AND " VIS_POST_LISTED("p") " AND NOT " AUTHORED_BY("p", "?1") \
	"        AND p.id > " INBOX_READ_MARK ")"

static const char SQL_INBOX_COUNT[] = "SELECT count(*)" INBOX_WHERE;
static const char SQL_INBOX[] =
	"SELECT t.id, t.title, t.last_activity_at, t.reply_count, " VIS_LAST_POST_ANONYMOUS("t") ","
	"       (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND p.kind = 'reply'"
	"         AND " VIS_POST_LISTED("p") " AND NOT " AUTHORED_BY("p", "?1")
	"         AND p.id > " INBOX_READ_MARK "),"
	"       (SELECT min(p.id) FROM posts p WHERE p.thread_id = t.id AND p.kind IN ('reply', 'update')"
	"         AND " VIS_POST_LISTED("p") " AND NOT " AUTHORED_BY("p", "?1")
	"         AND p.id > " INBOX_READ_MARK "),"
	"       EXISTS (SELECT 1 FROM posts p WHERE p.thread_id = t.id AND p.kind = 'update'"
	"         AND " VIS_POST_LISTED("p") " AND NOT " AUTHORED_BY("p", "?1")
	"         AND p.id > " INBOX_READ_MARK ")"
	INBOX_WHERE " ORDER BY t.last_activity_at DESC, t.id DESC LIMIT ?2";

int64_t inbox_count(struct db *db, int64_t member)
{
	sqlite3_stmt *st = db_stmt(db, SQL_INBOX_COUNT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/* GET /inbox */
void inbox_show(struct request *r)
{
	int64_t me = viewer_id(r);
	sqlite3_stmt *st = db_stmt(r->db, SQL_INBOX);
	if (!st) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	sqlite3_bind_int64(st, 1, me);
	sqlite3_bind_int(st, 2, INBOX_MAX_THREADS);
	json_t *threads = json_array();
	time_t now = time(NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), fresh = sqlite3_column_int64(st, 5);
		char url[64], iso[TIME_ISO_LEN], ago[40], label[80];
		int64_t first = sqlite3_column_int64(st, 6);   /* the link goes to the first new reply */
		if (first > 0)
			snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, id, first);
		else
			snprintf(url, sizeof url, "/d/%" PRId64, id);
		time_shown(iso, ago, sizeof ago, now, (time_t)sqlite3_column_int64(st, 2),
		           sqlite3_column_int(st, 4) != 0);
		bool update = sqlite3_column_int(st, 7) != 0;
		if (fresh)
			snprintf(label, sizeof label, "%" PRId64 " new repl%s%s", fresh, fresh == 1 ? "y" : "ies",
			         update ? " and the asker's update" : "");
		else
			snprintf(label, sizeof label, "The asker's update");
		json_array_append_new(threads, json_pack("{s:I, s:s, s:s, s:I, s:b, s:s, s:s, s:s}",
		    "id", (json_int_t)id, "url", url, "title", (const char *)sqlite3_column_text(st, 1),
		    "new_replies", (json_int_t)fresh, "new_update", update, "new_label", label,
		    "last_activity", iso, "last_activity_human", ago));
	}
	sqlite3_reset(st);
	size_t count = json_array_size(threads);
	char lede[96];
	text_count(lede, sizeof lede, (int64_t)count, "thread", "threads");
	strncat(lede, count == 1 ? " you took part in or follow has new replies." :
	        " you took part in or follow have new replies.", sizeof lede - strlen(lede) - 1);
	respond_page(r, 200, "inbox", json_pack("{s:s, s:I, s:s, s:o, s:b, s:{s:b}}", "title", "Inbox",
	           "count", (json_int_t)count, "lede", lede, "threads", threads,
	           "empty", json_array_size(threads) == 0, "nav", "inbox", 1));
}
