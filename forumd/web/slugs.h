/* slugs.h: topics and specialties as pages name them (by slug): one looked up, and a
 * filter select's options. The SQL is the caller's: (id, name) by ?1 for a look-up, and
 * (slug, name) rows in order for options. */
#ifndef FORUMD_SLUGS_H
#define FORUMD_SLUGS_H
#include <stdint.h>
#include <jansson.h>
#include "db.h"

/* The id of the row sql finds for slug, with *name set to its name (a new reference); 0
 * when there is none (or slug is NULL or empty, or on a database error). */
int64_t slug_lookup(struct db *db, const char *sql, const char *slug, json_t **name);

/* [{slug, name, selected}] of sql's rows, selected marking `current` (or none). */
json_t *slug_options(struct db *db, const char *sql, const char *current);
#endif
