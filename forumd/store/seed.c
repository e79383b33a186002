/* seed.c: fills an empty database with the demo members, dilemmas and replies of demo.json. */
#include "seed.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alias.h"
#include "assets.h"
#include "authorship.h"
#include "markdown.h"
#include "searchindex.h"

/* Demo members joined this long before now, so "joined in" reads naturally. */
#define DEMO_MEMBER_AGE_SECONDS (120 * 24 * 60 * 60)
/* A password hash that no password verifies: demo members can never sign in. */
#define DEMO_PASSWORD_HASH "!"

static const char SQL_HAS_THREADS[] = "SELECT EXISTS (SELECT 1 FROM threads)";
static const char SQL_SPECIALTY_ID[] = "SELECT id FROM specialties WHERE slug = ?1";
static const char SQL_TOPIC_ID[] = "SELECT id FROM topics WHERE slug = ?1";
static const char SQL_HANDLE_TAKEN[] = "SELECT 1 FROM members WHERE handle = ?1";
static const char SQL_INSERT_MEMBER[] =
	"INSERT INTO members (handle, password_hash, role, credentials, years_in_practice,"
	" bio_md, bio_html, created_at, place) VALUES (?1, ?2, 'member', ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_INSERT_MEMBER_SPECIALTY[] =
	"INSERT INTO member_specialties (member_id, specialty_id, position) VALUES (?1, ?2, ?3)";
static const char SQL_INSERT_THREAD[] =
	"INSERT INTO threads (title, member_id, anonymous, specialty_id, created_at,"
	" last_activity_at, reply_count, place)"
	" VALUES (?1, CASE WHEN ?3 THEN NULL ELSE ?2 END, ?3, ?4, ?5, ?6, ?7, ?8)";

static const char SQL_INSERT_THREAD_TOPIC[] =
	"INSERT INTO thread_topics (thread_id, topic_id) VALUES (?1, ?2)";
static const char SQL_INSERT_POST[] =
	"INSERT INTO posts (thread_id, member_id, author_tag, author_seal, kind, anonymous, anon_alias,"
	" credentials, show_tags, body_md, body_html, created_at, place)"
	" VALUES (?1, " AUTHORSHIP_VALUES("?2", "?1", "?4") ", ?3, ?4, ?5,"
	"         CASE WHEN ?4 THEN '' ELSE ?6 END, NOT ?4, ?7, ?8, ?9,"
	"         CASE WHEN ?4 THEN NULL ELSE (SELECT place FROM members WHERE id = ?2) END)";
static const char SQL_INSERT_SCRIPT[] =
	"INSERT INTO post_scripts (post_id, position, text) VALUES (?1, ?2, ?3)";
static const char SQL_HAS_SEARCH[] =
	"SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'search_fts'";
static const char SQL_INSERT_POST_SPECIALTY[] =
	"INSERT INTO post_specialties (post_id, specialty_id, position) VALUES (?1, ?2, ?3)";

