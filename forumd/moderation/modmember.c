/* modmember.c: moderators' actions on members (GET /moderation/member/:handle, POST
 * /moderation/member/:handle/:action: suspend, unsuspend; promote and demote for admins) and
 * the moderation logs: the full one for moderators (/moderation/audit) and the public one
 * (/moderation/log: action, target, public reason, time; never which moderator). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "limits.h"
#include "members.h"
#include "moderation_handlers.h"
#include "modmember.h"
#include "postcheck.h"
#include "postview.h"
#include "session.h"
#include "suspension.h"
#include "text.h"
#include "timefmt.h"
#include "viewer_audit.h"

static const char SQL_AUDIT_PAGE[] =
	"SELECT id, at, actor_handle, action, target_kind, target_url, public_reason, note"
	"  FROM mod_audit WHERE id < ?1 ORDER BY id DESC LIMIT ?2";

int member_suspension_refusal(const struct request *r, int64_t member_id, const char *role,
                              const char **msg)
{
	if (strcmp(role, "member") != 0 && !viewer_is_admin(r)) {
		*msg = "Only an admin can suspend a moderator or an admin.";
		return 403;
	}
	if (member_id == viewer_id(r)) {
		*msg = "You cannot suspend yourself.";
		return 409;
	}
	return 0;
}

int suspension_form_read(struct request *r, int64_t *days, const char **reason, const char **msg)
{
	const char *why = req_form(r, "reason");
	while (why && *why == ' ')
		why++;
	if (parse_int(req_form(r, "days"), 1, SUSPEND_MAX_DAYS, days) != 0 || !why || !*why ||
	    !text_is_clean(why, strlen(why), false) || text_chars(why, strlen(why)) > MOD_REASON_MAX_CHARS) {
		*msg = "Give the number of days (1 to " LIMIT_TEXT(SUSPEND_MAX_DAYS) ") and a reason the "
		       "member will see (one line, at most " LIMIT_TEXT(MOD_REASON_MAX_CHARS) " characters).";
		return 400;
	}
	*reason = why;
	return 0;
}

/* Reads :handle into m, answering 404/503 and returning -1 when there is none. */
static int member_param(struct request *r, struct member_row *m)
{
	const char *h = r->params[0];
	int rc = text_is_clean(h, strlen(h), false) && strlen(h) <= HANDLE_MAX_CHARS
	         ? member_find(r->db, h, m) : 1;
	if (rc != 0)
		respond_error(r, rc > 0 ? 404 : 503, rc > 0 ? "There is no such member." : MSG_DB);
	return rc == 0 ? 0 : -1;
}

/* GET /moderation/member/:handle: the member's role and suspension, with the actions. */
void moderation_member(struct request *r)
{
	struct member_row m;
	if (member_param(r, &m) != 0)
		return;
	char reason[MOD_REASON_MAX_CHARS * 4 + 1] = "", until[TIME_ISO_LEN] = "", base[64];
	int64_t ends = 0;
	bool suspended = suspension_active_by_name(r->db, m.id, reason, sizeof reason, &ends);
	if (suspended)
		time_iso(until, (time_t)ends);
	snprintf(base, sizeof base, "/moderation/member/%s", m.handle);
	json_t *model = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:b, s:b, s:b}",
	    "title", "Moderate a member", "csrf", csrf_token(r), "handle", m.handle, "url", m.url,
	    "role", m.role, "action_base", base, "suspended", suspended, "suspension_reason", reason,
	    "suspended_until", until, "is_admin_viewer", viewer_is_admin(r),
	    "is_member", strcmp(m.role, "member") == 0, "is_moderator", strcmp(m.role, "moderator") == 0);
	respond_page(r, 200, "mod_member", model);
}

static int set_role(struct request *r, const struct member_row *m, const char *from,
                    const char *to, const char **msg)
{
	if (strcmp(m->role, from) != 0) {
		*msg = strcmp(to, "moderator") == 0 ? "Only a member can be promoted to moderator."
		                                    : "Only a moderator can be demoted to member.";
		return 409;
	}
	return member_set_role(r->db, m->id, to);
}

