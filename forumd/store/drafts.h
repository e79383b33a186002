/* drafts.h: members' saved drafts (table drafts): one per thread a member replies to and one
 * new dilemma (thread 0). Each is sealed under the server's draft key and kept under keyed
 * hashes of (member, thread) and of the member: the database holds no member id, thread or
 * text of a draft in clear. A draft is deleted when its post is written, by its member, and
 * with the account. */
#ifndef FORUMD_DRAFTS_H
#define FORUMD_DRAFTS_H
#include <stdint.h>
#include <jansson.h>
#include "db.h"

/* Keeps fields (a JSON object of the form's values; borrowed) as member's draft for thread
 * (0: a new dilemma), replacing the one there. Returns 0, -1 on a database error, or -2
 * when the member already keeps DRAFTS_MAX other drafts. */
int draft_save(struct db *db, int64_t member, int64_t thread, const json_t *fields);

/* Member's draft for thread: {thread, saved_at, fields}, a new reference; NULL when there is
 * none (or it does not open). */
json_t *draft_load(struct db *db, int64_t member, int64_t thread);

/* Deletes member's draft for thread, if any (inside or outside a transaction). 0 or -1. */
int draft_delete(struct db *db, int64_t member, int64_t thread);

/* Every draft of member, newest first, each as draft_load gives it (a new reference; NULL on
 * a database error). */
json_t *drafts_of(struct db *db, int64_t member);

/* Deletes every draft of member (account deletion). 0 or -1. */
int drafts_forget(struct db *db, int64_t member);
#endif
