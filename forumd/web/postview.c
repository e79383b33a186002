/* postview.c: builds the JSON models of posts, their authors, tags and topics. */
#include "postview.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "mem.h"
#include "privacy.h"
#include "timefmt.h"
#include "visibility.h"

/* A post's "Critical Care; Cardiac" line, as long as fits in this many bytes. */
#define TAGS_LINE_BYTES 512

/* One post's tags, ready for its model. */
struct post_tag_set {
	int64_t post_id;
	json_t *list;              /* [{slug, name, url}] */
	json_t *line;              /* "Critical Care; Cardiac" */
};

/* A specialty met in a thread's tags: its tag model, shared by the posts that carry it,
 * and its count of counted replies (kind reply, visible, showing their tags). */
struct seen_specialty {
	int64_t id, sort;
	json_t *tag;               /* {slug, name, url} */
	int count;
};

struct post_tags {
	struct post_tag_set *sets; /* by post id, ascending */
	size_t nsets;
	struct seen_specialty *specs;
	size_t nspecs, capspecs;
};

/* One row of SQL_THREAD_TAGS. */
struct tag_row {
	int64_t post_id;
	int position;
	size_t spec;               /* index in post_tags.specs */
};

static const char SQL_POST_SPECIALTIES[] =
	"SELECT s.slug, s.name FROM post_specialties ps JOIN specialties s ON s.id = ps.specialty_id"
	" WHERE ps.post_id = ?1 ORDER BY ps.position";
/* CROSS JOIN keeps posts (by thread) the outer loop: never a scan of every tag. The rows
 * are put in (post, position) order in C, which is cheaper than SQLite's sorter here. */
static const char SQL_THREAD_TAGS[] =
	"SELECT ps.post_id, ps.position, s.id, s.sort, s.slug, s.name,"
	"       p.kind = 'reply' AND " VIS_POST_LISTED("p") " AND p.show_tags = 1"
	"  FROM posts p CROSS JOIN post_specialties ps ON ps.post_id = p.id"
	"  JOIN specialties s ON s.id = ps.specialty_id"
	" WHERE p.thread_id = ?1";
static const char SQL_THREAD_TOPICS[] =
	"SELECT tp.slug, tp.name FROM thread_topics tt JOIN topics tp ON tp.id = tt.topic_id"
	" WHERE tt.thread_id = ?1 ORDER BY tp.sort";
static const char SQL_POST_AUTHOR[] =
	"SELECT p.anonymous, p.anon_alias, m.handle FROM posts p"
	"  LEFT JOIN members m ON m.id = p.member_id"
	" WHERE p.id = ?1 AND p.thread_id = ?2 AND " VIS_POST_LISTED("p");

json_t *text_json(const char *s)
{
	if (!s)
		return NULL;
	size_t n = 0;
	while (s[n] && !(s[n] & 0x80))
		n++;
	return s[n] ? json_string(s) : json_stringn_nocheck(s, n);
}

/* o[key] = a copy of the string v, checked as UTF-8 (NULL v sets nothing). */
static void set_text(json_t *o, const char *key, const char *v)
{
	json_object_set_new_nocheck(o, key, text_json(v));
}

/* o[key] = v, a string the server formatted itself (ASCII, no check needed). */
static void set_own(json_t *o, const char *key, const char *v)
{
	json_object_set_new_nocheck(o, key, json_string_nocheck(v));
}

static void set_bool(json_t *o, const char *key, bool v)
{
	json_object_set_new_nocheck(o, key, json_boolean(v));
}

json_t *author_json(bool anonymous, const char *alias, const char *handle)
{
	char buf[96];
	json_t *a = json_object();
	if (anonymous) {
		snprintf(buf, sizeof buf, "Anonymous %s", alias ? alias : "");
		set_text(a, "name", buf);
		set_bool(a, "anonymous", true);
		if (alias)
			set_text(a, "alias", alias);
		return a;
	}
	if (!handle) {
		set_own(a, "name", "former member");
		set_bool(a, "anonymous", false);
		return a;
	}
	snprintf(buf, sizeof buf, "/u/%s", handle);
	set_text(a, "name", handle);
	set_bool(a, "anonymous", false);
	set_text(a, "url", buf);
	return a;
}