/* Runs one member action inside the transaction: 0, an HTTP status (msg), or -1. */
static int member_action(struct request *r, const struct member_row *m, const char *action,
                         const char **msg)
{
	const char *reason = NULL;
	char note[48] = "";
	int rc;
	if (!strcmp(action, "promote") || !strcmp(action, "demote")) {
		if (!viewer_is_admin(r)) {
			*msg = "Only an admin can promote or demote moderators.";
			return 403;
		}
		rc = action[0] == 'p' ? set_role(r, m, "member", "moderator", msg)
		                      : set_role(r, m, "moderator", "member", msg);
	} else if (!strcmp(action, "suspend") || !strcmp(action, "unsuspend")) {
		if ((rc = member_suspension_refusal(r, m->id, m->role, msg)) != 0)
			return rc;
		if (action[0] == 'u') {
			rc = suspension_lift(r->db, m->id);
			if (rc == 0) {
				*msg = "This member is not suspended.";
				return 409;
			}
			rc = rc < 0 ? -1 : 0;
		} else {
			int64_t days;
			if ((rc = suspension_form_read(r, &days, &reason, msg)) != 0)
				return rc;
			text_count(note, sizeof note, days, "day", "days");
			rc = suspension_start(r->db, m->id, (int)days, reason);
		}
	} else {
		*msg = "There is no such moderator action.";
		return 404;
	}
	if (rc != 0)
		return rc;
	return audit_viewer(r, action, "member", m->id, m->url, reason, *note ? note : NULL);
}

/* POST /moderation/member/:handle/:action  action: suspend (days, reason) | unsuspend |
 *   promote | demote (admins only); csrf */
void moderation_member_action(struct request *r)
{
	struct member_row m;
	if (member_param(r, &m) != 0)
		return;
	const char *msg = NULL;
	int rc = db_begin(r->db) == SQLITE_OK ? member_action(r, &m, r->params[1], &msg) : -1;
	if (rc != 0 || db_commit(r->db) != SQLITE_OK) {
		db_rollback(r->db);
		respond_error(r, rc > 0 ? rc : 503, rc > 0 ? msg : MSG_DB);
		return;
	}
	char back[64];
	snprintf(back, sizeof back, "/moderation/member/%s", m.handle);
	respond_redirect(r, back);
}

/* ================================================================ the logs */

/* A page of the audit log before the row id `before`; full: with moderator and note. */
static json_t *audit_rows(struct request *r, bool full, int64_t before, int64_t *last)
{
	json_t *rows = json_array();
	sqlite3_stmt *st = db_stmt(r->db, SQL_AUDIT_PAGE);
	*last = 0;
	if (!st)
		return rows;
	sqlite3_bind_int64(st, 1, before);
	sqlite3_bind_int(st, 2, MOD_LOG_PAGE);
	while (sqlite3_step(st) == SQLITE_ROW) {
		char iso[TIME_ISO_LEN];
		time_iso(iso, (time_t)sqlite3_column_int64(st, 1));
		const char *kind = (const char *)sqlite3_column_text(st, 4);
		bool member = !strcmp(kind, "member");
		/* the public log names no member: no handle, no profile link */
		json_t *row = json_pack("{s:s, s:s, s:s, s:s?, s:s}", "at", iso,
		    "action", (const char *)sqlite3_column_text(st, 3),
		    "target", !strcmp(kind, "post-author") ? "the author of a post"
		              : member && !full ? "a member" : kind,
		    "target_url", member && !full ? NULL : (const char *)sqlite3_column_text(st, 5),
		    "public_reason", (const char *)sqlite3_column_text(st, 6));
		if (full) {
			json_object_set_new(row, "moderator", json_string((const char *)sqlite3_column_text(st, 2)));
			json_object_set_new(row, "note", json_string((const char *)sqlite3_column_text(st, 7)));
		}
		json_array_append_new(rows, row);
		*last = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rows;
}

static void log_reply(struct request *r, bool full)
{
	const char *path = full ? "/moderation/audit" : "/moderation/log";
	const char *b = req_query(r, "before");
	int64_t before = INT64_MAX, last;
	if (b && parse_id(b, &before) != 0) {
		respond_bad_cursor(r, path);
		return;
	}
	json_t *rows = audit_rows(r, full, before, &last);
	char next[64] = "";
	if (json_array_size(rows) == MOD_LOG_PAGE)
		snprintf(next, sizeof next, "%s?before=%" PRId64, path, last);
	json_t *model = json_pack("{s:s, s:b, s:o, s:b, s:s?}",
	    "title", full ? "Moderation log (moderators)" : "Moderation log", "full", full,
	    "rows", rows, "empty", json_array_size(rows) == 0, "next_url", *next ? next : NULL);
	respond_page(r, 200, "mod_log", model);
}

/* GET /moderation/log  before: the public log (never which moderator). */
void moderation_log(struct request *r)
{
	log_reply(r, false);
}

/* GET /moderation/audit  before: the full log, for moderators. */
void moderation_audit(struct request *r)
{
	log_reply(r, true);
}
