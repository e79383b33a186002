/* accountdrafts.h: the account page's list of the member's saved drafts. */
#ifndef FORUMD_ACCOUNTDRAFTS_H
#define FORUMD_ACCOUNTDRAFTS_H
#include <jansson.h>
#include "request.h"

/* The viewer's drafts, newest first: each {thread, what, title, excerpt, saved, saved_human,
 * url (absent when the dilemma no longer takes replies: then excerpt is the whole text)}.
 * A new reference, or NULL on a database error. */
json_t *account_drafts_model(struct request *r);
#endif
