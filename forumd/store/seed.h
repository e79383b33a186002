/* seed.h: fills an empty database with the demo dilemmas and replies of web/demo/. */
#ifndef FORUMD_SEED_H
#define FORUMD_SEED_H
#include <stddef.h>
#include "db.h"

/* Inserts the demo members, threads and replies in one transaction when the database
 * has no threads yet; does nothing (returns 0) otherwise. Returns 0 or -1 with err set. */
int seed_demo(struct db *db, char *err, size_t errlen);

/* The same from `len` bytes of demo JSON (for tests; seed_demo passes the embedded
 * web/demo/demo.json). */
int seed_demo_json(struct db *db, const char *json, size_t len, char *err, size_t errlen);
#endif
