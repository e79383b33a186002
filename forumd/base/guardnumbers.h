/* guardnumbers.h: the privacy guard's word rules for numbers and codes (privacy.c's table):
 * phone numbers in any common format and spelled out in words (public helplines and
 * toll-free numbers pass), ages over 89, record, card and policy numbers after the word
 * that says what they are, licence, registration, plate and serial codes, postcodes (UK,
 * Canada, US ZIP after a state, Australia after a state) and IP addresses. */
#ifndef FORUMD_GUARDNUMBERS_H
#define FORUMD_GUARDNUMBERS_H
#include "guardtext.h"

/* True when the rules' word tables are sorted (their look-ups search by halves). */
bool guard_numbers_ready(void);

void guard_phones(const struct guard_text *g, guard_emit emit, void *ctx);
void guard_ages(const struct guard_text *g, guard_emit emit, void *ctx);
void guard_codes(const struct guard_text *g, guard_emit emit, void *ctx);
void guard_postcodes(const struct guard_text *g, guard_emit emit, void *ctx);
void guard_ip_addresses(const struct guard_text *g, guard_emit emit, void *ctx);
#endif