/* The state of one seeding run. */
struct seed {
	struct db *db;
	json_t *members;     /* handle -> {"id": N, "credentials": "...", "specialties": [...]} */
	time_t now;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct seed *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = snprintf(s->err, s->errlen, "demo.json: ");
	if (n >= 0 && (size_t)n < s->errlen)
		vsnprintf(s->err + n, s->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int fail_db(struct seed *s, const char *what)
{
	return fail(s, "%s: %s", what, sqlite3_errmsg(db_handle(s->db)));
}

/* Steps an INSERT; returns 0 or -1 with err naming `what`. */
static int insert(struct seed *s, sqlite3_stmt *st, const char *what)
{
	if (!st || db_step_done(st) != SQLITE_DONE)
		return fail_db(s, what);
	return 0;
}

static sqlite3_int64 last_id(struct seed *s)
{
	return sqlite3_last_insert_rowid(db_handle(s->db));
}

/* Returns the id for `slug` by the query `sql`, or 0 when there is none. */
static sqlite3_int64 slug_id(struct seed *s, const char *sql, const char *slug)
{
	sqlite3_stmt *st = db_stmt(s->db, sql);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	sqlite3_int64 id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return id;
}

static void bind_md(sqlite3_stmt *st, int md_index, const char *md, char **html_out)
{
	*html_out = markdown_to_html(md, strlen(md));
	sqlite3_bind_text(st, md_index, md, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, md_index + 1, *html_out, -1, SQLITE_STATIC);
}

/* Inserts an (owner_id, id[, position]) row by insert_sql for each slug of `slugs`, its id
 * found by lookup_sql; `kind` ("specialty", "topic") names an unknown slug in the error. */
static int insert_slugs(struct seed *s, const char *lookup_sql, const char *insert_sql,
                        const char *kind, sqlite3_int64 owner_id, json_t *slugs, const char *where)
{
	size_t i;
	json_t *slug;
	json_array_foreach(slugs, i, slug) {
		const char *name = json_is_string(slug) ? json_string_value(slug) : "";
		sqlite3_int64 id = slug_id(s, lookup_sql, name);
		if (!id)
			return fail(s, "%s: unknown %s \"%s\"", where, kind, name);
		sqlite3_stmt *st = db_stmt(s->db, insert_sql);
		if (st) {
			sqlite3_bind_int64(st, 1, owner_id);
			sqlite3_bind_int64(st, 2, id);
			if (sqlite3_bind_parameter_count(st) >= 3)
				sqlite3_bind_int64(st, 3, (sqlite3_int64)i + 1);
		}
		if (insert(s, st, where) != 0)
			return -1;
	}
	return 0;
}

/* Inserts (owner_id, specialty, position) rows by `sql` for each slug of `slugs`. */
static int insert_specialties(struct seed *s, const char *sql, sqlite3_int64 owner_id,
                              json_t *slugs, const char *where)
{
	return insert_slugs(s, SQL_SPECIALTY_ID, sql, "specialty", owner_id, slugs, where);
}

/* ---------------------------------------------------------------- members */

static int seed_member(struct seed *s, json_t *m, size_t index)
{
	const char *handle, *credentials, *years, *bio = "", *place = NULL;
	json_t *specialties;
	json_error_t je;
	char where[64];
	snprintf(where, sizeof where, "member %zu", index + 1);
	if (json_unpack_ex(m, &je, 0, "{s:s, s:s, s:o, s:s, s?s, s?s}", "handle", &handle,
	                   "credentials", &credentials, "specialties", &specialties,
	                   "years", &years, "bio", &bio, "place", &place) != 0)
		return fail(s, "%s: %s", where, je.text);
	if (!json_is_array(specialties))
		return fail(s, "%s: specialties must be an array", where);

	sqlite3_stmt *st = db_stmt(s->db, SQL_INSERT_MEMBER);
	char *bio_html = NULL;
	if (st) {
		sqlite3_bind_text(st, 1, handle, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, DEMO_PASSWORD_HASH, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, credentials, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, years, -1, SQLITE_STATIC);
		bind_md(st, 5, bio, &bio_html);
		sqlite3_bind_int64(st, 7, (sqlite3_int64)(s->now - DEMO_MEMBER_AGE_SECONDS));
		if (place)
			sqlite3_bind_text(st, 8, place, -1, SQLITE_STATIC);
	}
	int rc = insert(s, st, where);
	free(bio_html);
	if (rc != 0)
		return -1;
	sqlite3_int64 id = last_id(s);
	json_object_set_new(s->members, handle, json_pack("{s:I, s:s, s:O}", "id", (json_int_t)id,
	                    "credentials", credentials, "specialties", specialties));
	return insert_specialties(s, SQL_INSERT_MEMBER_SPECIALTY, id, specialties, where);
}

/* ---------------------------------------------------------------- threads and posts */

/* One post to insert: the dilemma or a reply. */
struct post_in {
	sqlite3_int64 thread_id;
	const char *kind;
	const char *author;
	int anonymous;
	const char *alias;
	const char *body;
	json_int_t minutes_ago;
	json_t *specialties;   /* replies: the tags; NULL: the author's first three */
	json_t *scripts;       /* replies: words you could say (strings), or NULL */
};

/* A reply's scripts, in order. Returns 0 or -1. */
static int seed_scripts(struct seed *s, sqlite3_int64 post_id, json_t *scripts, const char *where)
{
	size_t i;
	json_t *t;
	json_array_foreach(scripts, i, t) {
		if (!json_is_string(t))
			return fail(s, "%s: scripts must be strings", where);
		sqlite3_stmt *st = db_stmt(s->db, SQL_INSERT_SCRIPT);
		if (st) {
			sqlite3_bind_int64(st, 1, post_id);
			sqlite3_bind_int(st, 2, (int)i + 1);
			sqlite3_bind_text(st, 3, json_string_value(t), -1, SQLITE_STATIC);
		}
		if (insert(s, st, where) != 0)
			return -1;
	}
	return 0;
}

static int seed_post(struct seed *s, const struct post_in *p, const char *where)
{
	json_t *author = json_object_get(s->members, p->author);
	if (!author)
		return fail(s, "%s: unknown author %s", where, p->author);
	if (p->anonymous && (!p->alias || !*p->alias))
		return fail(s, "%s: an anonymous post needs an alias", where);

	sqlite3_stmt *st = db_stmt(s->db, SQL_INSERT_POST);
	char *html = NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, p->thread_id);
		sqlite3_bind_int64(st, 2, json_integer_value(json_object_get(author, "id")));
		sqlite3_bind_text(st, 3, p->kind, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, p->anonymous);
		if (p->anonymous)
			sqlite3_bind_text(st, 5, p->alias, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, json_string_value(json_object_get(author, "credentials")), -1,
		                  SQLITE_STATIC);
		bind_md(st, 7, p->body, &html);
		sqlite3_bind_int64(st, 9, (sqlite3_int64)(s->now - p->minutes_ago * 60));
	}
	int rc = insert(s, st, where);
	free(html);
	if (rc != 0)
		return rc;
	sqlite3_int64 post_id = last_id(s);
	if (p->scripts && seed_scripts(s, post_id, p->scripts, where) != 0)
		return -1;
	if (p->anonymous)
		rc = alias_ledger_add(s->db, json_integer_value(json_object_get(author, "id")),
		                           p->thread_id) == 0 ? 0 : fail_db(s, where);
	if (rc != 0 || p->anonymous || strcmp(p->kind, "reply") != 0)
		return rc;

