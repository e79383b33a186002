/* postlimit.h: per-member posting limits, stricter during an account's first day. */
#ifndef FORUMD_POSTLIMIT_H
#define FORUMD_POSTLIMIT_H
#include <stdbool.h>
#include <stdint.h>
#include "db.h"

/* True when member may write one more post of kind ("dilemma" or "reply") now. On a
 * database error it answers false (the caller then refuses with 503). *db_error tells. */
bool postlimit_allows(struct db *db, int64_t member, const char *kind, bool *db_error);
#endif
