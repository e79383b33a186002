/* session.h: who is asking. Reads the session cookie into r->viewer, and guards every
 * state-changing POST with a CSRF token bound to the session (or, before login, to a
 * pre-session cookie). */
#ifndef FORUMD_SESSION_H
#define FORUMD_SESSION_H
#include <stdbool.h>
#include <stdint.h>
#include "request.h"

/* Looks up the session cookie; on a live session fills r->viewer with
 * {"id": int, "handle": str, "url": "/u/HANDLE", "role": "member"|"moderator"|"admin"}
 * plus "csrf" (the form token), sets r->no_store and touches the session's last-active
 * day. Returns the member id, or 0 for a visitor. The dispatcher calls it once per
 * request before the handler; handlers read viewer_id(r). */
int64_t session_load(struct request *r);

/* The signed-in member's id, or 0. */
int64_t viewer_id(const struct request *r);

/* True when the viewer's role is moderator or admin; admin. */
bool viewer_is_moderator(const struct request *r);
bool viewer_is_admin(const struct request *r);

/* The CSRF token to put in forms as <input type="hidden" name="csrf" value="{{csrf}}">.
 * For visitors it is bound to a pre-session cookie, which this call sets if missing. */
const char *csrf_token(struct request *r);

/* True when this POST is allowed to change state: a valid csrf form field for this
 * session (or pre-session), and no Origin / Sec-Fetch-Site saying another site sent it.
 * Dispatch checks it on every POST and answers 403 when false. */
bool csrf_ok(struct request *r);

/* ---- sessions for the account pages (account.c) ---- */

/* Starts a new session for `member_id` with a fresh random token (never reusing the
 * cookie that came in), sets the cookie (a browser-session cookie, or 30 days when
 * `keep`), and makes the member r's viewer. Returns 0, or -1 on a database error. */
int session_start(struct request *r, int64_t member_id, bool keep);

/* Deletes the current session, if any, and expires its cookie. */
void session_end(struct request *r);

/* The current session's id (sessions.id), or 0 for a visitor. */
int64_t session_id(const struct request *r);

/* ---- the Cookie header (pure; the fuzzers feed them) ---- */

/* Copies the value of cookie `name` in Cookie header h (may be NULL) into out,
 * NUL-terminated. 0, or -1 when absent or not shorter than outlen. */
int cookie_find(const char *h, const char *name, char *out, size_t outlen);

/* Cookie `name`'s base64url value in h decoded into exactly n bytes. 0 or -1. */
int cookie_decode(const char *h, const char *name, unsigned char *out, size_t n);

/* "Firefox", "Chrome", "Safari", "Edge" or "Other" for a User-Agent (may be NULL). */
const char *session_browser(const char *user_agent);
#endif
