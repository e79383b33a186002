/* profile.h: what other pages may reuse from the profiles: the credential display line. */
#ifndef FORUMD_PROFILE_H
#define FORUMD_PROFILE_H
#include <stdint.h>
#include <jansson.h>
#include "db.h"

/* "BSN, RN · Specializes in Critical Care; Cardiac" for a member (either half may be
 * missing; "" when both are). Caller frees. */
char *profile_summary(struct db *db, int64_t member);

/* The member's specialties in their order, as [{"slug", "name"}]. */
json_t *profile_specialties(struct db *db, int64_t member);
#endif
