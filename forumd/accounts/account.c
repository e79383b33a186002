/* account.c: registration, login, logout, change of password and the sessions page, plus
 * the accounts subsystem's start/stop and the password jobs that run on the pool. */

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include <event2/buffer.h>

#include "accountdrafts.h"
#include "accountform.h"
#include "accounts_handlers.h"
#include "db.h"
#include "handle.h"
#include "html.h"
#include "keys.h"
#include "limits.h"
#include "mem.h"
#include "metrics.h"
#include "members.h"
#include "messages.h"
#include "pool.h"
#include "pwjob.h"
#include "ratelimit.h"
#include "recovery.h"
#include "session.h"
#include "text.h"
#include "timefmt.h"

/* ================================================================ SQL */

static const char SQL_HANDLE_TAKEN[] =
	"SELECT 1 FROM members WHERE handle = ?1 COLLATE NOCASE";
/* Look-alikes: case, 0/o, 1/l/i and separators ignored. Only run at registration. */
static const char SQL_HANDLE_LOOKALIKE[] =
	"SELECT 1 FROM members WHERE replace(replace(replace(replace(replace(replace("
	"lower(handle), '0', 'o'), '1', 'l'), 'i', 'l'), '_', ''), '-', ''), '5', 's') = ?1";
static const char SQL_INSERT_MEMBER[] =
	"INSERT INTO members (handle, password_hash, created_at) VALUES (?1, ?2, ?3)";
static const char SQL_LOGIN_LOOKUP[] =
	"SELECT id, password_hash FROM members WHERE handle = ?1 COLLATE NOCASE"
	" AND deleted_at IS NULL";
static const char SQL_END_ONE_SESSION[] =
	"DELETE FROM sessions WHERE member_id = ?1 AND id = ?2";
static const char SQL_LIST_SESSIONS[] =
	"SELECT id, created_at, last_active_day, browser, persistent, expires_at FROM sessions"
	" WHERE member_id = ?1 AND expires_at > ?2 ORDER BY id DESC LIMIT ?3";

/* 1 when a query with ?1 = text finds a row, 0 when not, -1 on error. */
static int exists_text(struct db *db, const char *sql, const char *text)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static void lookalike_key(const char *handle, char out[HANDLE_MAX_CHARS + 1])
{
	size_t k = 0;
	for (const char *p = handle; *p && k < HANDLE_MAX_CHARS; p++) {
		int c = tolower((unsigned char)*p);
		if (c == '_' || c == '-')
			continue;
		out[k++] = (char)(c == '0' ? 'o' : c == '1' || c == 'i' ? 'l' : c == '5' ? 's' : c);
	}
	out[k] = '\0';
}

/* The "next" path after login: a local path only, else "/". */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 512)
		return "/";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x21 || *p == '\\')
			return "/";
	return next;
}

/* ================================================================ register */

/* GET /register */
void account_register_form(struct request *r)
{
	if (viewer_id(r)) {
		respond_redirect(r, "/");
		return;
	}
	respond_page(r, 200, "register", form_model(r, "Create an account"));
}

static void register_finish(struct pw_job *j)
{
	struct request *r = j->r;
	json_t *model = j->model;
	j->model = NULL;
	const char *handle = json_string_value(json_object_get(json_object_get(model, "form"), "handle"));
	if (!j->hashed) {
		pw_job_free(j);
		respond_error(r, 503, "The password could not be processed right now. Please try again.");
		json_decref(model);
		return;
	}
	int64_t now = (int64_t)time(NULL), member = 0;
	char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_TEXT];
	int rc = db_begin(r->db);
	sqlite3_stmt *st = rc == SQLITE_OK ? db_stmt(r->db, SQL_INSERT_MEMBER) : NULL;
	if (st) {
		sqlite3_bind_text(st, 1, handle, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, j->new_hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, now);
		rc = db_step_done(st);
		member = rc == SQLITE_DONE ? sqlite3_last_insert_rowid(db_handle(r->db)) : 0;
	}
	pw_job_free(j);
	if (member && recovery_codes_replace(r->db, member, codes) == 0 && db_commit(r->db) == SQLITE_OK &&
	    session_start(r, member, false) == 0) {
		metrics_count(METRIC_REGISTRATIONS);
		json_decref(model);
		respond_page(r, 201, "codes", recovery_codes_model(r, codes, true));
		sodium_memzero(codes, sizeof codes);
		return;
	}
	db_rollback(r->db);
	sodium_memzero(codes, sizeof codes);
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		form_error(model, "handle", "That handle is taken. Choose another.");
		respond_page(r, 409, "register", model);
		return;
	}
	json_decref(model);
	respond_error(r, 503, "The account could not be saved right now. Please try again.");
}