/* {slug, name, url} of one specialty tag. */
static json_t *tag_json(const char *slug, const char *name)
{
	char url[64];
	snprintf(url, sizeof url, "/s/%s", slug);
	json_t *tag = json_object();
	set_text(tag, "slug", slug);
	set_text(tag, "name", name);
	set_text(tag, "url", url);
	return tag;
}

/* Appends "; name" (or name, first) to a tags line, truncating at its size. */
static void line_append(char *line, size_t size, const char *name)
{
	if (*line)
		strncat(line, "; ", size - strlen(line) - 1);
	strncat(line, name, size - strlen(line) - 1);
}

static const struct post_tag_set *tags_find(const struct post_tags *tags, int64_t post_id)
{
	size_t lo = 0, hi = tags->nsets;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tags->sets[mid].post_id < post_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < tags->nsets && tags->sets[lo].post_id == post_id ? &tags->sets[lo] : NULL;
}

static void set_tag_fields(json_t *post, json_t *list, const char *line)
{
	json_object_set_new_nocheck(post, "specialties", list);
	json_object_set_new_nocheck(post, "specialties_line", *line ? text_json(line) : json_null());
}

/* Fills the post's tag fields: specialties [{slug,name,url}], "Critical Care; Cardiac",
 * from ctx->tags when loaded, or with a query of its own. */
static void add_specialties(struct db *db, json_t *post, int64_t post_id,
                            const struct post_ctx *ctx)
{
	if (ctx->tags) {
		const struct post_tag_set *set = tags_find(ctx->tags, post_id);
		json_object_set_new_nocheck(post, "specialties", set ? json_incref(set->list) : json_array());
		json_object_set_new_nocheck(post, "specialties_line",
		                            set ? json_incref(set->line) : json_null());
		return;
	}
	json_t *list = json_array();
	char line[TAGS_LINE_BYTES] = "";
	sqlite3_stmt *st = db_stmt(db, SQL_POST_SPECIALTIES);
	if (st) {
		sqlite3_bind_int64(st, 1, post_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *name = (const char *)sqlite3_column_text(st, 1);
			json_array_append_new(list, tag_json((const char *)sqlite3_column_text(st, 0), name));
			line_append(line, sizeof line, name);
		}
		sqlite3_reset(st);
	}
	set_tag_fields(post, list, line);
}

static const char *col_text(sqlite3_stmt *st, int c)
{
	return (const char *)sqlite3_column_text(st, c);
}

static void set_int(json_t *o, const char *key, int64_t v)
{
	json_object_set_new_nocheck(o, key, json_integer((json_int_t)v));
}

json_t *post_viewer_flags(bool signed_in, bool reply, bool own, bool removed, bool voted,
                          bool thread_own)
{
	json_t *flags = json_object();
	set_bool(flags, "own", own);
	set_bool(flags, "can_edit", own && !removed);
	set_bool(flags, "can_vote", signed_in && reply && !own && !removed);
	set_bool(flags, "voted", voted);
	set_bool(flags, "can_op_mark", signed_in && reply && !own && !removed && thread_own);
	return flags;
}

/* What the viewer may do with the post on st's row; only ever their own relation to it. */
static json_t *viewer_flags(sqlite3_stmt *st, const struct post_ctx *ctx, bool removed)
{
	bool voted = sqlite3_column_count(st) > PC_NEXT && sqlite3_column_int(st, PC_NEXT);
	return post_viewer_flags(ctx->viewer != 0, strcmp(col_text(st, PC_KIND), "reply") == 0,
	                         ctx->viewer && sqlite3_column_int(st, PC_OWN) != 0, removed, voted,
	                         ctx->thread_own);
}

