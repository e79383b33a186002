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
 * keys: migration 0010), binds ?1 activity and ?2 id of the cursor, ?3 the row limit, and ?4
 * its filter (if any), and ends with THREADLIST_ORDER or THREADLIST_LIST_ORDER: each a walk
 * of one index, bounded by the page, at any depth. */
#define THREADLIST_COLUMNS \
	"SELECT t.id, t.title, t.reply_count, t.last_activity_at, t.anonymous, m.handle, d.anon_alias," \
	"       " VIS_LAST_POST_ANONYMOUS("t")
#define THREADLIST_JOINS \
	"  LEFT JOIN members m ON m.id = t.member_id" \
	"  LEFT JOIN posts d ON d.thread_id = t.id AND d.kind = 'dilemma'"
#define THREADLIST_FROM \
	"  FROM threads t" THREADLIST_JOINS \
	" WHERE " VIS_THREAD_LISTED("t") \
	"   AND (t.last_activity_at < ?1 OR (t.last_activity_at = ?1 AND t.id < ?2))"
#define THREADLIST_FROM_LIST(table, key) \
	"  FROM " table " w CROSS JOIN threads t ON t.id = w.thread_id" THREADLIST_JOINS \
	" WHERE w." key " = ?4 AND " VIS_THREAD_LISTED("t") \
	"   AND (w.last_activity_at < ?1 OR (w.last_activity_at = ?1 AND w.thread_id < ?2))"
#define THREADLIST_UNPINNED " AND t.pinned = 0"
#define THREADLIST_PINNED " AND t.pinned = 1"
#define THREADLIST_ORDER " ORDER BY t.last_activity_at DESC, t.id DESC LIMIT ?3"
#define THREADLIST_LIST_ORDER " ORDER BY w.last_activity_at DESC, w.thread_id DESC LIMIT ?3"

/* Runs sql (bound as above; filter 0 leaves ?4 unbound) from the ?before= cursor and answers
 * template tpl with model plus "threads", "next_url" (base_path?before=CURSOR, opaque: see
 * base/cursor.h) and "empty".
 * On the first page, the threads pinned_sql selects (bound the same way; NULL: none) come
 * first, each with "pinned": true; sql should then leave pinned threads out. Takes model. */
void threadlist_reply(struct request *r, const char *sql, const char *pinned_sql, int64_t filter,
                      const char *base_path, const char *tpl, json_t *model);
#endif
