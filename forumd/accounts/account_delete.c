/* account_delete.c: the JSON export of everything held about a member (/account/export)
 * and closing the account (/account/delete): credentials, sessions and codes go at once;
 * posts lose their text or stay under "former member", as the member chooses. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

#include "accountform.h"
#include "authorship.h"
#include "accounts_handlers.h"
#include "db.h"
#include "drafts.h"
#include "erase.h"
#include "keys.h"
#include "mem.h"
#include "messages.h"
#include "pwjob.h"
#include "recovery.h"
#include "session.h"
#include "timefmt.h"

static const char SQL_EXPORT_MEMBER[] =
	"SELECT handle, role, credentials, years_in_practice, bio_md, show_tags, created_at,"
	" updated_at, place FROM members WHERE id = ?1";
static const char SQL_EXPORT_SESSIONS[] =
	"SELECT created_at, expires_at, last_active_day, browser, persistent FROM sessions"
	" WHERE member_id = ?1 ORDER BY id";
static const char SQL_EXPORT_SPECIALTIES[] =
	"SELECT s.name FROM member_specialties ms JOIN specialties s ON s.id = ms.specialty_id"
	" WHERE ms.member_id = ?1 ORDER BY ms.position";
static const char SQL_EXPORT_POSTS[] =
	"SELECT p.id, p.thread_id, t.title, p.kind, p.anonymous, p.anon_alias, p.credentials,"
	" p.body_md, p.created_at, p.edited_at, p.state, p.place FROM posts p"
	" JOIN threads t ON t.id = p.thread_id WHERE p.id IN " POSTS_OF("?1") " ORDER BY p.id";
static const char SQL_MEMBER_POSTS[] = "SELECT id FROM posts WHERE id IN " POSTS_OF("?1");
static const char SQL_REMOVE_POSTS[] =
	"UPDATE posts SET state = 'removed', edited_at = ?2 WHERE id IN " POSTS_OF("?1");
/* What links the member to their posts goes with the account: read marks, suspensions made
 * through a post, and the sealed authorship of anonymous posts and threads (which then read
 * "former member" to everyone, the server included). Run before the member's row goes. */
static const char SQL_FORGET_READS[] =
	"DELETE FROM read_marks WHERE reader IN (SELECT read_key(?1, thread_id) FROM posts"
	" WHERE id IN " POSTS_OF("?1") " UNION SELECT read_key(?1, thread_id) FROM thread_follows"
	" WHERE member_id = ?1)";
static const char SQL_FORGET_SUSPENSIONS[] = "DELETE FROM suspensions WHERE member_key = suspend_key(?1)";
static const char SQL_UNSEAL_THREADS[] =
	"UPDATE threads SET author_tag = NULL WHERE id IN " THREADS_OF("?1") " AND member_id IS NULL";
static const char SQL_UNSEAL_POSTS[] =
	"UPDATE posts SET author_tag = NULL, author_seal = NULL WHERE id IN " POSTS_OF("?1")
	" AND member_id IS NULL";
static const char SQL_FORGET_LEDGER[] = "DELETE FROM anon_ledgers WHERE owner = ledger_key(?1)";
static const char SQL_DELETE_MEMBER[] = "DELETE FROM members WHERE id = ?1";

static json_t *iso_or_null(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return json_null();
	char iso[TIME_ISO_LEN];
	time_iso(iso, (time_t)sqlite3_column_int64(st, col));
	return json_string(iso);
}

static json_t *text_or_null(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? json_string((const char *)s) : json_null();
}

static json_t *export_rows(struct db *db, const char *sql, int64_t member,
                           json_t *(*row)(sqlite3_stmt *))
{
	json_t *list = json_array();
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return list;
	sqlite3_bind_int64(st, 1, member);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(list, row(st));
	sqlite3_reset(st);
	return list;
}

