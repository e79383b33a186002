/* session.c: session cookies (random tokens; the database keeps keyed hashes only), the
 * viewer of each request, and CSRF tokens bound to the session or a pre-session cookie. */
#include "session.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "db.h"
#include "keys.h"
#include "limits.h"

#define COOKIE_SESSION      "fd_session"
#define COOKIE_SESSION_TLS  "__Host-fd_session"
#define COOKIE_PRE          "fd_pre"
#define COOKIE_PRE_TLS      "__Host-fd_pre"
#define TOKEN_B64_LEN       sodium_base64_ENCODED_LEN(SESSION_TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)
#define CSRF_B64_LEN        sodium_base64_ENCODED_LEN(crypto_auth_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)
#define B64                 sodium_base64_VARIANT_URLSAFE_NO_PADDING

static const char SQL_LOAD[] =
	"SELECT s.id, s.member_id, s.expires_at, s.last_active_day, m.handle, m.role"
	"  FROM sessions s JOIN members m ON m.id = s.member_id"
	" WHERE s.token_hash = ?1 AND m.deleted_at IS NULL";
static const char SQL_TOUCH[] = "UPDATE sessions SET last_active_day = ?2 WHERE id = ?1";
static const char SQL_DELETE[] = "DELETE FROM sessions WHERE id = ?1";
static const char SQL_DELETE_EXPIRED[] =
	"DELETE FROM sessions WHERE member_id = ?1 AND expires_at <= ?2";
static const char SQL_INSERT[] =
	"INSERT INTO sessions (member_id, token_hash, created_at, expires_at, last_active_day,"
	" browser, persistent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_MEMBER[] =
	"SELECT handle, role FROM members WHERE id = ?1 AND deleted_at IS NULL";

/* The pre-session token of the request being handled on this thread, when csrf_token
 * had to make one (the cookie is only sent with the reply). */
static _Thread_local struct {
	const struct request *r;
	uint64_t started_us;
	char csrf[CSRF_B64_LEN];
} pre_cache;

/* ---------------------------------------------------------------- cookies */

static bool tls(const struct request *r)
{
	return r->worker && r->worker->cfg->tls;
}

int cookie_find(const char *h, const char *name, char *out, size_t outlen)
{
	size_t nlen = strlen(name);
	while (h && *h) {
		while (*h == ' ' || *h == ';')
			h++;
		const char *end = strchr(h, ';');
		size_t len = end ? (size_t)(end - h) : strlen(h);
		if (len > nlen && strncmp(h, name, nlen) == 0 && h[nlen] == '=') {
			size_t vlen = len - nlen - 1;
			while (vlen && h[nlen + 1 + vlen - 1] == ' ')
				vlen--;
			if (vlen >= outlen)
				return -1;
			memcpy(out, h + nlen + 1, vlen);
			out[vlen] = '\0';
			return 0;
		}
		h = end;
	}
	return -1;
}

int cookie_decode(const char *h, const char *name, unsigned char *out, size_t n)
{
	char text[128];
	size_t got = 0;
	if (cookie_find(h, name, text, sizeof text) != 0)
		return -1;
	if (sodium_base642bin(out, n, text, strlen(text), NULL, &got, NULL, B64) != 0 || got != n)
		return -1;
	return 0;
}

/* Decodes the request's cookie `name` (cookie_decode). 0 or -1. */
static int cookie_bytes(struct request *r, const char *name, unsigned char *out, size_t n)
{
	return cookie_decode(req_header(r, "Cookie"), name, out, n);
}

static void set_cookie(struct request *r, const char *name, const char *value, long max_age)
{
	char buf[256];
	char age[40] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	snprintf(buf, sizeof buf, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name, value, age,
	         tls(r) ? "; Secure" : "");
	respond_header(r, "Set-Cookie", buf);
}

/* ---------------------------------------------------------------- tokens */

static void token_hash(const unsigned char token[SESSION_TOKEN_BYTES], unsigned char out[32])
{
	crypto_generichash(out, 32, token, SESSION_TOKEN_BYTES, keys_session_key(), KEY_BYTES);
}

/* CSRF token: crypto_auth over a tag byte and the binding (session token hash or pre bytes). */
static void csrf_for(char tag, const unsigned char *bind, size_t n, char out[CSRF_B64_LEN])
{
	unsigned char msg[1 + 64], mac[crypto_auth_BYTES];
	msg[0] = (unsigned char)tag;
	memcpy(msg + 1, bind, n);
	crypto_auth(mac, msg, 1 + n, keys_csrf_key());
	sodium_bin2base64(out, CSRF_B64_LEN, mac, sizeof mac, B64);
}

/* A worker's last session tokens' CSRF tokens, by their hash's first byte: the token is a
 * function of the hash alone, and crypto_auth (HMAC-SHA-512-256) costs a signed-in page
 * about a twentieth of its time. In memory only, like the hash. */
struct csrf_slot {
	unsigned char hash[32];
	char csrf[CSRF_B64_LEN];
	bool used;
};
static _Thread_local struct csrf_slot csrf_memo[256];

