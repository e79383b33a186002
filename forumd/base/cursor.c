/* cursor.c: opaque page cursors (see cursor.h). A deterministic, authenticated seal
 * (SIV-like): the nonce is a keyed hash of the plaintext, the box crypto_secretbox, each
 * under its own key derived from the cursor subkey; the cursor is the URL-safe base64 of
 * nonce || box. Opening also checks that the nonce is the one the plaintext gives. */
#include "cursor.h"

#include <string.h>

#include <sodium.h>

#define PLAIN_BYTES 16  /* a and b, 8 bytes each, little-endian */
#define SEALED_BYTES (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + PLAIN_BYTES)
#define CURSOR_KDF_CONTEXT "fd-curs"  /* crypto_kdf_CONTEXTBYTES = 8 with its NUL */

enum { SUB_NONCE = 1, SUB_BOX };

_Static_assert(CURSOR_LEN == 1 + (SEALED_BYTES * 4 + 2) / 3, "CURSOR_LEN fits SEALED_BYTES");

static void put64(unsigned char *p, int64_t v)
{
	uint64_t u = (uint64_t)v;
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(u >> (8 * i));
}

static int64_t get64(const unsigned char *p)
{
	uint64_t u = 0;
	for (int i = 0; i < 8; i++)
		u |= (uint64_t)p[i] << (8 * i);
	return (int64_t)u;
}

/* The nonce the plaintext gives, and the box key; wiped by the caller. */
static void derive(const unsigned char *key, const unsigned char plain[PLAIN_BYTES],
                   unsigned char nonce[crypto_secretbox_NONCEBYTES],
                   unsigned char box_key[crypto_secretbox_KEYBYTES])
{
	unsigned char nonce_key[crypto_generichash_KEYBYTES];
	crypto_kdf_derive_from_key(nonce_key, sizeof nonce_key, SUB_NONCE, CURSOR_KDF_CONTEXT, key);
	crypto_kdf_derive_from_key(box_key, crypto_secretbox_KEYBYTES, SUB_BOX, CURSOR_KDF_CONTEXT, key);
	crypto_generichash(nonce, crypto_secretbox_NONCEBYTES, plain, PLAIN_BYTES, nonce_key,
	                   sizeof nonce_key);
	sodium_memzero(nonce_key, sizeof nonce_key);
}

int cursor_seal(const unsigned char *key, int64_t a, int64_t b, char out[CURSOR_LEN])
{
	out[0] = '\0';
	if (!key)
		return -1;
	unsigned char plain[PLAIN_BYTES], sealed[SEALED_BYTES], box_key[crypto_secretbox_KEYBYTES];
	put64(plain, a);
	put64(plain + 8, b);
	derive(key, plain, sealed, box_key);
	crypto_secretbox_easy(sealed + crypto_secretbox_NONCEBYTES, plain, PLAIN_BYTES, sealed, box_key);
	sodium_memzero(box_key, sizeof box_key);
	sodium_bin2base64(out, CURSOR_LEN, sealed, sizeof sealed, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

/* Decodes s into sealed: exactly SEALED_BYTES, nothing more or less. Returns 0 or -1. */
static int decode(const char *s, unsigned char sealed[SEALED_BYTES])
{
	size_t n = 0;
	const char *end = NULL;
	if (!s || strlen(s) != CURSOR_LEN - 1)
		return -1;
	return sodium_base642bin(sealed, SEALED_BYTES, s, CURSOR_LEN - 1, NULL, &n, &end,
	                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0 &&
	       n == SEALED_BYTES && *end == '\0' ? 0 : -1;
}

int cursor_open(const unsigned char *key, const char *s, int64_t *a, int64_t *b)
{
	unsigned char sealed[SEALED_BYTES], plain[PLAIN_BYTES], box_key[crypto_secretbox_KEYBYTES];
	unsigned char nonce[crypto_secretbox_NONCEBYTES];
	if (!key || decode(s, sealed) != 0)
		return -1;
	crypto_kdf_derive_from_key(box_key, sizeof box_key, SUB_BOX, CURSOR_KDF_CONTEXT, key);
	int rc = crypto_secretbox_open_easy(plain, sealed + crypto_secretbox_NONCEBYTES,
	                                    SEALED_BYTES - crypto_secretbox_NONCEBYTES, sealed, box_key);
	if (rc == 0) {  /* and the nonce must be the one this plaintext gives */
		derive(key, plain, nonce, box_key);
		rc = sodium_memcmp(nonce, sealed, sizeof nonce) == 0 ? 0 : -1;
	}
	sodium_memzero(box_key, sizeof box_key);
	if (rc == 0) {
		*a = get64(plain);
		*b = get64(plain + 8);
	}
	return rc;
}
