/* layoutmodel.c: the per-reader parts of the layout: inbox count, review queue count for
 * moderators, and the suspension notice a suspended member sees on every page
 * (web/suspnotice.c). The inbox count is kept in the worker's member memo (membermemo.h)
 * between writes. */
#include "layoutmodel.h"

#include <time.h>

#include "inbox.h"
#include "membermemo.h"
#include "review.h"
#include "session.h"
#include "suspnotice.h"
#include "timefmt.h"

/* The member's inbox count, from the memo or worked out (a new reference). */
static json_t *inbox_value(struct request *r, int64_t me, time_t now)
{
	struct member_memo_mark mark;
	json_t *n = member_memo_get(req_memo_db(r), me, MEMO_INBOX_COUNT, now, &mark);
	if (n)
		return json_incref(n);
	int64_t count = inbox_count(r->db, me);
	if (count < 0)
		return json_integer(0);
	n = json_integer(count);
	member_memo_put(req_memo_db(r), me, MEMO_INBOX_COUNT, &mark, json_incref(n), 0);
	return n;
}

void layout_viewer_extras(struct request *r)
{
	if (!r->viewer || !r->db || json_object_get(r->viewer, "inbox"))
		return;
	int64_t me = viewer_id(r);
	time_t now = time(NULL);
	json_object_set_new(r->viewer, "inbox", inbox_value(r, me, now));
	if (viewer_is_moderator(r)) {
		json_object_set_new(r->viewer, "moderator", json_true());
		json_object_set_new(r->viewer, "review_queue",
		                    json_integer(review_queue_count(r->db)));
	}
	json_t *s = viewer_suspension(r);
	if (json_is_object(s))
		json_object_set_new(r->viewer, "suspension", s);
	else
		json_decref(s);
}
