/* keys.h: the server secret (32 random bytes in a 0600 file beside the database) and the
 * purpose-bound subkeys derived from it. No key is ever logged. */
#ifndef FORUMD_KEYS_H
#define FORUMD_KEYS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEY_BYTES 32

/* Loads the secret from `db_path`.key and derives the subkeys; when the file is missing,
 * creates it (O_EXCL, mode 0600, fsync) if may_create (a new, empty database), else
 * refuses: a database with data and a new key would lose what the old key sealed
 * (anonymous authorship, drafts, sessions). Call once in main before threads start.
 * Returns 0, or -1 with a message in err. */
int keys_init(const char *db_path, bool may_create, char *err, size_t errlen);

/* Wipes every key from memory. */
void keys_free(void);

/* Subkeys (KEY_BYTES each), valid between keys_init and keys_free; read-only. */
const unsigned char *keys_session_key(void);   /* session-token hashing */
const unsigned char *keys_csrf_key(void);      /* CSRF tokens (crypto_auth) */
const unsigned char *keys_recovery_key(void);  /* recovery-code hashing */
const unsigned char *keys_alias_key(void);     /* anonymous aliases (dilemmas) */
/* Sealed authorship (store/authorship.c); NULL until keys_init has run. */
const unsigned char *keys_author_key(void);    /* keyed hashes: "is this mine", read marks */
const unsigned char *keys_seal_key(void);      /* crypto_secretbox of member ids */
/* Opaque page cursors (base/cursor.c); NULL until keys_init has run. */
const unsigned char *keys_cursor_key(void);
/* Private notification feeds' addresses (keyed hashes); drafts (keyed hashes and
 * crypto_secretbox). NULL until keys_init has run. */
const unsigned char *keys_feed_key(void);
const unsigned char *keys_draft_key(void);

/* Today's client-address key, for rate limits only. It is random, held in memory only and
 * replaced (the old one wiped) when the UTC day changes, so yesterday's address hashes
 * cannot be recomputed by anyone, even with the server secret. Copies it into out and
 * returns the day number it belongs to. Thread-safe. */
uint32_t keys_address_key(unsigned char out[KEY_BYTES]);

/* The current UTC day number (days since 1970-01-01). */
uint32_t keys_day(void);
#endif
