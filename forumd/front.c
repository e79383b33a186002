/* front.c: GET /: the latest dilemmas by activity, 25 a page, keyset-paginated. */
#include "handlers.h"
#include "threadlist.h"

static const char SQL_LATEST[] = THREADLIST_COLUMNS THREADLIST_FROM THREADLIST_ORDER;

/* GET /  ?before=ACTIVITY.ID (keyset cursor from the previous page's next_url) */
void front_show(struct request *r)
{
	threadlist_reply(r, SQL_LATEST, 0, "/", "front",
	                 json_pack("{s:s, s:s, s:{s:b}}", "title", "Latest dilemmas",
	                           "feed_url", "/feed.atom", "nav", "latest", 1));
}
