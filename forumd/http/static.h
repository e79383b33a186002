/* static.h: the embedded static files' handler. The route table (routes.c) is the only caller; each
 * answers with exactly one respond_* call. */
#ifndef FORUMD_STATIC_H
#define FORUMD_STATIC_H
#include "request.h"

/* static.c */
void static_show(struct request *r);
#endif
