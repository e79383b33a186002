/* authorship.c: the SQL functions of sealed authorship (keyed tags, sealed member ids and
 * ledgers) that let anonymous posts keep no member id in clear. */
#include "authorship.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "keys.h"
#include "mem.h"

#define SEAL_OVERHEAD (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
#define LEDGER_PAD 256          /* a ledger's plaintext is padded to a multiple of this */
#define LEDGER_MAX_BYTES 1048576

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

/* The key, or NULL after setting the "keys are not loaded" error on ctx. */
static const unsigned char *need_key(sqlite3_context *ctx, const unsigned char *key)
{
	if (!key)
		sqlite3_result_error(ctx, "forumd: the server key is not loaded", -1);
	return key;
}

/* A positive integer argument, or 0 for NULL, non-integers and the rest. */
static int64_t arg_id(sqlite3_value *v)
{
	if (sqlite3_value_numeric_type(v) != SQLITE_INTEGER)
		return 0;
	int64_t id = sqlite3_value_int64(v);
	return id > 0 ? id : 0;
}

#define AUTHOR_TAG_DOMAIN "forumd author tag v1"

/* out = the 16-byte keyed hash of (domain, a, b) under key. */
static void keyed_hash(const unsigned char *key, const char *domain, int64_t a, int64_t b,
                       unsigned char out[AUTHOR_TAG_BYTES])
{
	unsigned char msg[32 + 16] = {0};
	size_t dlen = strlen(domain);
	memcpy(msg, domain, dlen < 32 ? dlen : 32);
	put_u64(msg + 32, (uint64_t)a);
	put_u64(msg + 40, (uint64_t)b);
	crypto_generichash(out, AUTHOR_TAG_BYTES, msg, sizeof msg, key, KEY_BYTES);
}

/* The 16-byte keyed hash of (domain, a, b) as the function's result. */
static void keyed_result(sqlite3_context *ctx, const char *domain, int64_t a, int64_t b)
{
	const unsigned char *key = need_key(ctx, keys_author_key());
	if (!key)
		return;
	unsigned char out[AUTHOR_TAG_BYTES];
	keyed_hash(key, domain, a, b, out);
	sqlite3_result_blob(ctx, out, sizeof out, SQLITE_TRANSIENT);
}

int author_tag_of(int64_t member, int64_t thread, unsigned char out[AUTHOR_TAG_BYTES])
{
	const unsigned char *key = keys_author_key();
	if (!key || member <= 0 || thread <= 0)
		return -1;
	keyed_hash(key, AUTHOR_TAG_DOMAIN, member, thread, out);
	return 0;
}

/* author_tag(member, thread), read_key(member, thread): NULL unless both are ids. */
static void fn_pair_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	int64_t member = arg_id(argv[0]), thread = arg_id(argv[1]);
	if (!member || !thread)
		return;
	keyed_result(ctx, (const char *)sqlite3_user_data(ctx), member, thread);
}

/* suspend_key(member), via_post_key(post): NULL unless an id. */
static void fn_one_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	int64_t id = arg_id(argv[0]);
	if (id)
		keyed_result(ctx, (const char *)sqlite3_user_data(ctx), id, 0);
}

/* Seals n bytes of plain under a fresh nonce; the result is SEAL_OVERHEAD + n bytes. */
static void seal_result(sqlite3_context *ctx, const unsigned char *plain, size_t n)
{
	const unsigned char *key = need_key(ctx, keys_seal_key());
	if (!key)
		return;
	unsigned char *out = xmalloc(SEAL_OVERHEAD + n);
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, plain, n, out, key);
	sqlite3_result_blob(ctx, out, (int)(SEAL_OVERHEAD + n), free);
}

/* Opens a seal into a new buffer (*n bytes, NUL-terminated); NULL when absent or forged
 * (and *bad set for forged or unreadable ones). */
static unsigned char *open_seal(sqlite3_context *ctx, sqlite3_value *v, size_t *n, int *bad)
{
	*bad = 0;
	if (sqlite3_value_type(v) != SQLITE_BLOB)
		return NULL;
	const unsigned char *key = need_key(ctx, keys_seal_key());
	int len = sqlite3_value_bytes(v);
	const unsigned char *in = sqlite3_value_blob(v);
	if (!key || len < (int)SEAL_OVERHEAD || !in) {
		*bad = 1;
		return NULL;
	}
	*n = (size_t)len - SEAL_OVERHEAD;
	unsigned char *plain = xmalloc(*n + 1);
	if (crypto_secretbox_open_easy(plain, in + crypto_secretbox_NONCEBYTES,
	                               (size_t)len - crypto_secretbox_NONCEBYTES, in, key) != 0) {
		free(plain);
		*bad = 1;
		return NULL;
	}
	plain[*n] = '\0';
	return plain;
}

/* author_seal(member) */
static void fn_author_seal(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	int64_t member = arg_id(argv[0]);
	if (!member)
		return;
	unsigned char plain[8];
	put_u64(plain, (uint64_t)member);
	seal_result(ctx, plain, sizeof plain);
}