static json_t *post_author(sqlite3_stmt *st, bool removed)
{
	if (!removed)
		return author_json(sqlite3_column_int(st, PC_ANON) != 0, col_text(st, PC_ALIAS),
		                   col_text(st, PC_HANDLE));
	json_t *a = json_object();
	set_own(a, "name", "[removed by author]");
	set_bool(a, "anonymous", false);
	return a;
}

/* The post's identity and time: id, kind, anchor, url, author, is_op, removed, created. */
static json_t *post_head(sqlite3_stmt *st, const struct post_ctx *ctx, bool removed)
{
	int64_t id = sqlite3_column_int64(st, PC_ID), thread = sqlite3_column_int64(st, PC_THREAD);
	const char *kind = col_text(st, PC_KIND);
	bool dilemma = strcmp(kind, "dilemma") == 0, update = strcmp(kind, "update") == 0;
	time_t created = (time_t)sqlite3_column_int64(st, PC_CREATED);
	char anchor[32], url[64], iso[TIME_ISO_LEN], ago[40];
	snprintf(anchor, sizeof anchor, "p%" PRId64, id);
	snprintf(url, sizeof url, "/d/%" PRId64 "#p%" PRId64, thread, id);
	time_shown(iso, ago, sizeof ago, ctx->now, created, sqlite3_column_int(st, PC_ANON) != 0);
	bool is_op = !dilemma && sqlite3_column_int(st, PC_BY_OP) != 0;
	json_t *post = json_object();
	set_int(post, "id", id);
	set_own(post, "kind", dilemma ? "dilemma" : update ? "update" : "reply");
	set_own(post, "anchor", anchor);
	set_own(post, "url", url);
	json_object_set_new_nocheck(post, "author", post_author(st, removed));
	set_bool(post, "is_op", is_op && !removed);
	set_bool(post, "removed", removed);
	set_own(post, "created", iso);
	set_text(post, "created_human", ago);
	return post;
}

/* The text the reader sees: the post's own, or the placeholder for its state when the query
 * did not load the text (visibility.h). A hidden post's model says so, with its reason. */
static void set_body(json_t *post, sqlite3_stmt *st)
{
	const char *html = col_text(st, PC_BODY_HTML), *state = col_text(st, PC_STATE);
	if (html) {
		set_text(post, "body_html", html);
		return;
	}
	const char *reason = col_text(st, PC_MOD_REASON);
	char *placeholder = visibility_placeholder_html(state, reason);
	set_text(post, "body_html", placeholder);
	free(placeholder);
	if (strcmp(state, "hidden") == 0) {
		set_bool(post, "removed", true);
		set_bool(post, "mod_removed", true);
		set_text(post, "mod_reason", reason ? reason : "");
		json_object_set_new_nocheck(post, "actions", json_object());
	}
}

/* "edited 2 hours ago" (to the hour on an anonymous post), and a moderator's note when a
 * moderator made the last edit: "edited by a moderator: NOTE". */
static void set_edited(json_t *post, sqlite3_stmt *st, const struct post_ctx *ctx, bool removed)
{
	bool edited = sqlite3_column_type(st, PC_EDITED) != SQLITE_NULL && !removed;
	set_bool(post, "edited", edited);
	if (!edited)
		return;
	char iso[TIME_ISO_LEN], ago[40];
	time_shown(iso, ago, sizeof ago, ctx->now, (time_t)sqlite3_column_int64(st, PC_EDITED),
	           sqlite3_column_int(st, PC_ANON) != 0);
	set_text(post, "edited_at", iso);
	set_text(post, "edited_human", ago);
	const char *note = col_text(st, PC_EDIT_NOTE);
	struct privacy_hit hit[1];
	/* a note written before notes were shown is shown only when it names no one */
	if (note && *note && privacy_scan(note, hit, 1) == 0)
		set_text(post, "edit_note", note);
	set_bool(post, "mod_edited", note && *note);
}

/* post.scripts = [{id, anchor, text, mod_pick, hidden}] from PC_SCRIPTS' JSON text, and
 * post.has_scripts. */
