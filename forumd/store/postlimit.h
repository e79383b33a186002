/* postlimit.h: per-member posting limits, stricter during an account's first day. */
#ifndef FORUMD_POSTLIMIT_H
#define FORUMD_POSTLIMIT_H
#include <stdbool.h>
#include <stdint.h>
#include "config.h"
#include "db.h"

/* True when member may write one more post of kind ("dilemma" or "reply") now, under the
 * limits of cfg (the limits.h defaults when cfg is NULL). On a database error it answers
 * false (the caller then refuses with 503) and sets *db_error. */
bool postlimit_allows(struct db *db, const struct config *cfg, int64_t member, const char *kind,
                      bool *db_error);
#endif
