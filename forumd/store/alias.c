/* alias.c: derives anonymous aliases with a keyed hash and keeps them stable per thread, and
 * writes the rest of an anonymous post's sealed authorship (the thread's tag, the ledger). */
#include "alias.h"

#include <sodium.h>
#include <string.h>

#include "keys.h"

static const char *const NAMES[] = {
	"Albatross", "Avocet", "Badger", "Beaver", "Bittern", "Bobcat", "Bunting", "Caribou",
	"Cormorant", "Crane", "Curlew", "Dipper", "Dolphin", "Dormouse", "Dunlin", "Egret",
	"Eider", "Falcon", "Ferret", "Finch", "Fox", "Gannet", "Gecko", "Godwit",
	"Grebe", "Hare", "Harrier", "Hedgehog", "Heron", "Ibis", "Jackdaw", "Kestrel",
	"Kingfisher", "Kite", "Lapwing", "Lark", "Lynx", "Marten", "Merlin", "Mole",
	"Moorhen", "Narwhal", "Nightjar", "Osprey", "Otter", "Owl", "Oystercatcher", "Panda",
	"Pelican", "Petrel", "Plover", "Puffin", "Quail", "Raven", "Redstart", "Robin",
	"Sandpiper", "Seal", "Shearwater", "Skylark", "Sparrow", "Stoat", "Swift", "Teal",
	"Tern", "Thrush", "Turnstone", "Vole", "Wagtail", "Walrus", "Warbler", "Wren",
};
#define NAME_COUNT (sizeof NAMES / sizeof NAMES[0])

static void put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

const char *alias_derive(const unsigned char key[ALIAS_KEY_BYTES], int64_t member_id,
                         int64_t thread_id, uint32_t attempt)
{
	static const char domain[] = "forumd alias v1";
	unsigned char msg[sizeof domain + 20], out[8];
	memcpy(msg, domain, sizeof domain);
	put_u64(msg + sizeof domain, (uint64_t)member_id);
	put_u64(msg + sizeof domain + 8, (uint64_t)thread_id);
	put_u64(out, attempt);
	memcpy(msg + sizeof domain + 16, out + 4, 4);
	crypto_generichash(out, sizeof out, msg, sizeof msg, key, ALIAS_KEY_BYTES);
	uint64_t v = 0;
	for (size_t i = 0; i < sizeof out; i++)
		v = (v << 8) | out[i];
	return NAMES[v % NAME_COUNT];
}

static const char SQL_OWN_ALIAS[] =
	"SELECT anon_alias FROM posts WHERE thread_id = ?1 AND author_tag = author_tag(?2, ?1)"
	" AND anonymous = 1 ORDER BY id LIMIT 1";
static const char SQL_ALIAS_TAKEN[] =
	"SELECT 1 FROM posts WHERE thread_id = ?1 AND anon_alias = ?2"
	" AND author_tag IS NOT author_tag(?3, ?1) LIMIT 1";

/* Returns the NAMES entry equal to s (so the caller gets a static string), or NULL. */
static const char *known_name(const char *s)
{
	for (size_t i = 0; s && i < NAME_COUNT; i++)
		if (strcmp(NAMES[i], s) == 0)
			return NAMES[i];
	return NULL;
}

const char *alias_for(struct db *db, int64_t member_id, int64_t thread_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_OWN_ALIAS);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, thread_id);
	sqlite3_bind_int64(st, 2, member_id);
	const char *own = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		own = known_name((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	if (own)
		return own;
	const unsigned char *key = keys_alias_key();
	const char *name = NULL;
	for (uint32_t attempt = 0; attempt < ALIAS_MAX_TRIES; attempt++) {
		name = alias_derive(key, member_id, thread_id, attempt);
		st = db_stmt(db, SQL_ALIAS_TAKEN);
		if (!st)
			return NULL;
		sqlite3_bind_int64(st, 1, thread_id);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, member_id);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE)
			return name;
		if (rc != SQLITE_ROW)
			return NULL;
	}
	return name;   /* a thread with more anonymous people than tries: share a name */
}

static const char SQL_SEAL_THREAD[] =
	"UPDATE threads SET author_tag = author_tag(?2, id) WHERE id = ?1";
static const char SQL_LEDGER_ADD[] =
	"INSERT INTO anon_ledgers (owner, seal) VALUES (ledger_key(?1), ledger_with(NULL, ?2))"
	" ON CONFLICT (owner) DO UPDATE SET seal = ledger_with(seal, ?2)";

/* Runs a write statement with two integer parameters. Returns 0 or -1. */
static int write_pair(struct db *db, const char *sql, int64_t a, int64_t b)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	return db_step_done(st) == SQLITE_DONE ? 0 : -1;
}

int alias_seal_thread(struct db *db, int64_t thread, int64_t member)
{
	return write_pair(db, SQL_SEAL_THREAD, thread, member);
}

int alias_ledger_add(struct db *db, int64_t member, int64_t thread)
{
	return write_pair(db, SQL_LEDGER_ADD, member, thread);
}
