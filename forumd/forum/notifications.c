/* notifications.c: a member's notifications (notifications.h), GET /notifications, and
 * the header's count. Nothing here is stored per event: each kind is a query over the
 * member's posts (POSTS_OF: named, and anonymous through the sealed ledger), their threads,
 * follows and the mentions of their handle. Opening the page moves the member's "seen"
 * mark (members.notes_seen_at) on every look. "New" is newer than that look, to the second:
 * an event in the very second of a look, or a reply approved from the review queue after it
 * (it keeps the time it was written), reads as seen. */
#include "notifications.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "authorship.h"
#include "forum_handlers.h"
#include "limits.h"
#include "messages.h"
#include "session.h"
#include "text.h"
#include "timefmt.h"
#include "visibility.h"

/* ?1 the member, ?2 the oldest time shown, ?3 their last look. Each event: kind, thread,
 * post (the one to link to), count, how many are newer than the last look, when, a note,
 * and who (for a quote or mention: a handle or an anonymous alias). */
#define NOTE_OTHERS(p) VIS_POST_LISTED(p) " AND " p ".created_at >= ?2 AND " p ".id NOT IN mine"
#define NOTE_WHO(p) \
	"CASE WHEN " p ".anonymous THEN 'Anonymous ' || " p ".anon_alias" \
	" ELSE (SELECT handle FROM members WHERE id = " p ".member_id) END"
#define NOTE_EVENTS \
	"WITH mine(id) AS MATERIALIZED " POSTS_OF("?1") "," \
	" opened(id) AS MATERIALIZED " THREADS_OF("?1") "," \
	/* threads replied in (not opened): replies after the member's last are news; threads \
	 * followed: replies since the follow */ \
	" joined(thread_id, after_id, followed) AS MATERIALIZED (" \
	"   SELECT thread_id, max(after_id), max(followed) FROM (" \
	"     SELECT q.thread_id, q.id AS after_id, 0 AS followed FROM posts q" \
	"      WHERE q.id IN mine AND q.thread_id NOT IN opened" \
	"     UNION ALL SELECT thread_id, after_post, 1 FROM thread_follows WHERE member_id = ?1)" \
	"   GROUP BY thread_id)," \
	" events(kind, thread_id, post_id, n, n_new, at, note, who) AS (" \
	"   SELECT 'replies-mine', p.thread_id, coalesce(min(p.id) FILTER (WHERE p.created_at > ?3), min(p.id))," \
	"          count(*), count(*) FILTER (WHERE p.created_at > ?3), max(p.created_at), NULL, NULL" \
	"     FROM opened o JOIN posts p ON p.thread_id = o.id" \
	"    WHERE p.kind = 'reply' AND " NOTE_OTHERS("p") " GROUP BY p.thread_id" \
	"   UNION ALL" \
	"   SELECT CASE WHEN j.followed THEN 'replies-followed' ELSE 'replies-joined' END, p.thread_id," \
	"          coalesce(min(p.id) FILTER (WHERE p.created_at > ?3), min(p.id))," \
	"          count(*), count(*) FILTER (WHERE p.created_at > ?3), max(p.created_at), NULL, NULL" \
	"     FROM joined j JOIN posts p ON p.thread_id = j.thread_id" \
	"    WHERE p.kind = 'reply' AND p.id > j.after_id AND " NOTE_OTHERS("p") \
	"    GROUP BY p.thread_id" \
	"   UNION ALL" \
	"   SELECT 'quote', p.thread_id, p.id, 1, p.created_at > ?3, p.created_at, NULL, " NOTE_WHO("p") \
	"     FROM mine JOIN posts p ON p.quote_post_id = mine.id WHERE " NOTE_OTHERS("p") \
	"   UNION ALL" \
	"   SELECT 'mention', p.thread_id, p.id, 1, p.created_at > ?3, p.created_at, NULL, " NOTE_WHO("p") \
	"     FROM mentions m JOIN posts p ON p.id = m.post_id WHERE m.member_id = ?1 AND " NOTE_OTHERS("p") \
	"   UNION ALL" \
	"   SELECT 'pick', p.thread_id, p.id, 1, p.picked_at > ?3, p.picked_at, p.pick_note, NULL" \
	"     FROM mine JOIN posts p ON p.id = mine.id" \
	"    WHERE p.mod_pick = 1 AND p.picked_at >= ?2 AND p.state <> 'removed'" \
	"   UNION ALL" \
	"   SELECT 'marked', p.thread_id, p.id, 1, p.op_marked_at > ?3, p.op_marked_at, NULL, NULL" \
	"     FROM mine JOIN posts p ON p.id = mine.id" \
	"    WHERE p.op_marked = 1 AND p.op_marked_at >= ?2 AND p.state <> 'removed'" \
	"   UNION ALL" \
	"   SELECT 'helpful', p.thread_id, p.id, count(*), count(*) FILTER (WHERE v.created_at > ?3)," \
	"          max(v.created_at), NULL, NULL" \
	"     FROM mine JOIN helpful_votes v ON v.post_id = mine.id JOIN posts p ON p.id = v.post_id" \
	"    WHERE v.created_at >= ?2 AND p.state <> 'removed' GROUP BY p.id" \
	"   UNION ALL" \
	"   SELECT 'hidden', p.thread_id, p.id, 1, p.hidden_at > ?3, p.hidden_at, p.mod_reason, NULL" \
	"     FROM mine JOIN posts p ON p.id = mine.id WHERE p.state = 'hidden' AND p.hidden_at >= ?2" \
	"   UNION ALL" \
	"   SELECT 'edited', p.thread_id, p.id, 1, r.replaced_at > ?3, r.replaced_at, r.mod_note, NULL" \
	"     FROM mine JOIN post_revisions r ON r.post_id = mine.id JOIN posts p ON p.id = r.post_id" \
	"    WHERE r.mod_note IS NOT NULL AND r.replaced_at >= ?2 AND p.state <> 'removed')"