static void session_csrf(const unsigned char hash[32], char out[CSRF_B64_LEN])
{
	struct csrf_slot *s = &csrf_memo[hash[0]];
	if (!s->used || sodium_memcmp(s->hash, hash, 32) != 0) {
		csrf_for('s', hash, 32, s->csrf);
		memcpy(s->hash, hash, 32);
		s->used = true;
	}
	memcpy(out, s->csrf, CSRF_B64_LEN);
}

const char *session_browser(const char *ua)
{
	if (!ua)
		return "Other";
	if (strstr(ua, "Edg/") || strstr(ua, "EdgA/") || strstr(ua, "EdgiOS/"))
		return "Edge";
	if (strstr(ua, "Firefox/") || strstr(ua, "FxiOS/"))
		return "Firefox";
	if (strstr(ua, "Chrome/") || strstr(ua, "CriOS/") || strstr(ua, "Chromium/"))
		return "Chrome";
	if (strstr(ua, "Safari/"))
		return "Safari";
	return "Other";
}

static json_t *viewer_model(int64_t member_id, int64_t sid, const char *handle,
                            const char *role, const unsigned char hash[32])
{
	char url[64], csrf[CSRF_B64_LEN];
	snprintf(url, sizeof url, "/u/%s", handle);
	session_csrf(hash, csrf);
	json_t *v = json_object();   /* on every signed-in request: no json_pack format parsing */
	json_object_set_new_nocheck(v, "id", json_integer((json_int_t)member_id));
	json_object_set_new_nocheck(v, "handle", json_string(handle));
	json_object_set_new_nocheck(v, "url", json_string(url));
	json_object_set_new_nocheck(v, "role", json_string(role));
	json_object_set_new_nocheck(v, "csrf", json_string_nocheck(csrf));
	json_object_set_new_nocheck(v, "session_id", json_integer((json_int_t)sid));
	return v;
}

/* ---------------------------------------------------------------- the contract */

int64_t session_load(struct request *r)
{
	unsigned char token[SESSION_TOKEN_BYTES], hash[32];
	if (!r->db || cookie_bytes(r, tls(r) ? COOKIE_SESSION_TLS : COOKIE_SESSION, token, sizeof token) != 0)
		return 0;
	token_hash(token, hash);
	sodium_memzero(token, sizeof token);
	sqlite3_stmt *st = db_stmt(r->db, SQL_LOAD);
	if (!st)
		return 0;
	sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return 0;
	}
	int64_t sid = sqlite3_column_int64(st, 0), member = sqlite3_column_int64(st, 1);
	int64_t expires = sqlite3_column_int64(st, 2), day = sqlite3_column_int64(st, 3);
	int64_t now = (int64_t)time(NULL), today = now / 86400;
	if (expires <= now) {
		sqlite3_reset(st);
		sqlite3_stmt *del = db_stmt(r->db, SQL_DELETE);
		if (del) {
			sqlite3_bind_int64(del, 1, sid);
			db_step_done(del);
		}
		return 0;
	}
	r->viewer = viewer_model(member, sid, (const char *)sqlite3_column_text(st, 4),
	                         (const char *)sqlite3_column_text(st, 5), hash);
	sqlite3_reset(st);
	r->no_store = true;
	if (day != today) {
		sqlite3_stmt *touch = db_stmt(r->db, SQL_TOUCH);
		if (touch) {
			sqlite3_bind_int64(touch, 1, sid);
			sqlite3_bind_int64(touch, 2, today);
			db_step_done(touch);
		}
	}
	return member;
}

int64_t viewer_id(const struct request *r)
{
	json_t *id = r->viewer ? json_object_get(r->viewer, "id") : NULL;
	return id ? (int64_t)json_integer_value(id) : 0;
}

static const char *viewer_role(const struct request *r)
{
	const char *role = r->viewer ? json_string_value(json_object_get(r->viewer, "role")) : NULL;
	return role ? role : "";
}

bool viewer_is_moderator(const struct request *r)
{
	const char *role = viewer_role(r);
	return strcmp(role, "moderator") == 0 || strcmp(role, "admin") == 0;
}

bool viewer_is_admin(const struct request *r)
{
	return strcmp(viewer_role(r), "admin") == 0;
}

int64_t session_id(const struct request *r)
{
	json_t *id = r->viewer ? json_object_get(r->viewer, "session_id") : NULL;
	return id ? (int64_t)json_integer_value(id) : 0;
}

