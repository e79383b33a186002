/* alias.h: anonymous aliases ("Heron" for "Anonymous Heron"): stable for one member within
 * one thread, unlinkable across threads without the server's alias key. */
#ifndef FORUMD_ALIAS_H
#define FORUMD_ALIAS_H
#include <stdint.h>
#include "db.h"
#include "limits.h"

/* The alias name for (member, thread) at re-derivation `attempt` (0 first): a keyed
 * BLAKE2b of the three numbers picks one of the names. Returns a static string. Pure. */
const char *alias_derive(const unsigned char key[ALIAS_KEY_BYTES], int64_t member_id,
                         int64_t thread_id, uint32_t attempt);

/* The alias member_id writes under in thread_id: the one they already used there, else
 * the first derivation no other member of the thread holds. Call inside the write's
 * transaction. Returns a static string, or NULL on a database error. */
const char *alias_for(struct db *db, int64_t member_id, int64_t thread_id);

/* The other writes of an anonymous post (authorship.h), inside the caller's transaction;
 * each returns 0 or -1. alias_seal_thread: a new anonymous thread's author_tag (its row
 * holds no member id). alias_ledger_add: thread enters member's ledger (no write when it
 * is there already). */
int alias_seal_thread(struct db *db, int64_t thread, int64_t member);
int alias_ledger_add(struct db *db, int64_t member, int64_t thread);
#endif
