/* layoutmodel.c: the per-reader parts of the layout: inbox count, review queue count for
 * moderators, and the suspension notice a suspended member sees on every page. The inbox
 * count and the notice are kept in the worker's member memo (membermemo.h) between writes. */
#include "layoutmodel.h"

#include <time.h>

#include "inbox.h"
#include "limits.h"
#include "membermemo.h"
#include "review.h"
#include "session.h"
#include "suspension.h"
#include "timefmt.h"

/* The notice until *ends; json null when the member is not suspended (true until a write
 * changes it); NULL when there is no notice to show that can be kept (a database error). */
static json_t *suspension_model(struct db *db, int64_t member, int64_t *ends)
{
	char reason[MOD_REASON_MAX_CHARS * 4 + 1] = "", iso[TIME_ISO_LEN], day[32];
	*ends = 0;
	if (!suspension_active(db, member, reason, sizeof reason, ends))
		return json_null();
	if (*ends == 0)
		return NULL;
	time_t t = (time_t)*ends;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(day, sizeof day, "%e %B %Y", &tm);
	time_iso(iso, t);
	return json_pack("{s:s, s:s, s:s}", "reason", reason[0] ? reason : "no reason given",
	                 "until", iso, "until_human", day[0] == ' ' ? day + 1 : day);
}

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

/* The member's suspension notice or json null, from the memo or worked out (new reference). */
static json_t *suspension_value(struct request *r, int64_t me, time_t now)
{
	struct member_memo_mark mark;
	json_t *s = member_memo_get(req_memo_db(r), me, MEMO_SUSPENSION, now, &mark);
	if (s)
		return json_incref(s);
	int64_t ends;
	if (!(s = suspension_model(r->db, me, &ends)))
		return json_null();
	member_memo_put(req_memo_db(r), me, MEMO_SUSPENSION, &mark, json_incref(s), (time_t)ends);
	return s;
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
	json_t *s = suspension_value(r, me, now);
	if (json_is_object(s))
		json_object_set_new(r->viewer, "suspension", s);
	else
		json_decref(s);
}