const char *csrf_token(struct request *r)
{
	if (r->viewer)
		return json_string_value(json_object_get(r->viewer, "csrf"));
	if (pre_cache.r == r && pre_cache.started_us == r->started_us)
		return pre_cache.csrf;
	unsigned char pre[SESSION_TOKEN_BYTES];
	const char *name = tls(r) ? COOKIE_PRE_TLS : COOKIE_PRE;
	if (cookie_bytes(r, name, pre, sizeof pre) != 0) {
		char value[TOKEN_B64_LEN];
		randombytes_buf(pre, sizeof pre);
		sodium_bin2base64(value, sizeof value, pre, sizeof pre, B64);
		set_cookie(r, name, value, -1);
	}
	csrf_for('p', pre, sizeof pre, pre_cache.csrf);
	sodium_memzero(pre, sizeof pre);
	r->no_store = true;  /* the page now holds this visitor's own token */
	pre_cache.r = r;
	pre_cache.started_us = r->started_us;
	return pre_cache.csrf;
}

/* True when Origin is absent or names this host (scheme http or https). Browsers send
 * "Origin: null" on form posts under our Referrer-Policy: no-referrer; that is accepted
 * only with Sec-Fetch-Site: same-origin beside it. */
static bool origin_ok(struct request *r)
{
	const char *origin = req_header(r, "Origin");
	if (!origin)
		return true;
	if (strcmp(origin, "null") == 0) {
		const char *site = req_header(r, "Sec-Fetch-Site");
		return site && strcmp(site, "same-origin") == 0;
	}
	const char *host = req_header(r, "Host");
	if (!host)
		return false;
	const char *rest = NULL;
	if (strncasecmp(origin, "https://", 8) == 0)
		rest = origin + 8;
	else if (!tls(r) && strncasecmp(origin, "http://", 7) == 0)
		rest = origin + 7;
	return rest && strcasecmp(rest, host) == 0;
}

bool csrf_ok(struct request *r)
{
	const char *site = req_header(r, "Sec-Fetch-Site");
	if (site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0)
		return false;
	if (!origin_ok(r))
		return false;
	const char *sent = req_form(r, "csrf");
	if (!sent || strlen(sent) != CSRF_B64_LEN - 1)
		return false;
	char want[CSRF_B64_LEN];
	if (r->viewer) {
		const char *s = json_string_value(json_object_get(r->viewer, "csrf"));
		if (!s || strlen(s) != CSRF_B64_LEN - 1)
			return false;
		memcpy(want, s, CSRF_B64_LEN);
	} else {
		unsigned char pre[SESSION_TOKEN_BYTES];
		if (cookie_bytes(r, tls(r) ? COOKIE_PRE_TLS : COOKIE_PRE, pre, sizeof pre) != 0)
			return false;
		csrf_for('p', pre, sizeof pre, want);
		sodium_memzero(pre, sizeof pre);
	}
	return sodium_memcmp(want, sent, CSRF_B64_LEN - 1) == 0;
}

/* ---------------------------------------------------------------- starting and ending */

int session_start(struct request *r, int64_t member_id, bool keep)
{
	unsigned char token[SESSION_TOKEN_BYTES], hash[32];
	char value[TOKEN_B64_LEN];
	int64_t now = (int64_t)time(NULL);
	randombytes_buf(token, sizeof token);
	token_hash(token, hash);
	sodium_bin2base64(value, sizeof value, token, sizeof token, B64);
	sodium_memzero(token, sizeof token);

	sqlite3_stmt *st = db_stmt(r->db, SQL_DELETE_EXPIRED);
	if (st) {
		sqlite3_bind_int64(st, 1, member_id);
		sqlite3_bind_int64(st, 2, now);
		db_step_done(st);
	}
	st = db_stmt(r->db, SQL_INSERT);
	if (!st)
		return -1;
	int64_t life = keep ? (int64_t)SESSION_KEEP_DAYS * 86400 : (int64_t)SESSION_HOURS * 3600;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_blob(st, 2, hash, sizeof hash, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, now + life);
	sqlite3_bind_int64(st, 5, now / 86400);
	sqlite3_bind_text(st, 6, session_browser(req_header(r, "User-Agent")), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, keep ? 1 : 0);
	if (db_step_done(st) != SQLITE_DONE) {
		sodium_memzero(value, sizeof value);
		return -1;
	}
	int64_t sid = sqlite3_last_insert_rowid(db_handle(r->db));
	st = db_stmt(r->db, SQL_MEMBER);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, member_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		json_decref(r->viewer);
		r->viewer = viewer_model(member_id, sid, (const char *)sqlite3_column_text(st, 0),
		                         (const char *)sqlite3_column_text(st, 1), hash);
	}
	sqlite3_reset(st);
	set_cookie(r, tls(r) ? COOKIE_SESSION_TLS : COOKIE_SESSION, value, keep ? (long)life : -1);
	sodium_memzero(value, sizeof value);
	r->no_store = true;
	return 0;
}

void session_end(struct request *r)
{
	int64_t sid = session_id(r);
	if (sid) {
		sqlite3_stmt *st = db_stmt(r->db, SQL_DELETE);
		if (st) {
			sqlite3_bind_int64(st, 1, sid);
			db_step_done(st);
		}
	}
	set_cookie(r, tls(r) ? COOKIE_SESSION_TLS : COOKIE_SESSION, "", 0);
	json_decref(r->viewer);
	r->viewer = NULL;
}
