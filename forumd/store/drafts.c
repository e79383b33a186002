/* drafts.c: sealed drafts (drafts.h). A slot is BLAKE2b-128 keyed with the draft key over
 * (member, thread); a seal is crypto_secretbox of {"member", "thread", "saved_at", "fields"}
 * padded with sodium_pad to DRAFT_PAD bytes. A seal opens only in its own slot: its member
 * and thread are checked against the slot's. */
#include "drafts.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "keys.h"
#include "limits.h"
#include "mem.h"

#define SLOT_BYTES 16
#define DRAFT_PAD 1024
#define SEAL_OVERHEAD (crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)

static const char SQL_SAVE[] =
	"INSERT INTO drafts (slot, seal) VALUES (?1, ?2)"
	" ON CONFLICT (slot) DO UPDATE SET seal = excluded.seal";
static const char SQL_LOAD[] = "SELECT seal FROM drafts WHERE slot = ?1";
static const char SQL_DELETE[] = "DELETE FROM drafts WHERE slot = ?1";
static const char SQL_ALL[] = "SELECT slot, seal FROM drafts";

/* out = the slot of member's draft for thread. -1 before keys_init. */
static int slot_of(int64_t member, int64_t thread, unsigned char out[SLOT_BYTES])
{
	const unsigned char *key = keys_draft_key();
	if (!key)
		return -1;
	crypto_generichash_state st;
	crypto_generichash_init(&st, key, KEY_BYTES, SLOT_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)&member, sizeof member);
	crypto_generichash_update(&st, (const unsigned char *)&thread, sizeof thread);
	crypto_generichash_final(&st, out, SLOT_BYTES);
	return 0;
}

/* The statement sql with blob ?1 = the slot of (member, thread); NULL on error. */
static sqlite3_stmt *slot_stmt(struct db *db, const char *sql, int64_t member, int64_t thread)
{
	unsigned char slot[SLOT_BYTES];
	sqlite3_stmt *st = slot_of(member, thread, slot) == 0 ? db_stmt(db, sql) : NULL;
	if (st)
		sqlite3_bind_blob(st, 1, slot, SLOT_BYTES, SQLITE_TRANSIENT);
	return st;
}

/* The sealed, padded text; *n its length. NULL when longer than DRAFT_MAX_BYTES. */
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
	if (json_is_object(draft))
		return draft;
	json_decref(draft);
	return NULL;
}

/* The draft in row st (slot, seal) when it is member's and sits in its own slot, else NULL. */
static json_t *open_row(sqlite3_stmt *st, int64_t member)
{
	json_t *d = open_seal(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1));
	unsigned char slot[SLOT_BYTES];
	int64_t thread = (int64_t)json_integer_value(json_object_get(d, "thread"));
	if (d && json_integer_value(json_object_get(d, "member")) == member &&
	    slot_of(member, thread, slot) == 0 && sqlite3_column_bytes(st, 0) == SLOT_BYTES &&
	    memcmp(sqlite3_column_blob(st, 0), slot, SLOT_BYTES) == 0)
		return d;
	json_decref(d);
	return NULL;
}

/* Calls fn on each draft of member (every seal opened); returns 0, or -1 on a database
 * error. fn returns false to stop. */
static int each_draft(struct db *db, int64_t member, bool (*fn)(json_t *d, void *arg), void *arg)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ALL);
	if (!st)
		return -1;
	int rc = SQLITE_DONE;
	bool go = true;
	while (go && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *d = open_row(st, member);
		if (d) {
			go = fn(d, arg);
			json_decref(d);
		}
	}
	sqlite3_reset(st);
	return !go || rc == SQLITE_DONE ? 0 : -1;
}

struct others { int64_t thread, n; };

static bool count_other(json_t *d, void *arg)
{
	struct others *o = arg;
	o->n += json_integer_value(json_object_get(d, "thread")) != o->thread;
	return true;
}

/* Inside the save's transaction: 0, -2 (too many), -3 (too large) or -1. */
static int save_in(struct db *db, int64_t member, int64_t thread, const json_t *fields)
{
	struct others o = { thread, 0 };
	if (each_draft(db, member, count_other, &o) != 0)
		return -1;
	if (o.n >= DRAFTS_MAX)
		return -2;
	json_t *draft = json_pack("{s:I, s:I, s:I, s:O}", "member", (json_int_t)member,
	                          "thread", (json_int_t)thread, "saved_at", (json_int_t)time(NULL),
	                          "fields", fields);
	char *text = draft ? json_dumps(draft, JSON_COMPACT) : NULL;
	json_decref(draft);
	if (!text)
		return -1;
	size_t n = 0;
	unsigned char *seal = seal_text(text, &n);
	sodium_memzero(text, strlen(text));
	free(text);
	if (!seal)
		return -3;
	sqlite3_stmt *st = slot_stmt(db, SQL_SAVE, member, thread);
	int rc = -1;
	if (st) {
		sqlite3_bind_blob(st, 2, seal, (int)n, SQLITE_STATIC);
		rc = db_step_done(st) == SQLITE_DONE ? 0 : -1;
	}
	free(seal);
	return rc;
}

int draft_save(struct db *db, int64_t member, int64_t thread, const json_t *fields)
{
	if (db_begin(db) != SQLITE_OK)
		return -1;
	int rc = save_in(db, member, thread, fields);
	if (rc == 0 && db_commit(db) == SQLITE_OK)
		return 0;
	db_rollback(db);
	return rc == 0 ? -1 : rc;
}

json_t *draft_load(struct db *db, int64_t member, int64_t thread)
{
	sqlite3_stmt *st = slot_stmt(db, SQL_LOAD, member, thread);
	if (!st)
		return NULL;
	json_t *d = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		d = open_seal(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_reset(st);
	if (d && (json_integer_value(json_object_get(d, "member")) != member ||
	          json_integer_value(json_object_get(d, "thread")) != thread)) {
		json_decref(d);   /* a seal moved into another slot: not this draft */
		d = NULL;
	}
	if (d)
		json_object_del(d, "member");
	return d;
}

int draft_delete(struct db *db, int64_t member, int64_t thread)
{
	sqlite3_stmt *st = slot_stmt(db, SQL_DELETE, member, thread);
	return st && db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

static bool collect(json_t *d, void *arg)
{
	json_object_del(d, "member");
	json_array_append(arg, d);
	return true;
}

static int newest_first(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "saved_at")),
	           y = json_integer_value(json_object_get(*(json_t *const *)b, "saved_at"));
	return (x < y) - (x > y);
}

json_t *drafts_of(struct db *db, int64_t member)
{
	json_t *all = json_array();
	if (each_draft(db, member, collect, all) != 0) {
		json_decref(all);
		return NULL;
	}
	size_t n = json_array_size(all);
	json_t **v = xmalloc((n ? n : 1) * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(all, i));
	qsort(v, n, sizeof *v, newest_first);
	json_array_clear(all);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(all, v[i]);
	free(v);
	return all;
}

static bool collect_thread(json_t *d, void *arg)
{
	json_array_append_new(arg, json_integer(json_integer_value(json_object_get(d, "thread"))));
	return true;
}

int drafts_forget(struct db *db, int64_t member)
{
	json_t *threads = json_array(), *t;
	size_t i;
	int rc = each_draft(db, member, collect_thread, threads);
	json_array_foreach(threads, i, t)
		if (rc == 0)
			rc = draft_delete(db, member, (int64_t)json_integer_value(t));
	json_decref(threads);
	return rc;
}