/* POST /register  handle, password, csrf */
void account_register(struct request *r)
{
	json_t *model = form_model(r, "Create an account");
	form_keep(r, model, "handle");
	const char *handle = req_form(r, "handle");
	const char *pw = req_form(r, "password");
	int wait = auth_attempt_wait(r, NULL);
	if (wait) {
		respond_rate_limited(r, "register", model, wait);
		return;
	}
	const char *why = !handle || !handle[0] ? "Choose a handle." : handle_problem(handle);
	if (!why) {
		char key[HANDLE_MAX_CHARS + 1];
		lookalike_key(handle, key);
		if (exists_text(r->db, SQL_HANDLE_TAKEN, handle) == 1)
			why = "That handle is taken. Choose another.";
		else if (exists_text(r->db, SQL_HANDLE_LOOKALIKE, key) == 1)
			why = "That handle looks too much like an existing member's. Choose another.";
	}
	if (why)
		form_error(model, "handle", why);
	enum password_problem pp = pw ? password_check(pw, strlen(pw), why ? NULL : handle) : PW_TOO_SHORT;
	if (pp != PW_OK)
		form_error(model, "password", !pw || !pw[0] ? "Choose a password." : password_problem_message(pp));
	if (why || pp != PW_OK) {
		respond_page(r, 400, "register", model);
		return;
	}
	struct pw_job *j = pw_job_new(r, model, register_finish);
	pw_job_set_new_password(j, pw);
	pw_job_submit(j, "register");
}

/* ================================================================ login */

static json_t *login_model(struct request *r)
{
	json_t *m = form_model(r, "Log in");
	const char *next = req_query(r, "next");
	if (!next)
		next = req_form(r, "next");
	json_object_set_new(json_object_get(m, "form"), "next", json_string(safe_next(next)));
	return m;
}

/* GET /login  ?next=PATH */
void account_login_form(struct request *r)
{
	if (viewer_id(r)) {
		respond_redirect(r, "/");
		return;
	}
	respond_page(r, 200, "login", login_model(r));
}

static void login_failed(struct request *r, json_t *model)
{
	json_object_set_new(model, "error", json_string(
		"That handle and password do not match an account. Check both and try again."));
	respond_page(r, 401, "login", model);
}

static void login_finish(struct pw_job *j)
{
	struct request *r = j->r;
	json_t *model = j->model;
	j->model = NULL;
	if (!j->verified || !j->member_id) {
		pw_job_free(j);
		login_failure_count(r);   /* failures, not successes, count against the address */
		login_failed(r, model);
		return;
	}
	if (j->hashed)
		member_set_password(r->db, j->member_id, j->new_hash);
	int64_t member = j->member_id;
	bool keep = j->keep;
	pw_job_free(j);
	/* a new token at every login: the old cookie's session ends */
	if (session_id(r))
		session_end(r);
	if (session_start(r, member, keep) != 0) {
		json_decref(model);
		respond_error(r, 503, "You could not be signed in right now. Please try again.");
		return;
	}
	const char *next = safe_next(json_string_value(json_object_get(json_object_get(model, "form"), "next")));
	if (r->want_json) {
		json_t *ok = json_pack("{s:b, s:o, s:s}", "ok", 1, "viewer", json_deep_copy(r->viewer), "next", next);
		json_object_del(json_object_get(ok, "viewer"), "session_id");
		json_decref(model);
		respond_page(r, 200, "login", ok);
		return;
	}
	char *dest = xstrdup(next);
	json_decref(model);
	respond_redirect(r, dest);
	free(dest);
}

