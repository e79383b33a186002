/* drafts.c: sealed drafts (drafts.h). A slot is BLAKE2b-128 keyed with the draft key over
 * ("slot", member, thread); an owner over ("owner", member); a seal is crypto_secretbox of
 * {"thread", "saved_at", "fields"} padded with sodium_pad to DRAFT_PAD bytes. */
#include "drafts.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "keys.h"
#include "limits.h"
#include "mem.h"

#define HASH_BYTES 16
#define DRAFT_PAD 1024
#define SEAL_OVERHEAD (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)

static const char SQL_SAVE[] =
	"INSERT INTO drafts (slot, owner, seal) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (slot) DO UPDATE SET seal = excluded.seal";
static const char SQL_HAS[] = "SELECT 1 FROM drafts WHERE slot = ?1";
static const char SQL_COUNT[] = "SELECT count(*) FROM drafts WHERE owner = ?1";
static const char SQL_LOAD[] = "SELECT seal FROM drafts WHERE slot = ?1";
static const char SQL_DELETE[] = "DELETE FROM drafts WHERE slot = ?1";
static const char SQL_ALL[] = "SELECT seal FROM drafts WHERE owner = ?1";
static const char SQL_FORGET[] = "DELETE FROM drafts WHERE owner = ?1";

/* out = keyed hash of (what, member, thread). -1 before keys_init. */
static int keyed(const char *what, int64_t member, int64_t thread, unsigned char out[HASH_BYTES])
{
	const unsigned char *key = keys_draft_key();
	if (!key)
		return -1;
	crypto_generichash_state st;
	crypto_generichash_init(&st, key, KEY_BYTES, HASH_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)what, strlen(what) + 1);
	crypto_generichash_update(&st, (const unsigned char *)&member, sizeof member);
	crypto_generichash_update(&st, (const unsigned char *)&thread, sizeof thread);
	crypto_generichash_final(&st, out, HASH_BYTES);
	return 0;
}

/* A prepared statement with blob ?1 = the keyed hash (what, member, thread); NULL on error. */
static sqlite3_stmt *keyed_stmt(struct db *db, const char *sql, const char *what, int64_t member,
                                int64_t thread)
{
	unsigned char h[HASH_BYTES];
	sqlite3_stmt *st = keyed(what, member, thread, h) == 0 ? db_stmt(db, sql) : NULL;
	if (st)
		sqlite3_bind_blob(st, 1, h, HASH_BYTES, SQLITE_TRANSIENT);
	return st;
}

/* The sealed, padded JSON text; *n its length. NULL when too long. Caller frees. */
static unsigned char *seal_text(const char *text, size_t *n)
{
	size_t len = strlen(text), padded;
	if (len > DRAFT_MAX_BYTES)
		return NULL;
	size_t cap = len + DRAFT_PAD;
	unsigned char *plain = xmalloc(cap);
	memcpy(plain, text, len);
	if (sodium_pad(&padded, plain, len, DRAFT_PAD, cap) != 0) {
		free(plain);
		return NULL;
	}
	unsigned char *out = xmalloc(SEAL_OVERHEAD + padded);
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, plain, padded, out, keys_draft_key());
	sodium_memzero(plain, cap);
	free(plain);
	*n = SEAL_OVERHEAD + padded;
	return out;
}

/* The draft in a seal, or NULL when it does not open. */
static json_t *open_seal(const unsigned char *in, size_t len)
{
	if (!in || len < SEAL_OVERHEAD + DRAFT_PAD || !keys_draft_key())
		return NULL;
	size_t n = len - SEAL_OVERHEAD, unpadded;
	unsigned char *plain = xmalloc(n + 1);
	json_t *draft = NULL;
	if (crypto_secretbox_open_easy(plain, in + crypto_secretbox_NONCEBYTES,
	                               len - crypto_secretbox_NONCEBYTES, in, keys_draft_key()) == 0 &&
	    sodium_unpad(&unpadded, plain, n, DRAFT_PAD) == 0)
		draft = json_loadb((const char *)plain, unpadded, 0, NULL);
	sodium_memzero(plain, n + 1);
	free(plain);
	return json_is_object(draft) ? draft : (json_decref(draft), NULL);
}

/* How many drafts member keeps, not counting the one for thread; -1 on error. */
static int64_t others_kept(struct db *db, int64_t member, int64_t thread)
{
	sqlite3_stmt *st = keyed_stmt(db, SQL_COUNT, "owner", member, 0);
	if (!st)
		return -1;
	int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	if (n > 0 && (st = keyed_stmt(db, SQL_HAS, "slot", member, thread))) {
		n -= sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
	}
	return n;
}

int draft_save(struct db *db, int64_t member, int64_t thread, const json_t *fields)
{
	int64_t kept = others_kept(db, member, thread);
	if (kept < 0)
		return -1;
	if (kept >= DRAFTS_MAX)
		return -2;
	json_t *draft = json_pack("{s:I, s:I, s:O}", "thread", (json_int_t)thread,
	                          "saved_at", (json_int_t)time(NULL), "fields", fields);
	char *text = draft ? json_dumps(draft, JSON_COMPACT) : NULL;
	json_decref(draft);
	size_t n = 0;
	unsigned char *seal = text ? seal_text(text, &n) : NULL;
	if (text) {
		sodium_memzero(text, strlen(text));
		free(text);
	}
	unsigned char owner[HASH_BYTES];
	sqlite3_stmt *st = seal && keyed("owner", member, 0, owner) == 0
	                   ? keyed_stmt(db, SQL_SAVE, "slot", member, thread) : NULL;
	int rc = -1;
	if (st) {
		sqlite3_bind_blob(st, 2, owner, HASH_BYTES, SQLITE_TRANSIENT);
		sqlite3_bind_blob(st, 3, seal, (int)n, SQLITE_STATIC);
		rc = db_step_done(st) == SQLITE_DONE ? 0 : -1;
	}
	free(seal);
	return rc;
}

json_t *draft_load(struct db *db, int64_t member, int64_t thread)
{
	sqlite3_stmt *st = keyed_stmt(db, SQL_LOAD, "slot", member, thread);
	if (!st)
		return NULL;
	json_t *draft = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		draft = open_seal(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_reset(st);
	return draft;
}

int draft_delete(struct db *db, int64_t member, int64_t thread)
{
	sqlite3_stmt *st = keyed_stmt(db, SQL_DELETE, "slot", member, thread);
	return st && db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

static int newest_first(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "saved_at")),
	           y = json_integer_value(json_object_get(*(json_t *const *)b, "saved_at"));
	return (x < y) - (x > y);
}

json_t *drafts_of(struct db *db, int64_t member)
{
	sqlite3_stmt *st = keyed_stmt(db, SQL_ALL, "owner", member, 0);
	if (!st)
		return NULL;
	json_t *found[DRAFTS_MAX + 1];
	size_t n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < DRAFTS_MAX + 1) {
		json_t *d = open_seal(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
		if (d)
			found[n++] = d;
	}
	sqlite3_reset(st);
	qsort(found, n, sizeof *found, newest_first);
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(out, found[i]);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		json_decref(out);
		return NULL;
	}
	return out;
}

int drafts_forget(struct db *db, int64_t member)
{
	sqlite3_stmt *st = keyed_stmt(db, SQL_FORGET, "owner", member, 0);
	return st && db_step_done(st) == SQLITE_DONE ? 0 : -1;
}
