/* drafts.h: members' saved drafts (table drafts): one per thread a member replies to and one
 * new dilemma (thread 0). Each is sealed under the server's draft key and kept under a keyed
 * hash of (member, thread): the database holds no member id, thread or text of a draft in
 * clear, and nothing equal for two drafts of one member (deleting a draft with its post, as
 * posting does, so ties nothing but that slot to the post). A member's drafts are found by
 * opening every seal: listing, counting and forgetting them reads the whole table (small: at
 * most DRAFTS_MAX a member). A draft is deleted when its post is written, by its member, and
 * with the account. */
#ifndef FORUMD_DRAFTS_H
#define FORUMD_DRAFTS_H
#include <stdint.h>
#include <jansson.h>
#include "db.h"

/* Keeps fields (a JSON object of the form's values; borrowed) as member's draft for thread
 * (0: a new dilemma), replacing the one there, in a transaction of its own. Returns 0, -1 on
 * a database error, -2 when the member already keeps DRAFTS_MAX other drafts, -3 when the
 * draft is larger than DRAFT_MAX_BYTES. */
int draft_save(struct db *db, int64_t member, int64_t thread, const json_t *fields);

/* Member's draft for thread: {thread, saved_at, fields}, a new reference; NULL when there is
 * none (or it does not open, or is not that member's and thread's). */
json_t *draft_load(struct db *db, int64_t member, int64_t thread);

/* Deletes member's draft for thread, if any (inside or outside a transaction). 0 or -1. */
int draft_delete(struct db *db, int64_t member, int64_t thread);

/* Every draft of member, newest first, each as draft_load gives it (a new reference; NULL on
 * a database error). */
json_t *drafts_of(struct db *db, int64_t member);

/* Deletes every draft of member (account deletion, inside its transaction). 0 or -1. */
int drafts_forget(struct db *db, int64_t member);
#endif