/* POST /login  handle, password, keep (on), next, csrf */
void account_login(struct request *r)
{
	json_t *model = login_model(r);
	form_keep(r, model, "handle");
	const char *handle = form_text(r, "handle");
	const char *pw = req_form(r, "password");
	const char *keep = req_form(r, "keep");
	if (keep)
		json_object_set_new(json_object_get(model, "form"), "keep", json_true());
	if (!handle || !handle[0])
		form_error(model, "handle", "Enter your handle.");
	if (!pw || !pw[0])
		form_error(model, "password", "Enter your password.");
	else if (!text_is_clean_secret(pw, strlen(pw)))
		form_error(model, "password", "The password holds characters that cannot be used "
		           "(invalid UTF-8 or control characters).");
	if (!handle || !handle[0] || !pw || !pw[0] || json_object_get(json_object_get(model, "errors"), "password")) {
		respond_page(r, 400, "login", model);
		return;
	}
	int wait = login_attempt_wait(r, handle);
	if (wait) {
		respond_rate_limited(r, "login", model, wait);
		return;
	}
	struct pw_job *j = pw_job_new(r, model, login_finish);
	snprintf(j->limit_handle, sizeof j->limit_handle, "%.*s", HANDLE_MAX_CHARS, handle);
	j->verify = true;
	j->rehash_on_login = true;
	j->keep = keep != NULL;
	size_t pwlen = strlen(pw);
	if (handle_shape_ok(handle) && text_is_clean_secret(pw, pwlen) && pwlen <= PASSWORD_MAX_BYTES) {
		sqlite3_stmt *st = db_stmt(r->db, SQL_LOGIN_LOOKUP);
		if (st) {
			sqlite3_bind_text(st, 1, handle, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) == SQLITE_ROW) {
				j->member_id = sqlite3_column_int64(st, 0);
				pw_job_set_stored(j, (const char *)sqlite3_column_text(st, 1));
			}
			sqlite3_reset(st);
		}
	}
	/* unknown handle: the job verifies against the dummy hash, so both take as long */
	pw_job_set_password(j, pwlen <= PASSWORD_MAX_BYTES ? pw : "");
	pw_job_submit(j, "login");
}

/* POST /logout  csrf */
void account_logout(struct request *r)
{
	session_end(r);
	if (r->want_json) {
		respond_page(r, 200, "login", json_pack("{s:b}", "ok", 1));
		return;
	}
	respond_redirect(r, "/");
}

/* ================================================================ change password */

/* GET /account/password */
void account_password_form(struct request *r)
{
	json_t *m = form_model(r, "Change your password");
	if (req_query(r, "done"))
		json_object_set_new(m, "notice", json_string(
			"Your password is changed. Every other session has been signed out."));
	respond_page(r, 200, "password", m);
}

static void password_finish(struct pw_job *j)
{
	if (pw_job_refuse_unverified(j, "password", "current", "That is not your current password."))
		return;
	struct request *r = j->r;
	json_t *model = j->model;
	j->model = NULL;
	int rc = j->hashed ? db_begin(r->db) : SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = member_set_password(r->db, j->member_id, j->new_hash);
	pw_job_free(j);
	if (rc == SQLITE_DONE && sessions_end_all(r->db, viewer_id(r), session_id(r)) == SQLITE_DONE &&
	    db_commit(r->db) == SQLITE_OK) {
		json_decref(model);
		if (r->want_json) {
			respond_page(r, 200, "password", json_pack("{s:b}", "ok", 1));
			return;
		}
		respond_redirect(r, "/account/password?done=1");
		return;
	}
	db_rollback(r->db);
	json_decref(model);
	respond_error(r, 503, "Your password could not be changed right now. Please try again.");
}

