/* threadlist.h: one page of a thread list (latest, unanswered, topic, specialty), 25 a page
 * with keyset pagination on (last_activity_at, id). */
#ifndef FORUMD_THREADLIST_H
#define FORUMD_THREADLIST_H
#include <stdint.h>
#include "request.h"
#include "visibility.h"

/* Every list query selects THREADLIST_COLUMNS from threads t joined as THREADLIST_FROM (all
 * threads) or THREADLIST_FROM_LIST (the threads of one topic or specialty: the rows of
 * thread_topics or thread_specialties w whose key is ?4, which carry their thread's sort
 * keys: migration 0010). It binds ?1 and ?2, the sort key and thread id of the cursor, ?3
 * the row limit and ?4 its filter (if any), and ends as THREADLIST_WALKS writes it: each
 * statement a walk of one index, bounded by the page, at any depth. */
#define THREADLIST_COLUMNS \
	"SELECT t.id, t.title, t.reply_count, t.last_activity_at, t.anonymous, m.handle, d.anon_alias," \
	"       " VIS_LAST_POST_ANONYMOUS("t") ", t.helpful_total, t.has_update"
#define THREADLIST_JOINS \
	"  LEFT JOIN members m ON m.id = t.member_id" \
	"  LEFT JOIN posts d ON d.thread_id = t.id AND d.kind = 'dilemma'"
#define THREADLIST_FROM \
	"  FROM threads t" THREADLIST_JOINS " WHERE " VIS_THREAD_LISTED("t")
#define THREADLIST_FROM_LIST(table, key) \
	"  FROM " table " w CROSS JOIN threads t ON t.id = w.thread_id" THREADLIST_JOINS \
	" WHERE w." key " = ?4 AND " VIS_THREAD_LISTED("t")
#define THREADLIST_UNPINNED " AND t.pinned = 0"
#define THREADLIST_PINNED " AND t.pinned = 1"

/* The rows past the cursor (key k, thread id i) in direction op, sorted dir. The pair k, i
 * may come as one macro (the indirection lets it expand first). */
#define THREADLIST_PAST(...) THREADLIST_PAST_(__VA_ARGS__)
#define THREADLIST_PAST_(k, i, op, dir) \
	" AND (" k " " op " ?1 OR (" k " = ?1 AND " i " " op " ?2))" \
	" ORDER BY " k " " dir ", " i " " dir " LIMIT ?3"
/* The older and newer walks of a list, for a struct threadlist's first two fields. */
#define THREADLIST_WALKS(...) THREADLIST_WALKS_(__VA_ARGS__)
#define THREADLIST_WALKS_(from, k, i) \
	THREADLIST_COLUMNS from THREADLIST_PAST(k, i, "<", "DESC"), \
	THREADLIST_COLUMNS from THREADLIST_PAST(k, i, ">", "ASC")

enum threadlist_key { THREADLIST_BY_ACTIVITY = 3, THREADLIST_BY_HELPFUL = 8 };  /* columns */

/* One list: its walks (THREADLIST_WALKS), the pinned threads its first page starts with (a
 * statement walking like `older`, or NULL), and the column its cursor is made of. */
struct threadlist {
	const char *older;
	const char *newer;
	const char *pinned;
	enum threadlist_key key;
};

/* Answers template tpl with model plus "threads", "next_url" (older: base?before=CURSOR) and
 * "prev_url" (newer: base?after=CURSOR), both opaque (base/cursor.h) and null at either
 * end, and "empty". The first page (no cursor, or a newer walk that reaches the top) starts
 * with the pinned threads, each with "pinned": true. base may hold a query already (the
 * cursor joins it with '&'). filter 0 leaves ?4 unbound. Takes model. */
void threadlist_reply(struct request *r, const struct threadlist *list, int64_t filter,
                      const char *base, const char *tpl, json_t *model);
#endif