	json_t *tags = p->specialties;
	json_t *own = json_object_get(author, "specialties");
	json_t *first3 = json_array();
	for (size_t i = 0; i < json_array_size(own) && i < 3; i++)
		json_array_append(first3, json_array_get(own, i));
	rc = insert_specialties(s, SQL_INSERT_POST_SPECIALTY, post_id, tags ? tags : first3, where);
	json_decref(first3);
	return rc;
}

/* The newest reply's age in minutes, or the thread's own when it has none. */
static json_int_t newest_minutes(json_t *replies, json_int_t thread_minutes)
{
	json_int_t newest = thread_minutes;
	size_t i;
	json_t *r;
	json_array_foreach(replies, i, r) {
		json_t *m = json_object_get(r, "minutes_ago");
		if (json_is_integer(m) && json_integer_value(m) < newest)
			newest = json_integer_value(m);
	}
	return newest;
}

/* Inserts the threads row; its reply count and last activity come from the replies. */
static int seed_thread_row(struct seed *s, const struct post_in *op, const char *setting,
                           const char *place, const char *title, json_t *replies,
                           const char *where)
{
	json_t *author = json_object_get(s->members, op->author);
	if (!author)
		return fail(s, "%s: unknown author %s", where, op->author);
	sqlite3_int64 setting_id = setting ? slug_id(s, SQL_SPECIALTY_ID, setting) : 0;
	if (setting && !setting_id)
		return fail(s, "%s: unknown setting %s", where, setting);
	json_int_t newest = newest_minutes(replies, op->minutes_ago);

	sqlite3_stmt *st = db_stmt(s->db, SQL_INSERT_THREAD);
	if (st) {
		sqlite3_bind_text(st, 1, title, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, json_integer_value(json_object_get(author, "id")));
		sqlite3_bind_int(st, 3, op->anonymous);
		if (setting_id)
			sqlite3_bind_int64(st, 4, setting_id);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)(s->now - op->minutes_ago * 60));
		sqlite3_bind_int64(st, 6, (sqlite3_int64)(s->now - newest * 60));
		sqlite3_bind_int64(st, 7, (sqlite3_int64)json_array_size(replies));
		if (place)
			sqlite3_bind_text(st, 8, place, -1, SQLITE_STATIC);
	}
	int rc = insert(s, st, where);
	if (rc == 0 && op->anonymous)
		rc = alias_seal_thread(s->db, last_id(s), json_integer_value(json_object_get(author, "id")))
		     == 0 ? 0 : fail_db(s, where);
	return rc;
}

static int seed_topics(struct seed *s, sqlite3_int64 thread_id, json_t *topics, const char *where)
{
	return insert_slugs(s, SQL_TOPIC_ID, SQL_INSERT_THREAD_TOPIC, "topic", thread_id, topics, where);
}

static int seed_reply(struct seed *s, sqlite3_int64 thread_id, json_t *r, const char *where)
{
	struct post_in p = { .thread_id = thread_id, .kind = "reply" };
	json_error_t je;
	if (json_unpack_ex(r, &je, 0, "{s:s, s?b, s?s, s:I, s?o, s:s, s?o}", "author", &p.author,
	                   "anonymous", &p.anonymous, "alias", &p.alias, "minutes_ago",
	                   &p.minutes_ago, "specialties", &p.specialties, "body", &p.body,
	                   "scripts", &p.scripts) != 0)
		return fail(s, "%s: %s", where, je.text);
	return seed_post(s, &p, where);
}

/* The asker's update ({minutes_ago, body}), signed as the dilemma op is. */
static int seed_update(struct seed *s, const struct post_in *op, json_t *u, const char *where)
{
	struct post_in p = *op;
	p.kind = "update";
	p.specialties = p.scripts = NULL;
	json_error_t je;
	if (json_unpack_ex(u, &je, 0, "{s:I, s:s}", "minutes_ago", &p.minutes_ago, "body", &p.body) != 0)
		return fail(s, "%s update: %s", where, je.text);
	return seed_post(s, &p, where);
}

