/* accountdrafts.c: the member's drafts as the account page lists them (accountdrafts.h),
 * unsealed from store/drafts.c; each links back to its form. */
#include "accountdrafts.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "drafts.h"
#include "session.h"
#include "timefmt.h"

#define EXCERPT_CHARS 120

static const char SQL_THREAD_OPEN[] =
	"SELECT title FROM threads WHERE id = ?1 AND state = 'visible' AND locked = 0";

/* The bytes of text's first n characters (UTF-8: never cut inside one). */
static size_t prefix_bytes(const char *text, size_t len, size_t n)
{
	size_t i = 0, chars = 0;
	for (; i < len; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80 && chars++ == n)
			break;
	return i;
}

/* The first EXCERPT_CHARS characters of text, with "…" when cut (a new reference). */
static json_t *excerpt(const char *text)
{
	if (!text)
		return json_string("");
	size_t len = strlen(text), cut = prefix_bytes(text, len, EXCERPT_CHARS);
	json_t *s = json_stringn(text, cut);
	if (cut < len && s) {
		json_t *longer = json_sprintf("%s\xe2\x80\xa6", json_string_value(s));
		json_decref(s);
		s = longer;
	}
	return s ? s : json_string("");
}

/* One draft's row on the account page. */
static json_t *draft_row(struct db *db, const json_t *d, time_t now)
{
	json_int_t thread = json_integer_value(json_object_get(d, "thread"));
	const json_t *fields = json_object_get(d, "fields");
	/* the text, or for a new dilemma written under its prompts alone the first answered */
	const char *body = NULL;
	for (size_t i = 0; request_prose_fields[i] && (!body || !*body); i++)
		body = json_string_value(json_array_get(json_object_get(fields, request_prose_fields[i]), 0));
	char iso[TIME_ISO_LEN], ago[40], url[48];
	time_shown(iso, ago, sizeof ago, now, (time_t)json_integer_value(json_object_get(d, "saved_at")), false);
	json_t *row = json_pack("{s:I, s:s, s:s, s:s}", "thread", thread, "what",
	                        thread ? "Reply to" : "New dilemma", "saved", iso, "saved_human", ago);
	if (!thread) {
		const char *title = json_string_value(json_array_get(json_object_get(fields, "title"), 0));
		json_object_set_new(row, "title", json_string(title && *title ? title : "(no title yet)"));
		json_object_set_new(row, "url", json_string("/new#draft"));
		json_object_set_new(row, "excerpt", excerpt(body));
		return row;
	}
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD_OPEN);
	if (st) {
		sqlite3_bind_int64(st, 1, thread);
		if (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(url, sizeof url, "/d/%" PRId64 "#reply", (int64_t)thread);
			json_object_set_new(row, "title", json_string((const char *)sqlite3_column_text(st, 0)));
			json_object_set_new(row, "url", json_string(url));
		}
		sqlite3_reset(st);
	}
	/* no form can hold it any more: its whole text, to copy */
	if (!json_object_get(row, "title"))
		json_object_set_new(row, "title", json_string("a dilemma that no longer takes replies"));
	json_object_set_new(row, "excerpt", json_object_get(row, "url") ? excerpt(body)
	                                                               : json_string(body ? body : ""));
	return row;
}

json_t *account_drafts_model(struct request *r)
{
	json_t *drafts = drafts_of(r->db, viewer_id(r)), *out, *d;
	if (!drafts)
		return NULL;
	out = json_array();
	time_t now = time(NULL);
	size_t i;
	json_array_foreach(drafts, i, d)
		json_array_append_new(out, draft_row(r->db, d, now));
	json_decref(drafts);
	return out;
}
