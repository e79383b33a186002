/* suspension.h: member suspensions: in force, started, lifted. A suspended member reads
 * and signs in but cannot post, flag or mark. */
#ifndef FORUMD_SUSPENSION_H
#define FORUMD_SUSPENSION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "db.h"

/* True when member is suspended now, by name or through an anonymous post; then reason
 * (NUL-terminated, may be NULL) and *ends_at (may be NULL) describe the one ending last.
 * On a database error answers true (refuse to write). For enforcement and the member's own
 * pages only. */
bool suspension_active(struct db *db, int64_t member, char *reason, size_t reasonlen,
                       int64_t *ends_at);

/* The same, counting only suspensions made by name: what moderators' member pages show, so
 * that a suspension made through an anonymous post never names its account. */
bool suspension_active_by_name(struct db *db, int64_t member, char *reason, size_t reasonlen,
                               int64_t *ends_at);

/* Suspends member for `days` days from now with `reason`, ending any suspension in force
 * first. Inside the caller's transaction. Returns 0 or -1. */
int suspension_start(struct db *db, int64_t member, int days, const char *reason);

/* Lifts the suspensions in force made by name. Returns how many (0: none), or -1. */
int suspension_lift(struct db *db, int64_t member);

/* Suspends member, the sealed author of anonymous post, for `days` days: kept under keyed
 * hashes of the member and the post, never the member id; ends nothing else (so no later
 * answer depends on the author's other suspensions). Returns 0 or -1. */
int suspension_start_through_post(struct db *db, int64_t member, int64_t post, int days,
                                  const char *reason);

/* Lifts exactly the suspensions in force made through post. Returns how many, or -1. */
int suspension_lift_through_post(struct db *db, int64_t post);
#endif
