/* layoutmodel.c: the per-reader parts of the layout: inbox and notification counts, the
 * review queue's count for moderators, and the suspension notice a suspended member sees on
 * every page (web/suspnotice.c). The counts are kept in the worker's member memo
 * (membermemo.h) between writes. */
#include "layoutmodel.h"

#include <time.h>

#include "inbox.h"
#include "membermemo.h"
#include "notifications.h"
#include "review.h"
#include "session.h"
#include "suspnotice.h"
#include "timefmt.h"

/* The member's inbox or notification count, from the memo or worked out by count (a new
 * reference). */
static json_t *count_value(struct request *r, int64_t me, time_t now, enum member_memo_slot slot,
                           int64_t (*count)(struct db *db, int64_t member))
{
	struct member_memo_mark mark;
	json_t *n = member_memo_get(req_memo_db(r), me, slot, now, &mark);
	if (n)
		return json_incref(n);
	int64_t c = count(r->db, me);
	if (c < 0)
		return json_integer(0);
	n = json_integer(c);
	member_memo_put(req_memo_db(r), me, slot, &mark, json_incref(n), 0);
	return n;
}

void layout_viewer_extras(struct request *r)
{
	if (!r->viewer || !r->db || json_object_get(r->viewer, "inbox"))
		return;
	int64_t me = viewer_id(r);
	time_t now = time(NULL);
	json_object_set_new(r->viewer, "inbox", count_value(r, me, now, MEMO_INBOX_COUNT, inbox_count));
	json_object_set_new(r->viewer, "notifications",
	                    count_value(r, me, now, MEMO_NOTIFY_COUNT, notifications_new_count));
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
