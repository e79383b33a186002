/* modpost.h: the review states of posts (held, hidden, visible) with the
 * counters and search index they move, and the hooks the posting path calls: the privacy
 * guard on submit and the hold for new members. */
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

/* ---- the posting path (post.c, postedit.c) ---- */

/* Call when a post's markdown `md` (and, for a dilemma, its `title`; NULL for a reply) is
 * submitted, after the form's own checks and before rendering. When the guard finds
 * passages in either and the form does not carry guard_ack=1, answers the guard page (422:
 * each passage highlighted with why it triggered, the title and text to edit, and "post
 * anyway, held for review") and returns true: the caller stops. */
bool moderation_guard_answer(struct request *r, const char *title, const char *md);

/* Whether a post about to be written needs review: REVIEW_GUARD when its title (a
 * dilemma's; NULL for a reply) or md triggers the guard (the author chose to post anyway;
 * *passages gets privacy_post_passages' array, caller owns it), else REVIEW_NEW_MEMBER when
 * member's posts so far number fewer than new_member_review (only for new posts), else
 * REVIEW_NONE. -1 on a database error. */
enum { REVIEW_NONE = 0, REVIEW_GUARD = 1, REVIEW_NEW_MEMBER = 2 };
int moderation_review_needed(struct request *r, int64_t member_id, const char *title,
                             const char *md, bool is_new, json_t **passages);

/* Call inside the writing transaction right after the post row (and, for a reply, the
 * thread's counters and search row) is written or edited: holds the post when
 * moderation_review_needed says so. Returns 0, or -1 (roll back). */
int moderation_after_write(struct request *r, int64_t post_id, bool is_new);

/* The same for a new thread's opening post (a held dilemma holds its thread). */
int moderation_after_new_thread(struct request *r, int64_t thread_id);
#endif
