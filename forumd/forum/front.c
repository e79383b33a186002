/* front.c: GET /: the pinned dilemmas, then the latest by activity, 25 a page, keyset-paginated. */
#include "forum_handlers.h"
#include "threadlist.h"

static const char SQL_LATEST[] =
	THREADLIST_COLUMNS THREADLIST_FROM THREADLIST_UNPINNED THREADLIST_ORDER;
static const char SQL_PINNED[] =
	THREADLIST_COLUMNS THREADLIST_FROM THREADLIST_PINNED THREADLIST_ORDER;

/* GET /  ?before=CURSOR (the opaque keyset cursor of the previous page's next_url) */
void front_show(struct request *r)
{
	threadlist_reply(r, SQL_LATEST, SQL_PINNED, 0, "/", "front",
	                 json_pack("{s:s, s:s, s:{s:b}}", "title", "Latest dilemmas",
	                           "feed_url", "/feed.atom", "nav", "latest", 1));
}
