/* guarddates.h: the privacy guard's word rules for dates (privacy.c's table): a date of a
 * person's life (birth, admission, surgery, discharge, death) in any common format, told by
 * the words around it, and a named hospital with a date or a holiday, which together pin
 * one patient down. A date alone ("the policy changed in March") passes. */
#ifndef FORUMD_GUARDDATES_H
#define FORUMD_GUARDDATES_H
#include "guardtext.h"

/* True when the rules' word tables are sorted (their look-ups search by halves). */
bool guard_dates_ready(void);

void guard_dates(const struct guard_text *g, guard_emit emit, void *ctx);
void guard_facility_dates(const struct guard_text *g, guard_emit emit, void *ctx);
#endif