static void add_scripts(json_t *post, const char *rows)
{
	json_t *list = json_array();
	json_t *parsed = rows && strlen(rows) > 2 ? json_loads(rows, 0, NULL) : NULL;
	size_t i;
	json_t *row;
	json_array_foreach(parsed, i, row) {
		char anchor[32];
		json_int_t id = json_integer_value(json_array_get(row, 0));
		snprintf(anchor, sizeof anchor, "s%" JSON_INTEGER_FORMAT, id);
		json_t *script = json_object();
		json_object_set_new_nocheck(script, "id", json_integer(id));
		set_own(script, "anchor", anchor);
		json_object_set_nocheck(script, "text", json_array_get(row, 1));
		set_bool(script, "mod_pick", json_integer_value(json_array_get(row, 2)) != 0);
		set_bool(script, "hidden", json_integer_value(json_array_get(row, 3)) != 0);
		json_array_append_new(list, script);
	}
	json_decref(parsed);
	set_bool(post, "has_scripts", json_array_size(list) > 0);
	json_object_set_new_nocheck(post, "scripts", list);
}

json_t *post_json(struct db *db, sqlite3_stmt *st, const struct post_ctx *ctx)
{
	bool removed = strcmp(col_text(st, PC_STATE), "removed") == 0;
	bool show_tags = sqlite3_column_int(st, PC_SHOW_TAGS) && !removed;
	const char *credentials = col_text(st, PC_CREDENTIALS);
	json_t *post = post_head(st, ctx, removed);
	set_edited(post, st, ctx, removed);
	set_bool(post, "show_tags", show_tags);
	set_int(post, "helpful_count", sqlite3_column_int64(st, PC_HELPFUL));
	set_bool(post, "op_marked", sqlite3_column_int(st, PC_OP_MARKED) != 0 && !removed);
	set_bool(post, "mod_pick", sqlite3_column_int(st, PC_MOD_PICK) != 0 && !removed);
	json_object_set_new_nocheck(post, "credentials", show_tags && credentials && *credentials
	                            ? text_json(credentials) : json_null());
	if (show_tags)
		add_specialties(db, post, sqlite3_column_int64(st, PC_ID), ctx);
	else
		json_object_set_new_nocheck(post, "specialties", json_array());
	json_t *place = NULL;
	if (show_tags && sqlite3_column_type(st, PC_PLACE_NAME) != SQLITE_NULL) {
		place = json_object();
		set_text(place, "code", col_text(st, PC_PLACE));
		set_text(place, "name", col_text(st, PC_PLACE_NAME));
	}
	json_object_set_new_nocheck(post, "place", place ? place : json_null());
	add_scripts(post, col_text(st, PC_SCRIPTS));
	json_object_set_new_nocheck(post, "actions", viewer_flags(st, ctx, removed));
	set_body(post, st);
	return post;
}

/* ---------------------------------------------------------------- a thread's tags at once */

/* The index of the current row's specialty in tags->specs, met before or added now. */
static size_t tags_specialty(struct post_tags *tags, sqlite3_stmt *st)
{
	int64_t id = sqlite3_column_int64(st, 2);
	for (size_t i = 0; i < tags->nspecs; i++)
		if (tags->specs[i].id == id)
			return i;
	if (tags->nspecs == tags->capspecs) {
		tags->capspecs = tags->capspecs ? tags->capspecs * 2 : 16;
		tags->specs = xrealloc(tags->specs, tags->capspecs * sizeof *tags->specs);
	}
	tags->specs[tags->nspecs] = (struct seen_specialty){ id, sqlite3_column_int64(st, 3),
	                                tag_json(col_text(st, 4), col_text(st, 5)), 0 };
	return tags->nspecs++;
}

static int tag_row_cmp(const void *a, const void *b)
{
	const struct tag_row *x = a, *y = b;
	if (x->post_id != y->post_id)
		return x->post_id < y->post_id ? -1 : 1;
	return (x->position > y->position) - (x->position < y->position);
}

