/* review.h: the review states of posts (held, hidden, visible) with the counters and
 * search index they move. */
#ifndef FORUMD_REVIEW_H
#define FORUMD_REVIEW_H
#include <stdint.h>
#include "db.h"

/* How many posts wait in the review queue (held, or with open flags); 0 on error. Cheap:
 * two partial-index scans. */
int64_t review_queue_count(struct db *db);

/* Moves post_id to state ("visible", "held", "hidden") inside the caller's transaction:
 * held_reason ("guard", "new-member", "flags") for "held", the public reason for "hidden".
 * Keeps threads.reply_count, the thread's own state (a held dilemma holds its thread) and
 * the search index in step. Returns 0, 1 when there is no such post, or -1. */
int review_set_state(struct db *db, int64_t post_id, const char *state,
                     const char *held_reason, const char *reason);
#endif
