/* recovery.c: recovery codes (generation, keyed hashes, spending) and their pages:
 * GET/POST /recover and POST /account/codes. */
#include "recovery.h"

#include <ctype.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "accountform.h"
#include "accounts_handlers.h"
#include "handle.h"
#include "keys.h"
#include "members.h"
#include "pwjob.h"
#include "session.h"
#include "text.h"

/* No 0/O, 1/I/L: codes are copied by hand from paper. */
static const char CODE_ALPHABET[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

static const char SQL_DELETE_CODES[] = "DELETE FROM recovery_codes WHERE member_id = ?1";
static const char SQL_INSERT_CODE[] =
	"INSERT INTO recovery_codes (member_id, code_hash, created_at) VALUES (?1, ?2, ?3)";
static const char SQL_CODES_LEFT[] =
	"SELECT count(*) FROM recovery_codes WHERE member_id = ?1 AND used_at IS NULL";
static const char SQL_CODE_UNUSED[] =
	"SELECT 1 FROM recovery_codes WHERE member_id = ?1 AND code_hash = ?2 AND used_at IS NULL";
static const char SQL_SPEND_CODE[] =
	"UPDATE recovery_codes SET used_at = ?3 WHERE member_id = ?1 AND code_hash = ?2"
	" AND used_at IS NULL";
static const char SQL_MEMBER_BY_HANDLE[] =
	"SELECT id, handle FROM members WHERE handle = ?1 COLLATE NOCASE AND deleted_at IS NULL";

int recovery_code_hash(int64_t member, const char *typed, unsigned char out[32])
{
	char norm[RECOVERY_CODE_CHARS];
	size_t n = 0;
	for (const char *p = typed; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		int c = toupper((unsigned char)*p);
		if (n == RECOVERY_CODE_CHARS || c == 0 || !strchr(CODE_ALPHABET, c))
			return -1;
		norm[n++] = (char)c;
	}
	if (n != RECOVERY_CODE_CHARS)
		return -1;
	unsigned char id[8];
	for (int i = 0; i < 8; i++)
		id[i] = (unsigned char)((uint64_t)member >> (8 * i));
	crypto_generichash_state st;
	crypto_generichash_init(&st, keys_recovery_key(), KEY_BYTES, 32);
	crypto_generichash_update(&st, id, sizeof id);
	crypto_generichash_update(&st, (const unsigned char *)norm, n);
	crypto_generichash_final(&st, out, 32);
	sodium_memzero(norm, sizeof norm);
	return 0;
}

static void new_code(char out[RECOVERY_CODE_TEXT])
{
	size_t k = 0;
	for (int i = 0; i < RECOVERY_CODE_CHARS; i++) {
		if (i && i % 4 == 0)
			out[k++] = '-';
		out[k++] = CODE_ALPHABET[randombytes_uniform(sizeof CODE_ALPHABET - 1)];
	}
	out[k] = '\0';
}

int recovery_codes_replace(struct db *db, int64_t member,
                           char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_TEXT])
{
	sqlite3_stmt *st = db_stmt(db, SQL_DELETE_CODES);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	if (db_step_done(st) != SQLITE_DONE)
		return -1;
	for (int i = 0; i < RECOVERY_CODE_COUNT; i++) {
		unsigned char h[32];
		new_code(codes[i]);
		recovery_code_hash(member, codes[i], h);
		st = db_stmt(db, SQL_INSERT_CODE);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, member);
		sqlite3_bind_blob(st, 2, h, sizeof h, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
		if (db_step_done(st) != SQLITE_DONE)
			return -1;
	}
	return 0;
}

int recovery_codes_left(struct db *db, int64_t member)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CODES_LEFT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_reset(st);
	return n;
}

json_t *recovery_codes_model(struct request *r, char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_TEXT],
                             bool first)
{
	json_t *list = json_array();
	for (int i = 0; i < RECOVERY_CODE_COUNT; i++)
		json_array_append_new(list, json_string(codes[i]));
	return json_pack("{s:s, s:o, s:b, s:s, s:i, s:s}", "title", "Your recovery codes",
	                 "codes", list, "first", first,
	                 "handle", json_string_value(json_object_get(r->viewer, "handle")),
	                 "count", RECOVERY_CODE_COUNT, "csrf", csrf_token(r));
}

/* GET /account/codes: the password asked before new codes are made. */
void account_codes_form(struct request *r)
{
	respond_page(r, 200, "codes_form", form_model(r, "New recovery codes"));
}

/* The password verified: replaces the codes and shows the new ones once. */
static void codes_finish(struct pw_job *j)
{
	if (pw_job_refuse_unverified(j, "codes_form", "password", "That is not your password."))
		return;
	struct request *r = j->r;
	pw_job_free(j);
	char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_TEXT];
	if (db_begin(r->db) != SQLITE_OK || recovery_codes_replace(r->db, viewer_id(r), codes) != 0 ||
	    db_commit(r->db) != SQLITE_OK) {
		db_rollback(r->db);
		sodium_memzero(codes, sizeof codes);
		respond_error(r, 503, "New codes could not be made right now. Please try again.");
		return;
	}
	json_t *m = recovery_codes_model(r, codes, false);
	sodium_memzero(codes, sizeof codes);
	respond_page(r, 200, "codes", m);
}

