/* ratelimit.h: in-memory attempt limits per handle and per client, checked before any
 * password hashing. Clients are known only by a keyed hash of their address (the key is
 * random and replaced daily); raw addresses are never stored or logged. */
#ifndef FORUMD_RATELIMIT_H
#define FORUMD_RATELIMIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct request;

enum rate_kind {
	RATE_HANDLE,        /* login, recovery and current-password attempts for one handle */
	RATE_CLIENT,        /* registration, recovery and current-password posts from one client */
	RATE_CLIENT_FAILS,  /* failed logins from one client (a hospital's staff share one address:
	                       their successful logins never count) */
};

/* Sets the per-window limits (RATE_WINDOW_SECONDS). Call before threads start. */
void ratelimit_init(int per_handle, int per_client);

/* Counts one attempt for `kind` + value (a handle, any case; or a client key from
 * ratelimit_client_key). Returns 0 when allowed, or the seconds to wait (> 0) when over
 * the limit (the attempt is then not counted). Thread-safe. */
int ratelimit_hit(enum rate_kind kind, const char *value, size_t len, int64_t now);

/* Whether `kind` + value is over its limit now, without counting an attempt: 0, or the
 * seconds to wait. Thread-safe. */
int ratelimit_check(enum rate_kind kind, const char *value, size_t len, int64_t now);

/* Writes the keyed hash of the request's client address (32 hex chars + NUL) into out: the
 * peer's, or, with trust_proxy, the last address of X-Forwarded-For (the peer's when that
 * header holds no address), an IPv6 one by its /64 (conn.h's client_address_part). The
 * address itself is never kept. */
void ratelimit_client_key(struct request *r, char out[33]);

/* Forgets every bucket (tests). */
void ratelimit_reset(void);
#endif
