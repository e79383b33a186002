/* notifyfeed.c: a member's private Atom feed of their notifications, for a feed reader.
 * Its address holds a random secret (GET /notifications/feed?key=SECRET: in the query, so
 * the request log, which writes paths, never holds it); the database keeps a keyed hash of
 * it. POST /notifications/feed makes a new address (the old one stops working) and shows it
 * once; with stop=1 it ends the feed. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "atom.h"
#include "forum_handlers.h"
#include "html.h"
#include "keys.h"
#include "limits.h"
#include "messages.h"
#include "notifications.h"
#include "session.h"
#include "timefmt.h"

#define B64 sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define KEY_B64_LEN sodium_base64_ENCODED_LEN(NOTIFY_FEED_TOKEN_BYTES, B64)

static const char SQL_FEED_OF[] = "SELECT created_at FROM notify_feeds WHERE member_id = ?1";
static const char SQL_FEED_MEMBER[] = "SELECT member_id FROM notify_feeds WHERE token_hash = ?1";
static const char SQL_FEED_STOP[] = "DELETE FROM notify_feeds WHERE member_id = ?1";
static const char SQL_FEED_NEW[] =
	"INSERT INTO notify_feeds (token_hash, member_id, created_at) VALUES (?1, ?2, ?3)";

static void secret_hash(const unsigned char secret[NOTIFY_FEED_TOKEN_BYTES], unsigned char out[32])
{
	crypto_generichash(out, 32, secret, NOTIFY_FEED_TOKEN_BYTES, keys_feed_key(), KEY_BYTES);
}

void notify_feed_model(struct request *r, int64_t me, json_t *model)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_FEED_OF);
	if (!st)
		return;
	sqlite3_bind_int64(st, 1, me);
	if (sqlite3_step(st) == SQLITE_ROW) {
		char iso[TIME_ISO_LEN], ago[40];
		time_shown(iso, ago, sizeof ago, time(NULL), (time_t)sqlite3_column_int64(st, 0), false);
		json_object_set_new(model, "feed", json_pack("{s:s, s:s}", "since", iso, "since_human", ago));
	}
	sqlite3_reset(st);
}

/* Ends member's feed, and with a new secret, starts another. Returns 0 or -1. */
static int feed_replace(struct db *db, int64_t me, const unsigned char *secret)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FEED_STOP);
	if (!st || db_begin(db) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, me);
	int rc = db_step_done(st) == SQLITE_DONE ? 0 : -1;
	if (rc == 0 && secret) {
		unsigned char hash[32];
		secret_hash(secret, hash);
		st = db_stmt(db, SQL_FEED_NEW);
		rc = -1;
		if (st) {
			sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_TRANSIENT);
			sqlite3_bind_int64(st, 2, me);
			sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
			rc = db_step_done(st) == SQLITE_DONE ? 0 : -1;
		}
	}
	if (rc == 0 && db_commit(db) == SQLITE_OK)
		return 0;
	db_rollback(db);
	return -1;
}

/* POST /notifications/feed  (stop=1: end it) */
void notify_feed_change(struct request *r)
{
	int64_t me = viewer_id(r);
	const char *stop = req_form(r, "stop");
	bool stopping = stop && strcmp(stop, "1") == 0;
	if (stopping) {
		if (feed_replace(r->db, me, NULL) != 0)
			respond_error(r, 503, MSG_DB);
		else
			respond_redirect(r, "/notifications?feed=stopped#feed");
		return;
	}
	unsigned char secret[NOTIFY_FEED_TOKEN_BYTES];
	randombytes_buf(secret, sizeof secret);
	if (feed_replace(r->db, me, secret) != 0) {
		sodium_memzero(secret, sizeof secret);
		respond_error(r, 503, MSG_DB);
		return;
	}
	char key[KEY_B64_LEN], path[KEY_B64_LEN + 64];
	sodium_bin2base64(key, sizeof key, secret, sizeof secret, B64);
	sodium_memzero(secret, sizeof secret);
	snprintf(path, sizeof path, "/notifications/feed?key=%s", key);
	sodium_memzero(key, sizeof key);
	struct atom a;   /* only for the site's origin, as the feed's own links have it */
	atom_begin(&a, r);
	char url[sizeof a.origin + sizeof path];
	snprintf(url, sizeof url, "%s%s", a.origin, path);
	atom_abort(&a);
	sodium_memzero(path, sizeof path);
	json_t *model = json_pack("{s:s, s:s}", "title", "Your private feed", "feed_url", url);
	sodium_memzero(url, sizeof url);
	respond_page(r, 200, "notify_feed", model);
}

/* The member whose feed secret key (base64url) names, or 0. */
static int64_t feed_member(struct db *db, const char *key)
{
	unsigned char secret[NOTIFY_FEED_TOKEN_BYTES], hash[32];
	size_t got = 0;
	if (!key || sodium_base642bin(secret, sizeof secret, key, strlen(key), NULL, &got, NULL, B64) != 0 ||
	    got != sizeof secret)
		return 0;
	secret_hash(secret, hash);
	sodium_memzero(secret, sizeof secret);
	sqlite3_stmt *st = db_stmt(db, SQL_FEED_MEMBER);
	if (!st)
		return 0;
	sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_STATIC);
	int64_t member = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return member;
}

/* GET /notifications/feed?key=SECRET */
void notify_feed_show(struct request *r)
{
	r->no_store = true;   /* one member's own: never kept by a cache */
	const char *key = req_query(r, "key");
	int64_t me = feed_member(r->db, key);
	if (me == 0) {
		respond_error(r, 404, "There is no such feed. Its address may have been replaced: "
		                      "make a new one on your notifications page.");
		return;
	}
	int64_t seen;
	time_t now = time(NULL);
	json_t *items = notifications_list(r->db, me, now, &seen);
	if (!items) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	struct atom a;
	atom_begin(&a, r);
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item) {
		char id[160], title[1024];   /* a title of 150 characters is up to 600 bytes */
		snprintf(id, sizeof id, "/notifications/%s", json_string_value(json_object_get(item, "id")));
		snprintf(title, sizeof title, "%s \xe2\x80\x9c%s\xe2\x80\x9d",
		         json_string_value(json_object_get(item, "text")),
		         json_string_value(json_object_get(item, "title")));
		const char *note = json_string_value(json_object_get(item, "note"));
		struct evbuffer *html = evbuffer_new();
		evbuffer_add_printf(html, "<p>");
		html_escape(html, title, strlen(title));
		if (note) {
			evbuffer_add_printf(html, "</p><p>");
			html_escape(html, note, strlen(note));
		}
		evbuffer_add(html, "</p>", 5);   /* with the NUL */
		time_t at = (time_t)json_integer_value(json_object_get(item, "at_unix"));
		atom_entry_at(&a, json_string_value(json_object_get(item, "url")), id, title, at, at,
		              "Notifications", (const char *)evbuffer_pullup(html, -1));
		evbuffer_free(html);
	}
	json_decref(items);
	char self[KEY_B64_LEN + 40];
	snprintf(self, sizeof self, "/notifications/feed?key=%s", key);
	atom_end(&a, "Your notifications", self, "/notifications");
}
