/* guardnames.h: the privacy guard's name rule: a person's name where its context says it is
 * one (a title, a relationship or role word, a room or bed, "pt", a first name with a
 * surname), in any case, from the embedded first-name, surname and word lists
 * (guardwords.h). An @handle (a forum member) is never a name here. */
#ifndef FORUMD_GUARDNAMES_H
#define FORUMD_GUARDNAMES_H
#include "guardtext.h"

/* True when the rule's word tables are sorted (their look-ups search by halves). */
bool guard_names_ready(void);

/* Reports each name passage of g (the name, with its title when it has one). */
void guard_names(const struct guard_text *g, guard_emit emit, void *ctx);
#endif
