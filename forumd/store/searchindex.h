/* searchindex.h: the FTS5 index of posts (GET /search reads it: search.c). Each listed
 * post has a row: the dilemma's title, the post's words as plain text, and its thread's
 * facets (migrations/0013_search_facets.sql says what they are). */
#ifndef FORUMD_SEARCHINDEX_H
#define FORUMD_SEARCHINDEX_H
#include <stdint.h>
#include "db.h"

/* Brings post_id's row of search_fts up to date: removed when the post is not listed,
 * else its words and facets. Call inside the transaction that changed the post. Returns 0
 * or -1. */
int search_index_post(struct db *db, int64_t post_id);

/* Indexes every listed post (a database filled in bulk: the demo seed, the bench). */
int search_index_all(struct db *db);
#endif
