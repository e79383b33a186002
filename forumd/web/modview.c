/* modview.c: moderation's part of the thread page model (see modview.h). */
#include "modview.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "db.h"
#include "mem.h"

/* ?2: the reader, whose flags show as "Flagged" (0: nobody's) */
static const char SQL_THREAD_MOD[] =
	"SELECT p.id, p.state, p.pick_note,"
	"       EXISTS (SELECT 1 FROM flags f WHERE f.post_id = p.id AND f.member_id = ?2)"
	"  FROM posts p WHERE p.thread_id = ?1";
static const char SQL_SUMMARY[] =
	"SELECT body_html FROM thread_summaries WHERE thread_id = ?1";

/* Adds moderation's fields to one post's model from its row of SQL_THREAD_MOD. */
static void decorate_post(json_t *post, sqlite3_stmt *st, bool signed_in)
{
	const char *state = (const char *)sqlite3_column_text(st, 1);
	const char *note = (const char *)sqlite3_column_text(st, 2);
	bool hidden = strcmp(state, "hidden") == 0, held = strcmp(state, "held") == 0;
	json_object_set_new(post, "awaiting_review", json_boolean(held));
	/* a held post is its author's alone until reviewed: nothing to quote yet */
	json_object_set_new(post, "can_quote", json_boolean(!held));
	if (note && json_is_true(json_object_get(post, "mod_pick")))
		json_object_set_new(post, "pick_note", json_string(note));
	bool own = json_is_true(json_object_get(json_object_get(post, "actions"), "own"));
	json_object_set_new(post, "can_flag", json_boolean(moderation_can_flag(signed_in, own, hidden,
	                                                                       held)));
	json_object_set_new(post, "reader_flagged", json_boolean(sqlite3_column_int(st, 3) != 0));
}

bool moderation_can_flag(bool signed_in, bool own, bool hidden, bool held)
{
	return signed_in && !own && !hidden && !held;
}

/* Adds `post` to `byid` under its decimal id (borrowed reference), quotable by default. */
static void index_post(json_t *byid, json_t *post)
{
	char key[24];
	json_object_set_new(post, "can_quote", json_true());
	snprintf(key, sizeof key, "%" JSON_INTEGER_FORMAT, json_integer_value(json_object_get(post, "id")));
	json_object_set(byid, key, post);
}

/* Decorates the page's dilemma and replies from one query over the thread's posts. */
static void decorate_posts(struct db *db, int64_t thread_id, json_t *model, bool signed_in,
                           int64_t reader)
{
	json_t *byid = json_object();
	json_t *dilemma = json_object_get(model, "dilemma"), *p;
	size_t i;
	if (json_is_object(dilemma))
		index_post(byid, dilemma);
	json_array_foreach(json_object_get(model, "replies"), i, p)
		index_post(byid, p);
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD_MOD);
	if (st) {
		sqlite3_bind_int64(st, 1, thread_id);
		sqlite3_bind_int64(st, 2, reader);
		while (sqlite3_step(st) == SQLITE_ROW) {
			char key[24];
			snprintf(key, sizeof key, "%" PRId64, (int64_t)sqlite3_column_int64(st, 0));
			json_t *post = json_object_get(byid, key);
			if (post)
				decorate_post(post, st, signed_in);
		}
		sqlite3_reset(st);
	}
	json_decref(byid);
}

void moderation_thread_extras(struct db *db, int64_t thread_id, json_t *model, bool signed_in,
                              int64_t reader, bool moderator)
{
	decorate_posts(db, thread_id, model, signed_in, reader);
	sqlite3_stmt *st = db_stmt(db, SQL_SUMMARY);
	if (st) {
		sqlite3_bind_int64(st, 1, thread_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			json_object_set_new(model, "summary_html",
			                    json_string((const char *)sqlite3_column_text(st, 0)));
		sqlite3_reset(st);
	}
	if (moderator) {
		char url[48];
		snprintf(url, sizeof url, "/moderation/thread/%" PRId64, thread_id);
		json_object_set_new(model, "mod_tools_url", json_string(url));
	}
}
