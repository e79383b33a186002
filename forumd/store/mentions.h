/* mentions.h: the members a post names with @handle (table mentions): written with the post
 * and each edit, read by notifications. A mention says who was named, never who wrote it;
 * the author is kept when they name themselves, so a missing row tells nothing. */
#ifndef FORUMD_MENTIONS_H
#define FORUMD_MENTIONS_H
#include <stdint.h>
#include <jansson.h>
#include "db.h"

/* Rewrites post_id's mentions from its markdown md: every @handle of an existing member
 * (the first MENTIONS_MAX of the text). Inside the post's transaction. Returns 0 or -1. */
int mentions_write(struct db *db, int64_t post_id, const char *md);

/* The privacy guard's passages of md (privacy_post_passages' array, taken) without those
 * inside an @handle of an existing member: naming someone on the forum is not naming them
 * elsewhere. A handle named with a network (rule "social": "her insta is @jsmith") stays,
 * so registering a handle cannot wave one through; title passages stay. Returns the array
 * (a new reference). */
json_t *mentions_unguard(struct db *db, const char *md, json_t *passages);
#endif