static json_t *session_row(sqlite3_stmt *st)
{
	char day[TIME_ISO_LEN];
	time_iso(day, (time_t)(sqlite3_column_int64(st, 2) * 86400));
	day[10] = '\0';
	return json_pack("{s:o, s:o, s:s, s:o, s:b}", "started", iso_or_null(st, 0),
	                 "expires", iso_or_null(st, 1), "last_active_day", day,
	                 "browser", text_or_null(st, 3), "keep_signed_in", sqlite3_column_int(st, 4));
}

static json_t *specialty_row(sqlite3_stmt *st)
{
	return text_or_null(st, 0);
}

static json_t *post_row(sqlite3_stmt *st)
{
	return json_pack("{s:I, s:I, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"id", (json_int_t)sqlite3_column_int64(st, 0),
		"thread_id", (json_int_t)sqlite3_column_int64(st, 1),
		"thread_title", text_or_null(st, 2), "kind", text_or_null(st, 3),
		"anonymous", sqlite3_column_int(st, 4), "anonymous_alias", text_or_null(st, 5),
		"credentials_shown", text_or_null(st, 6), "body_markdown", text_or_null(st, 7),
		"created", iso_or_null(st, 8), "edited", iso_or_null(st, 9), "state", text_or_null(st, 10),
		"place_shown", text_or_null(st, 11));
}

/* Everything held about the member. NULL on a database error. */
static json_t *export_model(struct db *db, int64_t member)
{
	sqlite3_stmt *st = db_stmt(db, SQL_EXPORT_MEMBER);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, member);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return NULL;
	}
	char now[TIME_ISO_LEN];
	time_iso(now, time(NULL));
	json_t *m = json_pack("{s:s, s:s, s:{s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o}}",
		"exported", now,
		"note", "Everything this forum holds about your account. Passwords, session tokens and "
		        "recovery codes are stored only as one-way hashes and are not included.",
		"account", "handle", text_or_null(st, 0), "role", text_or_null(st, 1),
		"credentials", text_or_null(st, 2), "years_in_practice", text_or_null(st, 3),
		"bio_markdown", text_or_null(st, 4), "show_tags", sqlite3_column_int(st, 5),
		"created", iso_or_null(st, 6), "updated", iso_or_null(st, 7),
		"place", text_or_null(st, 8));
	sqlite3_reset(st);
	json_object_set_new(m, "specialties", export_rows(db, SQL_EXPORT_SPECIALTIES, member, specialty_row));
	json_object_set_new(m, "sessions", export_rows(db, SQL_EXPORT_SESSIONS, member, session_row));
	json_object_set_new(m, "recovery_codes_unused", json_integer(recovery_codes_left(db, member)));
	json_object_set_new(m, "posts", export_rows(db, SQL_EXPORT_POSTS, member, post_row));
	json_t *drafts = drafts_of(db, member);   /* {thread (0: a new dilemma), saved_at, fields} */
	if (!drafts) {
		json_decref(m);
		return NULL;
	}
	json_object_set_new(m, "drafts", drafts);
	return m;
}

