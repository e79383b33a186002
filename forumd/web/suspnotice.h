/* suspnotice.h: the notice a suspended member sees: the layout's banner, and in place of
 * the reply form. */
#ifndef FORUMD_SUSPNOTICE_H
#define FORUMD_SUSPNOTICE_H
#include <jansson.h>
#include "request.h"

/* The signed-in viewer's suspension notice {reason, until, until_human}, or json null when
 * they are not suspended (or signed out): a new reference. From the member memo when kept. */
json_t *viewer_suspension(struct request *r);
#endif
