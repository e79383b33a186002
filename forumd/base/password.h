/* password.h: the password policy (NIST SP 800-63B rev. 4) and Argon2id hashing with
 * libsodium's crypto_pwhash_str. Hashing and verifying are slow on purpose: call them
 * only from the pool (pool.h), never on an event loop. */
#ifndef FORUMD_PASSWORD_H
#define FORUMD_PASSWORD_H
#include <stdbool.h>
#include <stddef.h>
#include <sodium.h>

#define PASSWORD_HASH_BYTES crypto_pwhash_STRBYTES

enum password_problem {
	PW_OK = 0,
	PW_INVALID_TEXT,    /* not UTF-8, or holds NUL / control characters */
	PW_TOO_SHORT,
	PW_TOO_LONG,
	PW_CONTAINS_HANDLE,
	PW_COMMON,          /* in the built-in list, or made of its words */
	PW_PATTERN,         /* one repeated character or unit, a sequence, a keyboard walk */
};

/* Sets the Argon2id limits and makes the dummy hash for unknown handles. Call once before
 * threads start. 0 / -1 (limits libsodium refuses). */
int password_init(unsigned long long opslimit, size_t memlimit);
void password_free(void);

/* Checks pw (len bytes) against the policy for a member called `handle` (may be NULL). */
enum password_problem password_check(const char *pw, size_t len, const char *handle);

/* A sentence for the form, naming what is wrong. */
const char *password_problem_message(enum password_problem p);

/* Hashes pw into out (NUL-terminated). 0, or -1 when out of memory. */
int password_hash(const char *pw, size_t len, char out[PASSWORD_HASH_BYTES]);

/* True when pw matches hash. With hash == NULL, verifies against the dummy hash (the
 * same work as a real check) and returns false: use it for unknown handles. */
bool password_verify(const char *hash, const char *pw, size_t len);

/* True when hash was made with other limits than the configured ones. */
bool password_needs_rehash(const char *hash);
#endif
