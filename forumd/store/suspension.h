/* suspension.h: member suspensions: in force, started, lifted. A suspended member reads
 * and signs in but cannot post, flag or mark. */
#ifndef FORUMD_SUSPENSION_H
#define FORUMD_SUSPENSION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "db.h"

/* True when member is suspended now; then reason (NUL-terminated, may be NULL) and
 * *ends_at (may be NULL) describe it. On a database error answers true (refuse to write). */
bool suspension_active(struct db *db, int64_t member, char *reason, size_t reasonlen,
                       int64_t *ends_at);

/* Suspends member for `days` days from now with `reason`, ending any suspension in force
 * first. Inside the caller's transaction. Returns 0 or -1. */
int suspension_start(struct db *db, int64_t member, int days, const char *reason);

/* Lifts the suspensions in force. Returns how many were lifted (0: none), or -1. */
int suspension_lift(struct db *db, int64_t member);
#endif
