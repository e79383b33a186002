/* suspnotice.c: the notice a suspended member sees (the layout's banner, in place of the
 * reply form), kept in the worker's member memo (membermemo.h) until the suspension ends
 * or a write changes it. */
#include "suspnotice.h"

#include <time.h>

#include "limits.h"
#include "membermemo.h"
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

json_t *viewer_suspension(struct request *r)
{
	int64_t me = viewer_id(r);
	time_t now = time(NULL);
	if (!me || !r->db)
		return json_null();
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

