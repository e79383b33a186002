/* recovery.h: one-time recovery codes: made at registration and on request, shown once,
 * stored only as keyed hashes, and spent to set a new password without the old one. */
#ifndef FORUMD_RECOVERY_H
#define FORUMD_RECOVERY_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "db.h"
#include "limits.h"
#include "request.h"

#define RECOVERY_CODE_TEXT (RECOVERY_CODE_CHARS + RECOVERY_CODE_CHARS / 4 + 1)  /* XXXX-XXXX-XXXX */

/* Makes RECOVERY_CODE_COUNT new codes for member, replacing the old ones (inside the
 * caller's transaction). The plain codes are written to `codes` for showing once; the
 * caller wipes them. Returns 0 or -1. */
int recovery_codes_replace(struct db *db, int64_t member,
                           char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_TEXT]);

/* The "codes" page model. `first` says it follows registration. */
json_t *recovery_codes_model(struct request *r, char codes[RECOVERY_CODE_COUNT][RECOVERY_CODE_TEXT],
                             bool first);

/* Unused codes the member has left, or -1. */
int recovery_codes_left(struct db *db, int64_t member);

/* Normalizes a typed code (case, spaces and dashes ignored) and hashes it for member.
 * Returns 0, or -1 when it cannot be a code. */
int recovery_code_hash(int64_t member, const char *typed, unsigned char out[32]);
#endif
