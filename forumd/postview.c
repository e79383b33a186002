/* postview.c: builds the JSON models of posts, their authors, tags and topics. */
#include "postview.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "limits.h"
#include "timefmt.h"

static const char SQL_POST_SPECIALTIES[] =
	"SELECT s.slug, s.name FROM post_specialties ps JOIN specialties s ON s.id = ps.specialty_id"
	" WHERE ps.post_id = ?1 ORDER BY ps.position";
static const char SQL_THREAD_TOPICS[] =
	"SELECT tp.slug, tp.name FROM thread_topics tt JOIN topics tp ON tp.id = tt.topic_id"
	" WHERE tt.thread_id = ?1 ORDER BY tp.sort";
static const char SQL_POST_AUTHOR[] =
	"SELECT p.anonymous, p.anon_alias, m.handle FROM posts p"
	"  LEFT JOIN members m ON m.id = p.member_id"
	" WHERE p.id = ?1 AND p.thread_id = ?2 AND p.state = 'visible'";

int parse_id(const char *s, int64_t *out)
{
	int64_t v = 0;
	if (!s || !*s || strlen(s) > 18)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v <= 0)
		return -1;
	*out = v;
	return 0;
}

json_t *author_json(bool anonymous, const char *alias, const char *handle)
{
	char buf[96];
	if (anonymous) {
		snprintf(buf, sizeof buf, "Anonymous %s", alias ? alias : "");
		return json_pack("{s:s, s:b, s:s?}", "name", buf, "anonymous", 1, "alias", alias);
	}
	if (!handle)
		return json_pack("{s:s, s:b}", "name", "former member", "anonymous", 0);
	snprintf(buf, sizeof buf, "/u/%s", handle);
	return json_pack("{s:s, s:b, s:s}", "name", handle, "anonymous", 0, "url", buf);
}

/* Fills the post's tag fields: specialties [{slug,name,url}], "Critical Care; Cardiac". */
static void add_specialties(struct db *db, json_t *post, int64_t post_id)
{
	json_t *list = json_array();
	char line[512] = "";
	sqlite3_stmt *st = db_stmt(db, SQL_POST_SPECIALTIES);
	if (st) {
		sqlite3_bind_int64(st, 1, post_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *slug = (const char *)sqlite3_column_text(st, 0);
			const char *name = (const char *)sqlite3_column_text(st, 1);
			char url[64];
			snprintf(url, sizeof url, "/s/%s", slug);
			json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "slug", slug, "name", name,
			                                      "url", url));
			if (*line)
				strncat(line, "; ", sizeof line - strlen(line) - 1);
			strncat(line, name, sizeof line - strlen(line) - 1);
		}
		sqlite3_reset(st);
	}
	json_object_set_new(post, "specialties", list);
	json_object_set_new(post, "specialties_line", *line ? json_string(line) : json_null());
}

static const char *col_text(sqlite3_stmt *st, int c)
{
	return (const char *)sqlite3_column_text(st, c);
}

/* What the viewer may do with the post; only ever their own relation to it. */
static json_t *viewer_flags(sqlite3_stmt *st, const struct post_ctx *ctx, bool removed)
{
	int64_t author = sqlite3_column_int64(st, PC_MEMBER);
	bool reply = strcmp(col_text(st, PC_KIND), "reply") == 0;
	bool own = ctx->viewer && author == ctx->viewer;
	bool signed_in = ctx->viewer != 0;
	bool voted = sqlite3_column_count(st) > PC_NEXT && sqlite3_column_int(st, PC_NEXT);
	return json_pack("{s:b, s:b, s:b, s:b, s:b}",
	                 "own", own, "can_edit", own && !removed,
	                 "can_vote", signed_in && reply && !own && !removed, "voted", voted,
	                 "can_op_mark", signed_in && reply && !own && !removed &&
	                                ctx->thread_author == ctx->viewer);
}

