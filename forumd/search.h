/* search.h: the FTS5 index of posts (search.c also serves GET /search). */
#ifndef FORUMD_SEARCH_H
#define FORUMD_SEARCH_H
#include <stdint.h>
#include "db.h"

/* Brings post_id's row of search_fts up to date: removed when the post is not visible,
 * else its body (and, for a dilemma, its thread's title). Call inside the transaction that
 * changed the post. Returns 0 or -1. */
int search_index_post(struct db *db, int64_t post_id);
#endif
