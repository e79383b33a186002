/* modview.h: what moderation adds to the thread page: a moderator's reason in place of a
 * hidden post, "awaiting review" (and no Quote link) on the author's held post, pick notes,
 * the moderators' summary, the locked notice, flag links and the moderators' tools link. */
#ifndef FORUMD_MODVIEW_H
#define FORUMD_MODVIEW_H
#include <stdint.h>
#include <jansson.h>
#include "request.h"

/* Decorates the thread page's model (its "dilemma", "replies" and "thread") in place. */
void moderation_thread_extras(struct request *r, int64_t thread_id, json_t *model);
#endif
