/* pages.h: the fixed pages' handlers. The route table (routes.c) is the only caller; each
 * answers with exactly one respond_* call. */
#ifndef FORUMD_PAGES_H
#define FORUMD_PAGES_H
#include "request.h"

/* pages.c */
void health_show(struct request *r);
void privacy_show(struct request *r);
void guidelines_show(struct request *r);
#endif
