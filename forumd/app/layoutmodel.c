/* layoutmodel.c: the per-reader parts of the layout: inbox count, review queue count for
 * moderators, and the suspension notice a suspended member sees on every page. */
#include "layoutmodel.h"

#include <time.h>

#include "inbox.h"
#include "limits.h"
#include "review.h"
#include "session.h"
#include "suspension.h"
#include "timefmt.h"

static json_t *suspension_model(struct db *db, int64_t member)
{
	char reason[MOD_REASON_MAX_CHARS * 4 + 1] = "", iso[TIME_ISO_LEN], day[32];
	int64_t ends = 0;
	if (!suspension_active(db, member, reason, sizeof reason, &ends) || ends == 0)
		return NULL;
	time_t t = (time_t)ends;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(day, sizeof day, "%e %B %Y", &tm);
	time_iso(iso, t);
	return json_pack("{s:s, s:s, s:s}", "reason", reason[0] ? reason : "no reason given",
	                 "until", iso, "until_human", day[0] == ' ' ? day + 1 : day);
}

void layout_viewer_extras(struct request *r)
{
	if (!r->viewer || !r->db || json_object_get(r->viewer, "inbox"))
		return;
	int64_t me = viewer_id(r);
	json_object_set_new(r->viewer, "inbox", json_integer(inbox_count(r->db, me)));
	if (viewer_is_moderator(r)) {
		json_object_set_new(r->viewer, "moderator", json_true());
		json_object_set_new(r->viewer, "review_queue",
		                    json_integer(review_queue_count(r->db)));
	}
	json_t *s = suspension_model(r->db, me);
	if (s)
		json_object_set_new(r->viewer, "suspension", s);
}