/* POST /account/codes  password, csrf: with the current password (a check the per-handle
 * limit counts), replaces the codes and shows the new ones once. */
void account_codes(struct request *r)
{
	json_t *model = form_model(r, "New recovery codes");
	const char *pw = req_form(r, "password");
	if (!pw || !pw[0] || strlen(pw) > PASSWORD_MAX_BYTES) {
		form_error(model, "password", "Enter your password to confirm.");
		respond_page(r, 400, "codes_form", model);
		return;
	}
	struct pw_job *j = pw_job_current_password(r, model, "codes_form", pw, codes_finish);
	if (j)
		pw_job_submit(j, "codes_form");
}

/* GET /recover */
void account_recover_form(struct request *r)
{
	respond_page(r, 200, "recover", form_model(r, "Recover your account"));
}

static void recover_failed(struct request *r, json_t *model)
{
	form_error(model, "code", "That handle and recovery code do not match, or the code was "
	           "already used. Each code works once.");
	respond_page(r, 400, "recover", model);
}

static void recover_finish(struct pw_job *j)
{
	struct request *r = j->r;
	json_t *model = j->model;
	j->model = NULL;
	unsigned char h[32];
	int ok = j->hashed && recovery_code_hash(j->member_id, j->code, h) == 0;
	int rc = ok ? db_begin(r->db) : SQLITE_ERROR;
	sqlite3_stmt *st = rc == SQLITE_OK ? db_stmt(r->db, SQL_SPEND_CODE) : NULL;
	if (st) {
		sqlite3_bind_int64(st, 1, j->member_id);
		sqlite3_bind_blob(st, 2, h, sizeof h, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
		rc = db_step_done(st);
		ok = rc == SQLITE_DONE && sqlite3_changes(db_handle(r->db)) == 1;
	}
	if (ok)
		ok = member_set_password(r->db, j->member_id, j->new_hash) == SQLITE_DONE;
	int64_t member = j->member_id;
	pw_job_free(j);
	if (!ok || sessions_end_all(r->db, member, 0) != SQLITE_DONE || db_commit(r->db) != SQLITE_OK) {
		db_rollback(r->db);
		recover_failed(r, model);
		return;
	}
	json_decref(model);
	if (session_id(r))
		session_end(r);
	if (session_start(r, member, false) != 0) {
		respond_redirect(r, "/login");
		return;
	}
	int left = recovery_codes_left(r->db, member);
	char left_text[48];
	text_count(left_text, sizeof left_text, left, "unused recovery code", "unused recovery codes");
	json_t *m = json_pack("{s:s, s:b, s:i, s:s, s:s}", "title", "Your password is set", "ok", 1,
	                      "codes_left", left, "codes_left_text", left_text, "csrf", csrf_token(r));
	respond_page(r, 200, "recovered", m);
}

/* POST /recover  handle, code, password, csrf */
void account_recover(struct request *r)
{
	json_t *model = form_model(r, "Recover your account");
	form_keep(r, model, "handle");
	const char *handle = form_text(r, "handle");
	const char *code = form_text(r, "code");
	const char *pw = req_form(r, "password");
	if (!handle || !handle[0])
		form_error(model, "handle", "Enter your handle.");
	if (!code || !code[0])
		form_error(model, "code", "Enter one of your recovery codes.");
	if (json_object_size(json_object_get(model, "errors"))) {
		if (!pw || !pw[0])
			form_error(model, "password", "Choose a new password.");
		respond_page(r, 400, "recover", model);
		return;
	}
	int wait = auth_attempt_wait(r, handle);
	if (wait) {
		respond_rate_limited(r, "recover", model, wait);
		return;
	}
	int64_t member = 0;
	char canonical[HANDLE_MAX_CHARS + 1] = "";
	sqlite3_stmt *st = handle_shape_ok(handle) ? db_stmt(r->db, SQL_MEMBER_BY_HANDLE) : NULL;
	if (st) {
		sqlite3_bind_text(st, 1, handle, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW) {
			member = sqlite3_column_int64(st, 0);
			snprintf(canonical, sizeof canonical, "%s", (const char *)sqlite3_column_text(st, 1));
		}
		sqlite3_reset(st);
	}
	unsigned char h[32];
	bool code_ok = false;
	if (member && recovery_code_hash(member, code, h) == 0 && (st = db_stmt(r->db, SQL_CODE_UNUSED))) {
		sqlite3_bind_int64(st, 1, member);
		sqlite3_bind_blob(st, 2, h, sizeof h, SQLITE_TRANSIENT);
		code_ok = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	if (!code_ok) {
		recover_failed(r, model);
		return;
	}
	enum password_problem pp = pw ? password_check(pw, strlen(pw), canonical) : PW_TOO_SHORT;
	if (pp != PW_OK) {
		form_error(model, "password", !pw || !pw[0] ? "Choose a new password." : password_problem_message(pp));
		respond_page(r, 400, "recover", model);
		return;
	}
	struct pw_job *j = pw_job_new(r, model, recover_finish);
	j->member_id = member;
	snprintf(j->code, sizeof j->code, "%s", code);
	pw_job_set_new_password(j, pw);
	pw_job_submit(j, "recover");
}
