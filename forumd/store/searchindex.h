/* searchindex.h: the FTS5 index of posts (GET /search reads it: search.c). */
#ifndef FORUMD_SEARCHINDEX_H
#define FORUMD_SEARCHINDEX_H
#include <stdint.h>
#include "db.h"

/* Brings post_id's row of search_fts up to date: removed when the post is not visible,
 * else its body (and, for a dilemma, its thread's title). Call inside the transaction that
 * changed the post. Returns 0 or -1. */
int search_index_post(struct db *db, int64_t post_id);
#endif