static int seed_thread(struct seed *s, json_t *t, size_t index)
{
	struct post_in op = { .kind = "dilemma" };
	const char *title, *setting = NULL, *place = NULL;
	json_t *topics, *replies = NULL, *update = NULL;
	json_error_t je;
	char where[64];
	snprintf(where, sizeof where, "thread %zu", index + 1);
	if (json_unpack_ex(t, &je, 0, "{s:s, s:o, s?s, s?s, s:s, s?b, s?s, s:I, s:s, s?o, s?o}",
	                   "title", &title, "topics", &topics, "setting", &setting, "place", &place,
	                   "author", &op.author, "anonymous", &op.anonymous, "alias", &op.alias,
	                   "minutes_ago", &op.minutes_ago, "body", &op.body,
	                   "replies", &replies, "update", &update) != 0)
		return fail(s, "%s: %s", where, je.text);
	if (!json_is_array(topics) || (replies && !json_is_array(replies)))
		return fail(s, "%s: topics and replies must be arrays", where);

	if (seed_thread_row(s, &op, setting, place, title, replies, where) != 0)
		return -1;
	op.thread_id = last_id(s);
	if (seed_topics(s, op.thread_id, topics, where) != 0 || seed_post(s, &op, where) != 0)
		return -1;
	size_t i;
	json_t *r;
	json_array_foreach(replies, i, r) {
		char rwhere[96];
		snprintf(rwhere, sizeof rwhere, "%s reply %zu", where, i + 1);
		if (seed_reply(s, op.thread_id, r, rwhere) != 0)
			return -1;
	}
	return update ? seed_update(s, &op, update, where) : 0;
}

/* ---------------------------------------------------------------- entry points */

static int has_threads(struct seed *s)
{
	sqlite3_stmt *st = db_stmt(s->db, SQL_HAS_THREADS);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	int any = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return any;
}

/* Adds the demo posts to the full-text index once a migration has created it. */
static int index_for_search(struct seed *s)
{
	sqlite3_stmt *st = db_stmt(s->db, SQL_HAS_SEARCH);
	if (!st)
		return fail_db(s, "search index");
	int exists = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (exists && search_index_all(s->db) != 0)
		return fail_db(s, "search index");
	return 0;
}

/* Returns the first demo handle a real member already has, or NULL. */
static const char *taken_handle(struct seed *s, json_t *members)
{
	size_t i;
	json_t *m;
	json_array_foreach(members, i, m) {
		const char *handle = json_string_value(json_object_get(m, "handle"));
		if (handle && slug_id(s, SQL_HANDLE_TAKEN, handle))
			return handle;
	}
	return NULL;
}

static int seed_all(struct seed *s, json_t *doc)
{
	json_t *members = json_object_get(doc, "members");
	json_t *threads = json_object_get(doc, "threads");
	if (!json_is_array(members) || !json_is_array(threads))
		return fail(s, "needs \"members\" and \"threads\" arrays");
	const char *taken = taken_handle(s, members);
	if (taken) {
		/* Never attribute demo text to a real person's handle: skip the demo instead. */
		fprintf(stderr, "forumd: demo content skipped: the handle %s is taken\n", taken);
		return 0;
	}
	size_t i;
	json_t *item;
	json_array_foreach(members, i, item)
		if (seed_member(s, item, i) != 0)
			return -1;
	json_array_foreach(threads, i, item)
		if (seed_thread(s, item, i) != 0)
			return -1;
	return index_for_search(s);
}

int seed_demo_json(struct db *db, const char *json, size_t len, char *err, size_t errlen)
{
	struct seed s = { .db = db, .now = time(NULL), .err = err, .errlen = errlen };
	json_error_t je;
	json_t *doc = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!doc)
		return fail(&s, "line %d: %s", je.line, je.text);
	if (db_begin(db) != SQLITE_OK) {
		json_decref(doc);
		return fail_db(&s, "begin");
	}
	int any = has_threads(&s);
	int rc = 0;
	if (any != 0) {
		rc = any < 0 ? fail_db(&s, "threads") : 0;
		db_rollback(db);
	} else {
		s.members = json_object();
		rc = seed_all(&s, doc);
		if (rc == 0 && db_commit(db) != SQLITE_OK)
			rc = fail_db(&s, "commit");
		if (rc != 0)
			db_rollback(db);
		json_decref(s.members);
	}
	json_decref(doc);
	return rc;
}

int seed_demo(struct db *db, char *err, size_t errlen)
{
	const struct asset *a = asset_find(asset_demo, "demo.json");
	if (!a) {
		snprintf(err, errlen, "demo.json: not embedded in this build");
		return -1;
	}
	return seed_demo_json(db, (const char *)a->data, a->len, err, errlen);
}
