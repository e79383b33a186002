/* draft.h: "Save draft" on the reply and new-dilemma forms (store/drafts.h keeps them
 * sealed): keeping a form's values, reading them back into a fresh form, and deleting. */
#ifndef FORUMD_DRAFT_H
#define FORUMD_DRAFT_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "request.h"

/* True when the form was sent with its "Save draft" button (draft=1). */
bool draft_asked(struct request *r);

/* Keeps the form's values of the NULL-terminated keys as the viewer's draft for thread (0:
 * the new dilemma). Returns 0, or the status to answer with (400, 409, 503) and *message. */
int draft_keep(struct request *r, int64_t thread, const char *const *keys, const char **message);

/* The viewer's draft for thread, or NULL: {thread, saved_at, fields} (a new reference). */
json_t *draft_for(struct request *r, int64_t thread);

/* A draft's value of key (the first, for a repeated field), or NULL; every value as a new
 * array; whether a checkbox was ticked. */
const char *draft_value(const json_t *draft, const char *key);
json_t *draft_values(const json_t *draft, const char *key);
bool draft_flag(const json_t *draft, const char *key);

/* The form model's "draft" part (partials/draft_notice): when it was saved, and the delete
 * button's fields; from names the page ("reply" or "new"). A new reference. */
json_t *draft_notice(struct request *r, const json_t *draft, const char *from);
#endif
