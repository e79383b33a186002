/* postwrite.h: writing one new post row, shared by every kind of new post (post.c's
 * dilemmas and replies, update.c's updates), inside the posting pipeline's transaction. */
#ifndef FORUMD_POSTWRITE_H
#define FORUMD_POSTWRITE_H
#include <stdbool.h>
#include <stdint.h>
#include "db.h"
#include "sharedtags.h"

/* How a new post is signed: alias set for an anonymous one (which then shows anon_tags),
 * else the member's handle with their tags when show_tags. */
struct post_face {
	const char *alias;
	bool show_tags;
	const struct shared_tags *anon_tags;
};

/* Inserts a post of kind ("dilemma", "reply", "update"); an anonymous one (alias set) keeps
 * its author sealed (authorship.h) and enters the author's ledger. Returns the post id,
 * or 0. */
int64_t insert_post(struct db *db, int64_t thread, int64_t member, const char *kind,
                    const struct post_face *face, const char *md, const char *html,
                    int64_t quote);
#endif