/* POST /account/password  current, password, csrf */
void account_password(struct request *r)
{
	json_t *model = form_model(r, "Change your password");
	const char *current = req_form(r, "current");
	const char *pw = req_form(r, "password");
	const char *handle = json_string_value(json_object_get(r->viewer, "handle"));
	if (!current || !current[0])
		form_error(model, "current", "Enter your current password.");
	enum password_problem pp = pw ? password_check(pw, strlen(pw), handle) : PW_TOO_SHORT;
	if (pp != PW_OK)
		form_error(model, "password", !pw || !pw[0] ? "Choose a new password." : password_problem_message(pp));
	if (!current || !current[0] || pp != PW_OK || strlen(current) > PASSWORD_MAX_BYTES) {
		if (current && strlen(current) > PASSWORD_MAX_BYTES)
			form_error(model, "current", "That is not your current password.");
		respond_page(r, 400, "password", model);
		return;
	}
	struct pw_job *j = pw_job_current_password(r, model, "password", current, password_finish);
	if (!j)
		return;
	pw_job_set_new_password(j, pw);
	pw_job_submit(j, "password");
}

/* ================================================================ sessions */

/* GET /account/sessions */
void account_sessions(struct request *r)
{
	sqlite3_stmt *st = db_stmt(r->db, SQL_LIST_SESSIONS);
	if (!st) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	time_t now = time(NULL);
	int64_t current = session_id(r), today = (int64_t)now / 86400;
	sqlite3_bind_int64(st, 1, viewer_id(r));
	sqlite3_bind_int64(st, 2, (int64_t)now);
	sqlite3_bind_int(st, 3, MAX_SESSIONS_LISTED);
	json_t *list = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0), day = sqlite3_column_int64(st, 2);
		char started[TIME_ISO_LEN], started_h[40], active[TIME_ISO_LEN];
		time_iso(started, (time_t)sqlite3_column_int64(st, 1));
		time_ago(started_h, sizeof started_h, now, (time_t)sqlite3_column_int64(st, 1));
		time_iso(active, (time_t)(day * 86400));
		active[10] = '\0';
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b}",
			"id", (json_int_t)id, "started", started, "started_human", started_h,
			"last_active_day", active,
			"last_active_human", day == today ? "today" : day == today - 1 ? "yesterday" : active,
			"browser", (const char *)sqlite3_column_text(st, 3),
			"kept", sqlite3_column_int(st, 4), "current", id == current));
	}
	sqlite3_reset(st);
	json_t *m = form_model(r, "Your sessions");
	json_object_set_new(m, "sessions", list);
	json_object_set_new(m, "others", json_boolean(json_array_size(list) > 1));
	json_t *drafts = account_drafts_model(r);
	if (!drafts) {
		json_decref(m);
		respond_error(r, 503, MSG_DB);
		return;
	}
	if (req_query(r, "draft"))
		json_object_set_new(m, "notice", json_string("Draft saved: that dilemma no longer takes "
		                    "replies, so it is kept here, below."));
	json_object_set_new(m, "has_drafts", json_boolean(json_array_size(drafts) > 0));
	json_object_set_new(m, "drafts", drafts);
	if (req_query(r, "ended"))
		json_object_set_new(m, "notice", json_string("That session has been signed out."));
	respond_page(r, 200, "sessions", m);
}

/* POST /account/sessions/end  session (an id, or "others"), csrf */
void account_sessions_end(struct request *r)
{
	const char *which = req_form(r, "session");
	int64_t id = 0;
	int rc;
	if (which && strcmp(which, "others") == 0) {
		rc = sessions_end_all(r->db, viewer_id(r), session_id(r));
	} else if (parse_id(which, &id) == 0) {
		sqlite3_stmt *st = db_stmt(r->db, SQL_END_ONE_SESSION);
		rc = SQLITE_ERROR;
		if (st) {
			sqlite3_bind_int64(st, 1, viewer_id(r));
			sqlite3_bind_int64(st, 2, id);
			rc = db_step_done(st);
		}
		if (id == session_id(r)) {
			session_end(r);
			respond_redirect(r, "/");
			return;
		}
	} else {
		respond_error(r, 400, "Choose a session to sign out.");
		return;
	}
	if (rc != SQLITE_DONE) {
		respond_error(r, 503, "The session could not be ended right now. Please try again.");
		return;
	}
	if (r->want_json) {
		respond_page(r, 200, "sessions", json_pack("{s:b}", "ok", 1));
		return;
	}
	respond_redirect(r, "/account/sessions?ended=1");
}
