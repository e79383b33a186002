/* posthistory.c: GET /p/:id/history: a post's versions, newest first, for its author and
 * the moderators (404 to anyone else): the text as it is now, then each earlier one with
 * when it was written and replaced. Text a moderator's redaction removed shows as redacted,
 * never recovered (its revision rows keep no text: web/posting.c, store/erase.c). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "authorship.h"
#include "db.h"
#include "forum_handlers.h"
#include "messages.h"
#include "session.h"
#include "text.h"
#include "timefmt.h"

/* ?2 the viewer, ?3 1 when a moderator: the post, if it is theirs to see the history of */
static const char SQL_POST[] =
	"SELECT p.thread_id, p.kind, p.body_md, t.title, p.created_at, p.edited_at, p.anonymous"
	"  FROM posts p JOIN threads t ON t.id = p.thread_id"
	" WHERE p.id = ?1 AND p.state IN ('visible', 'held', 'hidden')"
	"   AND (?3 OR " AUTHORED_BY("p", "?2") ")";
static const char SQL_REVISIONS[] =
	"SELECT title, body_md, written_at, replaced_at, mod_note FROM post_revisions"
	" WHERE post_id = ?1 ORDER BY id DESC";

/* One version's model: its title (a dilemma's), text, when written and, for an earlier one,
 * replaced and by whom. */
static json_t *version(const char *title, const char *md, time_t written, time_t replaced,
                       const char *mod_note, bool coarse, time_t now)
{
	char iso[TIME_ISO_LEN], ago[40];
	time_shown(iso, ago, sizeof ago, now, written, coarse);
	json_t *v = json_pack("{s:s?, s:s, s:s, s:s, s:b}", "title", title, "body", md ? md : "",
	                      "written_at", iso, "written_human", ago, "redacted", !md || !*md);
	if (replaced) {
		time_shown(iso, ago, sizeof ago, now, replaced, coarse);
		json_object_set_new(v, "replaced_at", json_string(iso));
		json_object_set_new(v, "replaced_human", json_string(ago));
		if (mod_note)
			json_object_set_new(v, "mod_note", json_string(mod_note));
	}
	return v;
}

/* The earlier versions, newest first; NULL on a database error. */
static json_t *earlier_versions(struct db *db, int64_t post, bool coarse, time_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_REVISIONS);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, post);
	json_t *list = json_array();
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, version((const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1), (time_t)sqlite3_column_int64(st, 2),
		    (time_t)sqlite3_column_int64(st, 3), (const char *)sqlite3_column_text(st, 4),
		    coarse, now));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(list);
		return NULL;
	}
	return list;
}

/* GET /p/:id/history */
void post_history(struct request *r)
{
	int64_t id;
	sqlite3_stmt *st = parse_id(r->params[0], &id) == 0 ? db_stmt(r->db, SQL_POST) : NULL;
	if (!st) {
		respond_error(r, 404, "There is no such post of yours.");
		return;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, viewer_id(r));
	sqlite3_bind_int(st, 3, viewer_is_moderator(r));
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		respond_error(r, 404, "There is no such post of yours.");
		return;
	}
	time_t now = time(NULL);
	int64_t thread = sqlite3_column_int64(st, 0);
	bool dilemma = strcmp((const char *)sqlite3_column_text(st, 1), "dilemma") == 0;
	bool coarse = sqlite3_column_int(st, 6) != 0;
	time_t created = (time_t)sqlite3_column_int64(st, 4), edited = (time_t)sqlite3_column_int64(st, 5);
	char back[64];
	snprintf(back, sizeof back, "/d/%" PRId64 "#p%" PRId64, thread, id);
	json_t *current = version(dilemma ? (const char *)sqlite3_column_text(st, 3) : NULL,
	                          (const char *)sqlite3_column_text(st, 2), edited ? edited : created,
	                          0, NULL, coarse, now);
	json_t *model = json_pack("{s:s, s:s, s:s, s:o}", "title",
	                          dilemma ? "Versions of the dilemma" : "Versions of the reply",
	                          "thread_title", (const char *)sqlite3_column_text(st, 3),
	                          "back_url", back, "current", current);
	sqlite3_reset(st);
	json_t *earlier = earlier_versions(r->db, id, coarse, now);
	if (!earlier) {
		json_decref(model);
		respond_error(r, 503, MSG_DB);
		return;
	}
	char count[48];
	text_count(count, sizeof count, (int64_t)json_array_size(earlier), "earlier version",
	           "earlier versions");
	json_object_set_new(model, "earlier", earlier);
	json_object_set_new(model, "earlier_count", json_string(count));
	respond_page(r, 200, "post_history", model);
}
