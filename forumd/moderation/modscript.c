/* modscript.c: moderators' actions on one script of a reply (POST
 * /moderation/script/:id/:action): pick, unpick, hide, show, edit (text, note). Each is
 * audited on the script's post as "pick-script", "hide-script" ... with the script's
 * address; an edit keeps no copy of the words it replaces (the WAL is purged after). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "erase.h"
#include "limits.h"
#include "messages.h"
#include "moderation_handlers.h"
#include "postcheck.h"
#include "privacy.h"
#include "scripts.h"
#include "searchindex.h"
#include "text.h"
#include "viewer_audit.h"

static const char SQL_THREAD_OF[] = "SELECT thread_id FROM posts WHERE id = ?1";

/* Where to go after the action: the thread's moderation page (next), else the queue. */
static void back(struct request *r)
{
	const char *next = req_form(r, "next");
	respond_redirect(r, next && strncmp(next, "/moderation/thread/", 19) == 0 &&
	                    text_is_clean(next, strlen(next), false) && !strstr(next, "//")
	                    ? next : "/moderation");
}

/* The edit's note: one line of at most MOD_REASON_MAX_CHARS that names no one (it is kept in
 * the audit log), or NULL. */
static const char *edit_note(struct request *r)
{
	const char *v = req_form(r, "note");
	size_t n = v ? strlen(v) : 0;
	struct privacy_hit hits[1];
	if (!n || !text_is_clean(v, n, false) || text_chars(v, n) > MOD_REASON_MAX_CHARS ||
	    privacy_scan(v, hits, 1) > 0)
		return NULL;
	return v;
}

/* Runs the action inside a transaction with its audit row. Returns 1 done, 0 nothing to
 * change, -1 on a database error; 404 when there is no such script. */
static int act(struct request *r, int64_t id, const char *action, const char *text,
               const char *note)
{
	int64_t post = 0;
	int rc = text ? script_edit(r->db, id, text, &post) : script_moderate(r->db, id, action, &post);
	if (rc < 0)
		return -1;
	if (!post)
		return 404;
	if (rc == 0)
		return 0;
	if (search_index_post(r->db, post) != 0)   /* its scripts' words in or out of search */
		return -1;
	sqlite3_stmt *st = db_stmt(r->db, SQL_THREAD_OF);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post);
	int64_t thread = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	char url[96], what[32];
	snprintf(url, sizeof url, "/d/%" PRId64 "#s%" PRId64, thread, id);
	snprintf(what, sizeof what, "%s-script", action);
	return audit_viewer(r, what, "post", post, url, NULL, note) == 0 ? 1 : -1;
}

/* POST /moderation/script/:id/:action  action: pick | unpick | hide | show | edit (text,
 * note); next (the thread's moderation page), csrf */
void moderation_script_action(struct request *r)
{
	int64_t id;
	const char *action = r->params[1];
	if (parse_id(r->params[0], &id) != 0) {
		respond_error(r, 404, "There is no such script.");
		return;
	}
	bool edit = strcmp(action, "edit") == 0;
	if (!edit && strcmp(action, "pick") && strcmp(action, "unpick") && strcmp(action, "hide") &&
	    strcmp(action, "show")) {
		respond_error(r, 404, "There is no such moderator action.");
		return;
	}
	const char *text = edit ? req_form(r, "text") : NULL, *note = edit ? edit_note(r) : NULL;
	char buf[200];
	const char *e = edit ? check_text(text, true, SCRIPT_MIN_CHARS, SCRIPT_MAX_CHARS, "script", buf, sizeof buf) : NULL;
	if (e || (edit && !note)) {
		respond_error(r, 400, e ? e : "Say in a note (one line, at most " LIMIT_TEXT(MOD_REASON_MAX_CHARS) " characters, naming no one) why you edited the words; it is kept in the audit log.");
		return;
	}
	int rc = db_begin(r->db) == SQLITE_OK ? act(r, id, action, text, note) : -1;
	if (rc < 0 || rc == 404 || db_commit(r->db) != SQLITE_OK) {
		db_rollback(r->db);
		respond_error(r, rc == 404 ? 404 : 503, rc == 404 ? "There is no such script." : MSG_DB);
		return;
	}
	if (edit && rc == 1)
		erase_purge(r->db);   /* the replaced words out of the WAL */
	back(r);
}
