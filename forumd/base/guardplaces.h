/* guardplaces.h: the privacy guard's word rules for where someone lives (privacy.c's
 * table): streets, with or without a house number ("42 Elm St", "on Kettering Rd",
 * "lives at 12 birch cres"), post-office boxes and apartment or unit numbers. */
#ifndef FORUMD_GUARDPLACES_H
#define FORUMD_GUARDPLACES_H
#include "guardtext.h"

/* True when the rules' word tables are sorted (their look-ups search by halves). */
bool guard_places_ready(void);

void guard_streets(const struct guard_text *g, guard_emit emit, void *ctx);
void guard_boxes(const struct guard_text *g, guard_emit emit, void *ctx);
#endif