json_t *post_json(struct db *db, sqlite3_stmt *st, const struct post_ctx *ctx)
{
	int64_t id = sqlite3_column_int64(st, PC_ID), thread = sqlite3_column_int64(st, PC_THREAD);
	int64_t author = sqlite3_column_int64(st, PC_MEMBER);
	bool anonymous = sqlite3_column_int(st, PC_ANON) != 0;
	bool removed = strcmp(col_text(st, PC_STATE), "removed") == 0;
	bool show_tags = sqlite3_column_int(st, PC_SHOW_TAGS) && !removed;
	bool dilemma = strcmp(col_text(st, PC_KIND), "dilemma") == 0;
	time_t created = (time_t)sqlite3_column_int64(st, PC_CREATED);
	char anchor[32], url[64], iso[TIME_ISO_LEN], ago[40];
	snprintf(anchor, sizeof anchor, "p%" PRId64, id);
	snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, thread, id);
	time_iso(iso, created);
	time_ago(ago, sizeof ago, ctx->now, created);
	bool is_op = !dilemma && author && author == ctx->thread_author &&
	             anonymous == ctx->thread_anonymous;
	const char *credentials = col_text(st, PC_CREDENTIALS);
	json_t *post = json_pack("{s:I, s:s, s:s, s:s, s:o, s:b, s:b, s:s, s:s, s:b, s:b, s:I, s:b, s:b}",
		"id", (json_int_t)id, "kind", dilemma ? "dilemma" : "reply", "anchor", anchor, "url", url,
		"author", removed ? json_pack("{s:s, s:b}", "name", "[removed by author]", "anonymous", 0)
		                  : author_json(anonymous, col_text(st, PC_ALIAS), col_text(st, PC_HANDLE)),
		"is_op", is_op && !removed, "removed", removed, "created", iso, "created_human", ago,
		"edited", sqlite3_column_type(st, PC_EDITED) != SQLITE_NULL && !removed,
		"show_tags", show_tags, "helpful_count", (json_int_t)sqlite3_column_int64(st, PC_HELPFUL),
		"op_marked", sqlite3_column_int(st, PC_OP_MARKED) != 0 && !removed,
		"mod_pick", sqlite3_column_int(st, PC_MOD_PICK) != 0 && !removed);
	json_object_set_new(post, "body_html", json_string(removed ? "<p>[removed by author]</p>"
	                                                           : col_text(st, PC_BODY_HTML)));
	json_object_set_new(post, "credentials", show_tags && credentials && *credentials
	                    ? json_string(credentials) : json_null());
	if (show_tags)
		add_specialties(db, post, id);
	else
		json_object_set_new(post, "specialties", json_array());
	json_object_set_new(post, "actions", viewer_flags(st, ctx, removed));
	return post;
}

json_t *thread_topics_json(struct db *db, int64_t thread_id)
{
	json_t *topics = json_array();
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD_TOPICS);
	if (!st)
		return topics;
	sqlite3_bind_int64(st, 1, thread_id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *slug = col_text(st, 0);
		char url[64];
		snprintf(url, sizeof url, "/t/%s", slug);
		json_array_append_new(topics, json_pack("{s:s, s:s, s:s}", "slug", slug,
		                      "name", col_text(st, 1), "url", url));
	}
	sqlite3_reset(st);
	return topics;
}

int post_author_name(struct db *db, int64_t post_id, int64_t thread_id, char *out, size_t outlen)
{
	sqlite3_stmt *st = db_stmt(db, SQL_POST_AUTHOR);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	sqlite3_bind_int64(st, 2, thread_id);
	int rc = -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		json_t *a = author_json(sqlite3_column_int(st, 0), col_text(st, 1), col_text(st, 2));
		snprintf(out, outlen, "%s", json_string_value(json_object_get(a, "name")));
		json_decref(a);
		rc = 0;
	}
	sqlite3_reset(st);
	return rc;
}