/* GET /account/export: a download of export_model as JSON. */
void account_export(struct request *r)
{
	json_t *m = export_model(r->db, viewer_id(r));
	if (!m) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	char *s = json_dumps(m, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(m);
	char disp[96];
	snprintf(disp, sizeof disp, "attachment; filename=\"forumd-export-%s.json\"",
	         json_string_value(json_object_get(r->viewer, "handle")));
	respond_header(r, "Content-Disposition", disp);
	respond_body(r, 200, "application/json; charset=utf-8", s, strlen(s));
	free(s);
}

/* GET /account/delete */
void account_delete_form(struct request *r)
{
	json_t *m = form_model(r, "Delete your account");
	json_object_set_new(json_object_get(m, "form"), "keep", json_true());
	respond_page(r, 200, "account_delete", m);
}

/* The ids of every post of the member, anonymous ones included (through their ledger).
 * Returns the count and sets *ids (caller frees), or -1 on a database error. */
static ssize_t member_posts(struct db *db, int64_t member, int64_t **ids)
{
	*ids = NULL;
	sqlite3_stmt *st = db_stmt(db, SQL_MEMBER_POSTS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap)
			*ids = xrealloc(*ids, (cap = cap ? 2 * cap : 64) * sizeof **ids);
		(*ids)[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? (ssize_t)n : -1;
}

/* Erases the text of every post of the member (store/erase.h) and removes the posts,
 * inside the caller's transaction. Returns 0 or -1. */
static int erase_member_posts(struct db *db, int64_t member)
{
	int64_t *ids;
	ssize_t n = member_posts(db, member, &ids);
	int rc = n < 0 ? -1 : 0;
	for (ssize_t i = 0; i < n && rc == 0; i++)
		rc = erase_post_text(db, ids[i]);
	free(ids);
	sqlite3_stmt *st = rc == 0 ? db_stmt(db, SQL_REMOVE_POSTS) : NULL;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

/* Deletes the member (their posts' text first when erase), in one transaction. 0 or -1. */
static int delete_member(struct db *db, int64_t member, bool erase)
{
	if (db_begin(db) != SQLITE_OK)
		return -1;
	static const char *const forget[] = {SQL_FORGET_READS, SQL_FORGET_SUSPENSIONS,
	                                     SQL_UNSEAL_THREADS, SQL_UNSEAL_POSTS, SQL_FORGET_LEDGER,
	                                     SQL_DELETE_MEMBER};
	int rc = erase ? erase_member_posts(db, member) : 0;
	if (rc == 0)
		rc = drafts_forget(db, member);
	for (size_t i = 0; i < sizeof forget / sizeof forget[0] && rc == 0; i++) {
		sqlite3_stmt *st = db_stmt(db, forget[i]);
		if (st)
			sqlite3_bind_int64(st, 1, member);
		rc = st && db_step_done(st) == SQLITE_DONE ? 0 : -1;
	}
	if (rc != 0 || db_commit(db) != SQLITE_OK) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

static void delete_finish(struct pw_job *j)
{
	if (pw_job_refuse_unverified(j, "account_delete", "password", "That is not your password."))
		return;
	struct request *r = j->r;
	bool erase = strcmp(j->mode, "erase") == 0;
	int64_t member = j->member_id;
	pw_job_free(j);  /* and its model */
	if (delete_member(r->db, member, erase) != 0) {
		respond_error(r, 503, "Your account could not be deleted right now. Nothing was changed. "
		            "Please try again.");
		return;
	}
	/* the member's row and, with erase, their text: out of the index's old segments and the WAL */
	erase_purge(r->db);
	session_end(r);  /* its row went with the member; this expires the cookie */
	respond_page(r, 200, "account_delete", json_pack("{s:s, s:b, s:b}", "title", "Account deleted",
	                                               "deleted", 1, "erased", erase));
}

/* POST /account/delete  password, mode ("erase" | "keep"), csrf */
void account_delete(struct request *r)
{
	json_t *model = form_model(r, "Delete your account");
	const char *mode = req_form(r, "mode");
	const char *pw = req_form(r, "password");
	bool mode_ok = mode && (strcmp(mode, "erase") == 0 || strcmp(mode, "keep") == 0);
	if (mode_ok)
		json_object_set_new(json_object_get(model, "form"), mode, json_true());
	else
		form_error(model, "mode", "Choose what happens to your posts.");
	if (!pw || !pw[0] || strlen(pw) > PASSWORD_MAX_BYTES)
		form_error(model, "password", "Enter your password to confirm.");
	if (json_object_size(json_object_get(model, "errors"))) {
		respond_page(r, 400, "account_delete", model);
		return;
	}
	struct pw_job *j = pw_job_current_password(r, model, "account_delete", pw, delete_finish);
	if (!j)
		return;
	snprintf(j->mode, sizeof j->mode, "%s", mode);
	pw_job_submit(j, "account_delete");
}