/* Reads every row into *rows (unsorted; the caller frees it) and *n. Returns 0 or -1. */
static int tags_read_rows(struct post_tags *tags, sqlite3_stmt *st, struct tag_row **rows,
                          size_t *n)
{
	size_t cap = 64;
	int rc;
	*n = 0;
	*rows = xmalloc(cap * sizeof **rows);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap)
			*rows = xrealloc(*rows, (cap *= 2) * sizeof **rows);
		size_t spec = tags_specialty(tags, st);
		tags->specs[spec].count += sqlite3_column_int(st, 6) != 0;
		(*rows)[(*n)++] = (struct tag_row){ sqlite3_column_int64(st, 0),
		                                    sqlite3_column_int(st, 1), spec };
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Makes the tag set of the post whose rows are rows[0..n). */
static void tags_add_set(struct post_tags *tags, const struct tag_row *rows, size_t n)
{
	struct post_tag_set *set = &tags->sets[tags->nsets++];
	char line[TAGS_LINE_BYTES] = "";
	set->post_id = rows[0].post_id;
	set->list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *tag = tags->specs[rows[i].spec].tag;
		json_array_append(set->list, tag);
		line_append(line, sizeof line, json_string_value(json_object_get(tag, "name")));
	}
	set->line = *line ? text_json(line) : json_null();
}

/* Groups rows sorted by (post, position) into one tag set per post. */
static void tags_group(struct post_tags *tags, const struct tag_row *rows, size_t n)
{
	size_t posts = 0;
	for (size_t i = 0; i < n; i++)
		posts += i == 0 || rows[i].post_id != rows[i - 1].post_id;
	tags->sets = xcalloc(posts ? posts : 1, sizeof *tags->sets);
	for (size_t i = 0, k; i < n; i = k) {
		for (k = i + 1; k < n && rows[k].post_id == rows[i].post_id; k++)
			;
		tags_add_set(tags, rows + i, k - i);
	}
}

struct post_tags *post_tags_load(struct db *db, int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD_TAGS);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, thread_id);
	struct post_tags *tags = xcalloc(1, sizeof *tags);
	struct tag_row *rows;
	size_t n;
	int rc = tags_read_rows(tags, st, &rows, &n);
	if (rc == 0) {
		qsort(rows, n, sizeof *rows, tag_row_cmp);
		tags_group(tags, rows, n);
	}
	free(rows);
	if (rc != 0) {
		post_tags_free(tags);
		return NULL;
	}
	return tags;
}

void post_tags_free(struct post_tags *tags)
{
	if (!tags)
		return;
	for (size_t i = 0; i < tags->nsets; i++)
		json_decref(tags->sets[i].list), json_decref(tags->sets[i].line);
	for (size_t i = 0; i < tags->nspecs; i++)
		json_decref(tags->specs[i].tag);
	free(tags->sets);
	free(tags->specs);
	free(tags);
}

/* Most replies first, then the specialties' own order (as ORDER BY count(*) DESC, s.sort). */
static int tag_count_cmp(const void *a, const void *b)
{
	const struct tag_count *x = a, *y = b;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	return (x->sort > y->sort) - (x->sort < y->sort);
}

size_t post_tags_counts(const struct post_tags *tags, struct tag_count **out)
{
	size_t n = 0;
	*out = xcalloc(tags->nspecs ? tags->nspecs : 1, sizeof **out);
	for (size_t i = 0; i < tags->nspecs; i++) {
		const struct seen_specialty *spec = &tags->specs[i];
		const char *slug = json_string_value(json_object_get(spec->tag, "slug"));
		const char *name = json_string_value(json_object_get(spec->tag, "name"));
		if (spec->count > 0 && slug && name)
			(*out)[n++] = (struct tag_count){ slug, name, spec->sort, spec->count };
	}
	qsort(*out, n, sizeof **out, tag_count_cmp);
	return n;
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
		json_t *topic = json_object();
		set_text(topic, "slug", slug);
		set_text(topic, "name", col_text(st, 1));
		set_text(topic, "url", url);
		json_array_append_new(topics, topic);
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
