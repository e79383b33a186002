/* feed.c: Atom 1.0 feeds of the latest dilemmas: GET /feed.atom, /t/:slug/feed.atom,
 * /s/:slug/feed.atom, and of the askers' updates, /updated/feed.atom, written by atom.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "atom.h"
#include "db.h"
#include "forum_handlers.h"
#include "limits.h"
#include "messages.h"
#include "timefmt.h"
#include "visibility.h"

/* Newest dilemmas first: by thread id, which follows creation, so each feed is a walk of
 * one index from its end (threads' rowid, or the (topic_id, thread_id) and
 * (specialty_id, thread_id) keys of the lists of migration 0010), never a sort. */
#define FEED_COLUMNS \
	"SELECT t.id, t.title, t.created_at, t.last_activity_at, t.anonymous, m.handle," \
	"       d.anon_alias, " VIS_TEXT("d", "body_html") ", d.state, d.mod_reason," \
	"       " VIS_LAST_POST_ANONYMOUS("t")
#define FEED_JOINS \
	"  LEFT JOIN members m ON m.id = t.member_id" \
	"  CROSS JOIN posts d ON d.thread_id = t.id AND d.kind = 'dilemma'" \
	" WHERE " VIS_THREAD_LISTED("t")

static const char SQL_FEED_LATEST[] =
	FEED_COLUMNS "  FROM threads t NOT INDEXED" FEED_JOINS " ORDER BY t.id DESC LIMIT ?1";
static const char SQL_FEED_TOPIC[] =
	FEED_COLUMNS "  FROM thread_topics w CROSS JOIN threads t ON t.id = w.thread_id" FEED_JOINS
	" AND w.topic_id = ?2 ORDER BY w.topic_id DESC, w.thread_id DESC LIMIT ?1";
static const char SQL_FEED_SPECIALTY[] =
	FEED_COLUMNS "  FROM thread_specialties w CROSS JOIN threads t ON t.id = w.thread_id" FEED_JOINS
	" AND w.specialty_id = ?2 ORDER BY w.specialty_id DESC, w.thread_id DESC LIMIT ?1";
/* The askers' updates, newest activity first: feed_reply's columns with the update as the
 * entry (its time, its text; to the hour when the dilemma, whose face it wears, is
 * anonymous), walking threads_updated (migration 0022). */
static const char SQL_FEED_UPDATED[] =
	"SELECT t.id, 'How it turned out: ' || t.title, d.created_at, coalesce(d.edited_at, d.created_at),"
	"       t.anonymous, m.handle, d.anon_alias, " VIS_TEXT("d", "body_html") ", d.state, d.mod_reason,"
	"       t.anonymous"
	"  FROM threads t INDEXED BY threads_updated"
	"  LEFT JOIN members m ON m.id = t.member_id"
	"  CROSS JOIN posts d ON d.thread_id = t.id AND d.kind = 'update' AND " VIS_POST_LISTED("d")
	" WHERE t.has_update = 1 AND " VIS_THREAD_LISTED("t")
	" ORDER BY t.last_activity_at DESC, t.id DESC LIMIT ?1";
static const char SQL_TOPIC[] = "SELECT id, name FROM topics WHERE slug = ?1";
static const char SQL_SPECIALTY[] = "SELECT id, name FROM specialties WHERE slug = ?1";

/* The feed's author for the current row: "Anonymous ALIAS", the handle or "former member". */
static void byline(sqlite3_stmt *st, char *name, size_t namelen)
{
	const char *handle = (const char *)sqlite3_column_text(st, 5);
	const char *alias = (const char *)sqlite3_column_text(st, 6);
	if (sqlite3_column_int(st, 4))
		snprintf(name, namelen, "Anonymous %s", alias ? alias : "");
	else
		snprintf(name, namelen, "%s", handle ? handle : "former member");
}

/* Writes the feed for st's rows (already bound) and answers it. */
static void feed_reply(struct request *r, sqlite3_stmt *st, const char *title, const char *self,
                       const char *alternate)
{
	struct atom a;
	atom_begin(&a, r);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char name[96];
		byline(st, name, sizeof name);
		const char *html = (const char *)sqlite3_column_text(st, 7);
		char *placeholder = html ? NULL : visibility_placeholder_html(
			(const char *)sqlite3_column_text(st, 8), (const char *)sqlite3_column_text(st, 9));
		/* an anonymous dilemma's time, and a last activity that is an anonymous post's, to the hour */
		time_t published = (time_t)sqlite3_column_int64(st, 2), updated = (time_t)sqlite3_column_int64(st, 3);
		if (sqlite3_column_int(st, 4))
			published = time_hour(published);
		if (sqlite3_column_int(st, 10))
			updated = time_hour(updated);
		atom_entry(&a, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
		           published, updated < published ? published : updated, name, html ? html : placeholder);
		free(placeholder);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		atom_abort(&a);
		respond_error(r, 503, MSG_DB);
		return;
	}
	atom_end(&a, title, self, alternate);
}

/* GET /feed.atom */
void feed_latest(struct request *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_FEED_LATEST);
	if (!st) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	sqlite3_bind_int(st, 1, FEED_ENTRIES);
	feed_reply(r, st, "Latest dilemmas", "/feed.atom", "/");
}

/* GET /updated/feed.atom: the askers' updates */
void feed_updated(struct request *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_FEED_UPDATED);
	if (!st) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	sqlite3_bind_int(st, 1, FEED_ENTRIES);
	feed_reply(r, st, "How it turned out", "/updated/feed.atom", "/updated");
}

static void feed_filtered(struct request *r, const char *lookup_sql, const char *feed_sql,
                          const char *prefix, const char *what)
{
	const char *slug = r->params[0];
	sqlite3_stmt *st = db_stmt(r->db, lookup_sql);
	if (!st) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	int64_t id = 0;
	char title[160], self[112], alt[96];
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(title, sizeof title, "%s: %s", what, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (!id || !(st = db_stmt(r->db, feed_sql))) {
		respond_error(r, id ? 503 : 404, id ? MSG_DB
		                                  : "There is no such feed.");
		return;
	}
	snprintf(alt, sizeof alt, "%s%s", prefix, slug);
	snprintf(self, sizeof self, "%s/feed.atom", alt);
	sqlite3_bind_int(st, 1, FEED_ENTRIES);
	sqlite3_bind_int64(st, 2, id);
	feed_reply(r, st, title, self, alt);
}

/* GET /t/:slug/feed.atom */
void feed_topic(struct request *r)
{
	feed_filtered(r, SQL_TOPIC, SQL_FEED_TOPIC, "/t/", "Topic");
}

/* GET /s/:slug/feed.atom */
void feed_specialty(struct request *r)
{
	feed_filtered(r, SQL_SPECIALTY, SQL_FEED_SPECIALTY, "/s/", "Specialty");
}