/* Others' posts count in listed threads only (a hidden or held thread's replies stay
 * 'visible'); a moderator's hide or edit of the member's own post is told in any. */
#define NOTE_SHOWN \
	" FROM events e JOIN threads t ON t.id = e.thread_id" \
	" WHERE e.kind IN ('hidden', 'edited') OR " VIS_THREAD_LISTED("t")
static const char SQL_COUNT[] =
	NOTE_EVENTS " SELECT count(*)" NOTE_SHOWN " AND e.n_new > 0";
static const char SQL_LIST[] =
	NOTE_EVENTS " SELECT e.kind, e.thread_id, e.post_id, e.n, e.n_new, e.at, e.note, e.who, t.title"
	NOTE_SHOWN " ORDER BY e.at DESC, e.post_id DESC LIMIT ?4";
static const char SQL_SEEN[] = "SELECT notes_seen_at FROM members WHERE id = ?1";
static const char SQL_MARK_SEEN[] =
	"UPDATE members SET notes_seen_at = ?2 WHERE id = ?1 AND notes_seen_at < ?2";

/* The member's last look at their notifications, or -1 on error. */
static int64_t seen_at(struct db *db, int64_t member)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SEEN);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	int64_t seen = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return seen;
}

static void bind_window(sqlite3_stmt *st, int64_t member, time_t now, int64_t seen)
{
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, (int64_t)now - (int64_t)NOTIFY_DAYS * 86400);
	sqlite3_bind_int64(st, 3, seen);
}

