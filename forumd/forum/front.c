/* front.c: GET /: the pinned dilemmas, then the latest by activity, 25 a page, keyset-paginated. */
#include "forum_handlers.h"
#include "threadlist.h"

#define BY_ACTIVITY "t.last_activity_at", "t.id"
static const struct threadlist latest = {
	THREADLIST_WALKS(THREADLIST_FROM THREADLIST_UNPINNED, BY_ACTIVITY),
	THREADLIST_COLUMNS THREADLIST_FROM THREADLIST_PINNED
	THREADLIST_PAST("t.last_activity_at", "t.id", "<", "DESC"),
	THREADLIST_BY_ACTIVITY,
};

/* GET /  ?before=CURSOR (older) or ?after=CURSOR (newer): the opaque keyset cursors of the
 * next_url and prev_url of another page */
void front_show(struct request *r)
{
	threadlist_reply(r, &latest, 0, "/", "front",
	                 json_pack("{s:s, s:s, s:{s:b}}", "title", "Latest dilemmas",
	                           "feed_url", "/feed.atom", "nav", "latest", 1));
}
