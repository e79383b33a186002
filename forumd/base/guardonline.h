/* guardonline.h: the privacy guard's word rules for someone's online identities
 * (privacy.c's table): email addresses, and social-media handles named with a network or a
 * verb of finding or messaging ("her insta is @kayla.m", "he found me as @NurseKaty"). An
 * @handle alone is a forum member answered, and passes. */
#ifndef FORUMD_GUARDONLINE_H
#define FORUMD_GUARDONLINE_H
#include "guardtext.h"

/* True when the rules' word tables are sorted (their look-ups search by halves). */
bool guard_online_ready(void);

void guard_emails(const struct guard_text *g, guard_emit emit, void *ctx);
/* An address given in words before a webmail provider: "jane dot doe at gmail". */
void guard_webmail(const struct guard_text *g, guard_emit emit, void *ctx);
/* @handles named with a network ("her insta is @kayla.m"), and bare handles after one. */
void guard_handles(const struct guard_text *g, guard_emit emit, void *ctx);
/* @handles named only with a verb of finding or messaging ("he found me as @NurseKaty"): a
 * rule of its own, since an @handle of a forum member so named is no identifier. */
void guard_handle_verbs(const struct guard_text *g, guard_emit emit, void *ctx);
#endif