/* author_unseal(seal): the member id, or NULL. */
static void fn_author_unseal(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	size_t n = 0;
	int bad;
	unsigned char *plain = open_seal(ctx, argv[0], &n, &bad);
	if (plain && n == 8)
		sqlite3_result_int64(ctx, (int64_t)get_u64(plain));
	free(plain);
}

/* The ledger's JSON text ("[3,17]" padded with spaces) from its seal, "[]" for none. */
static char *ledger_text(sqlite3_context *ctx, sqlite3_value *v, int *bad)
{
	size_t n = 0;
	char *text = (char *)open_seal(ctx, v, &n, bad);
	return text ? text : *bad ? NULL : xstrdup("[]");
}

/* True when the JSON array text holds the id. */
static int ledger_has(const char *text, int64_t id)
{
	for (const char *p = text; *p; p++) {
		if (*p < '0' || *p > '9')
			continue;
		char *end;
		long long v = strtoll(p, &end, 10);
		if (v == id)
			return 1;
		p = end - 1;
	}
	return 0;
}

/* ledger_with(seal, thread): the ledger with the thread added, sealed again. */
static void fn_ledger_with(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	int bad;
	int64_t thread = arg_id(argv[1]);
	char *text = ledger_text(ctx, argv[0], &bad);
	if (!text) {
		if (bad)
			sqlite3_result_error(ctx, "forumd: an anonymous ledger does not open", -1);
		return;
	}
	char *end = strrchr(text, ']');
	size_t used = end ? (size_t)(end - text) : 0;
	if (!end || !thread || used + 32 > LEDGER_MAX_BYTES) {
		sqlite3_result_error(ctx, "forumd: an anonymous ledger is full or unreadable", -1);
		free(text);
		return;
	}
	if (ledger_has(text, thread)) {
		/* unchanged, not sealed again: a new seal would mark the member's row as written */
		if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
			seal_result(ctx, (const unsigned char *)text, strlen(text));
		else
			sqlite3_result_value(ctx, argv[0]);
		free(text);
		return;
	}
	size_t cap = (used + 32 + LEDGER_PAD - 1) / LEDGER_PAD * LEDGER_PAD;
	char *out = xmalloc(cap + 1);
	int k = snprintf(out, cap + 1, "%.*s%s%lld]", (int)used, text, used > 1 ? "," : "",
	                 (long long)thread);
	memset(out + k, ' ', cap - (size_t)k);
	seal_result(ctx, (const unsigned char *)out, cap);
	free(out);
	free(text);
}

/* ledger_threads(seal): the JSON array of thread ids. */
static void fn_ledger_threads(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	int bad;
	char *text = ledger_text(ctx, argv[0], &bad);
	if (!text) {
		sqlite3_result_error(ctx, "forumd: an anonymous ledger does not open", -1);
		return;
	}
	sqlite3_result_text(ctx, text, -1, free);
}

/* ledger_of(json): a ledger holding the JSON array of thread ids (from json_group_array),
 * for migrations. */
static void fn_ledger_of(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *json = (const char *)sqlite3_value_text(argv[0]);
	size_t n = json ? strlen(json) : 0;
	if (n < 2 || n > LEDGER_MAX_BYTES || json[0] != '[' || json[n - 1] != ']' ||
	    strspn(json, "[],0123456789") != n) {
		sqlite3_result_error(ctx, "forumd: ledger_of needs a JSON array of ids", -1);
		return;
	}
	size_t cap = (n + LEDGER_PAD - 1) / LEDGER_PAD * LEDGER_PAD;
	char *out = xmalloc(cap);
	memcpy(out, json, n);
	memset(out + n, ' ', cap - n);
	seal_result(ctx, (const unsigned char *)out, cap);
	free(out);
}

int authorship_register(sqlite3 *h)
{
	static const struct {
		const char *name;
		int argc, deterministic;
		void (*fn)(sqlite3_context *, int, sqlite3_value **);
		const char *domain;
	} fns[] = {
		{"author_tag", 2, 1, fn_pair_key, AUTHOR_TAG_DOMAIN},
		{"read_key", 2, 1, fn_pair_key, "forumd read mark v1"},
		{"suspend_key", 1, 1, fn_one_key, "forumd suspended v1"},
		{"ledger_key", 1, 1, fn_one_key, "forumd ledger v1"},
		{"via_post_key", 1, 1, fn_one_key, "forumd via post v1"},
		{"author_seal", 1, 0, fn_author_seal, NULL},
		{"author_unseal", 1, 1, fn_author_unseal, NULL},
		{"ledger_with", 2, 0, fn_ledger_with, NULL},
		{"ledger_threads", 1, 1, fn_ledger_threads, NULL},
		{"ledger_of", 1, 0, fn_ledger_of, NULL},
	};
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		int flags = SQLITE_UTF8 | SQLITE_DIRECTONLY | (fns[i].deterministic ? SQLITE_DETERMINISTIC : 0);
		int rc = sqlite3_create_function_v2(h, fns[i].name, fns[i].argc, flags,
		                                    (void *)fns[i].domain, fns[i].fn, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}
