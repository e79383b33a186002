/* modview.h: what moderation adds to the thread page: a moderator's reason in place of a
 * hidden post, "awaiting review" (and no Quote link) on the author's held post, pick notes,
 * the moderators' summary, the locked notice, flag links ("Flagged" once the reader flagged)
 * and the moderators' tools link. */
#ifndef FORUMD_MODVIEW_H
#define FORUMD_MODVIEW_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "db.h"

/* Decorates the thread page's model (its "dilemma", "replies" and "thread") in place, as
 * a reader who is signed in (or not) and a moderator (or not) sees it; the posts reader
 * flagged (0: no one in particular) carry "reader_flagged" (their Flag link reads
 * "Flagged"). */
void moderation_thread_extras(struct db *db, int64_t thread_id, json_t *model, bool signed_in,
                              int64_t reader, bool moderator);

/* Whether the reader may flag a post: signed in, not theirs, neither hidden nor held. */
bool moderation_can_flag(bool signed_in, bool own, bool hidden, bool held);
#endif
