/* handlers.h: every page handler, grouped by the file that holds it. The route table in
 * router.c is the only caller. Each answers with exactly one reply_* call. */
#ifndef FORUMD_HANDLERS_H
#define FORUMD_HANDLERS_H
#include "request.h"

/* front.c */
void front_show(struct request *r);

/* pages.c */
void health_show(struct request *r);
void privacy_show(struct request *r);
void guidelines_show(struct request *r);

/* static.c */
void static_show(struct request *r);
#endif