int64_t notifications_new_count(struct db *db, int64_t member)
{
	int64_t seen = seen_at(db, member);
	sqlite3_stmt *st = seen < 0 ? NULL : db_stmt(db, SQL_COUNT);
	if (!st)
		return -1;
	bind_window(st, member, time(NULL), seen);
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

/* What happened, in words, for an event of kind with count n by who. */
static void event_text(char *out, size_t len, const char *kind, int64_t n, const char *who)
{
	char count[48];
	if (!who)
		who = "A former member";
	if (strcmp(kind, "replies-mine") == 0) {
		text_count(count, sizeof count, n, "reply", "replies");
		snprintf(out, len, "%s to your dilemma", count);
	} else if (strcmp(kind, "replies-joined") == 0) {
		text_count(count, sizeof count, n, "reply", "replies");
		snprintf(out, len, "%s after yours in", count);
	} else if (strcmp(kind, "replies-followed") == 0) {
		text_count(count, sizeof count, n, "reply", "replies");
		snprintf(out, len, "%s in a dilemma you follow:", count);
	} else if (strcmp(kind, "quote") == 0) {
		snprintf(out, len, "%s quoted your post in", who);
	} else if (strcmp(kind, "mention") == 0) {
		snprintf(out, len, "%s mentioned you in", who);
	} else if (strcmp(kind, "pick") == 0) {
		snprintf(out, len, "A moderator picked your reply in");
	} else if (strcmp(kind, "marked") == 0) {
		snprintf(out, len, "The asker said your reply helped them in");
	} else if (strcmp(kind, "helpful") == 0) {
		text_count(count, sizeof count, n, "nurse", "nurses");
		snprintf(out, len, "%s found your post helpful in", count);
	} else if (strcmp(kind, "hidden") == 0) {
		snprintf(out, len, "A moderator hid your post in");
	} else {
		snprintf(out, len, "A moderator edited your post in");
	}
}

/* One row of SQL_LIST as the page's and the feed's item. */
static json_t *event_item(sqlite3_stmt *st, time_t now)
{
	const char *kind = (const char *)sqlite3_column_text(st, 0);
	if (!kind)
		kind = "";
	int64_t thread = sqlite3_column_int64(st, 1), post = sqlite3_column_int64(st, 2);
	int64_t n = sqlite3_column_int64(st, 3), fresh = sqlite3_column_int64(st, 4);
	char text[160], url[64], iso[TIME_ISO_LEN], ago[40];
	event_text(text, sizeof text, kind, n, (const char *)sqlite3_column_text(st, 7));
	snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, thread, post);
	/* others' posts may be anonymous: their times to the hour, as on the thread page */
	bool coarse = strncmp(kind, "replies", 7) == 0 || strcmp(kind, "quote") == 0 ||
	              strcmp(kind, "mention") == 0 || strcmp(kind, "marked") == 0;
	int64_t at = sqlite3_column_int64(st, 5);
	time_shown(iso, ago, sizeof ago, now, (time_t)at, coarse);
	/* the entry's id for good: a batch keeps its own as it grows; a post edited twice by
	 * moderators has two */
	char id[96];
	snprintf(id, sizeof id, "%s-%" PRId64 "-%" PRId64, kind, thread, post);
	if (strcmp(kind, "edited") == 0)
		snprintf(id + strlen(id), sizeof id - strlen(id), "-%" PRId64, at);
	json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:s, s:s, s:I}", "id", id,
	    "kind", kind, "text", text, "title", (const char *)sqlite3_column_text(st, 8),
	    "url", url, "count", (json_int_t)n, "new", fresh > 0, "at", iso, "at_human", ago,
	    "at_unix", (json_int_t)(coarse ? at - at % 3600 : at));
	if (sqlite3_column_type(st, 6) == SQLITE_TEXT)
		json_object_set_new(item, "note", json_string((const char *)sqlite3_column_text(st, 6)));
	return item;
}

json_t *notifications_list(struct db *db, int64_t member, time_t now, int64_t *seen)
{
	*seen = seen_at(db, member);
	sqlite3_stmt *st = *seen < 0 ? NULL : db_stmt(db, SQL_LIST);
	if (!st)
		return NULL;
	bind_window(st, member, now, *seen);
	sqlite3_bind_int(st, 4, NOTIFY_MAX);
	json_t *items = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(items, event_item(st, now));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return NULL;
	}
	return items;
}

/* Moves the member's last look to now, on every look (so the database never says whether
 * anything was new then). */
static void mark_seen(struct db *db, int64_t member, time_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_MARK_SEEN);
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, (int64_t)now);
	db_step_done(st);
}

/* GET /notifications */
void notifications_show(struct request *r)
{
	int64_t me = viewer_id(r), seen;
	time_t now = time(NULL);
	json_t *items = notifications_list(r->db, me, now, &seen);
	if (!items) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	size_t i, fresh = 0;
	json_t *item;
	json_array_foreach(items, i, item)
		fresh += json_is_true(json_object_get(item, "new"));
	char lede[96];
	if (fresh)
		text_count(lede, sizeof lede, (int64_t)fresh, "new notification.", "new notifications.");
	else
		snprintf(lede, sizeof lede, "Nothing new since you last looked.");
	json_t *model = json_pack("{s:s, s:s, s:I, s:o, s:b, s:i, s:s, s:{s:b}}", "title", "Notifications",
	    "lede", lede, "new_count", (json_int_t)fresh, "notifications", items,
	    "empty", json_array_size(items) == 0, "days", NOTIFY_DAYS, "csrf", csrf_token(r),
	    "nav", "notifications", 1);
	notify_feed_model(r, me, model);
	const char *feed = req_query(r, "feed");
	if (feed && strcmp(feed, "stopped") == 0)
		json_object_set_new(model, "notice", json_string("Your private feed is stopped: its address no longer works."));
	if (r->method == EVHTTP_REQ_GET)
		mark_seen(r->db, me, now);
	respond_page(r, 200, "notifications", model);
}
