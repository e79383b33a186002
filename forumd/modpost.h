/* modpost.h: the review states of posts (held, hidden, visible) with the counters and
 * search index they move, and the audit row of a viewer's action. */
#ifndef FORUMD_MODPOST_H
#define FORUMD_MODPOST_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "db.h"
#include "request.h"

/* Appends the viewer's action to the audit log (inside the caller's transaction). */
int audit_viewer(struct request *r, const char *action, const char *target_kind,
                 int64_t target_id, const char *target_url, const char *public_reason,
                 const char *note);

/* ---- review states ---- */

/* How many posts wait in the review queue (held, or with open flags); 0 on error. Cheap:
 * two partial-index scans. */
int64_t moderation_queue_count(struct db *db);

/* Moves post_id to state ("visible", "held", "hidden") inside the caller's transaction:
 * held_reason ("guard", "new-member", "flags") for "held", the public reason for "hidden".
 * Keeps threads.reply_count, the thread's own state (a held dilemma holds its thread) and
 * the search index in step. Returns 0, 1 when there is no such post, or -1. */
int modpost_set_state(struct db *db, int64_t post_id, const char *state,
                      const char *held_reason, const char *reason);
#endif
