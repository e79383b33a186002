/* layoutmodel.h: what the layout shows a signed-in reader on every page. */
#ifndef FORUMD_LAYOUTMODEL_H
#define FORUMD_LAYOUTMODEL_H
#include "request.h"

/* Adds to r->viewer (when signed in, once per request): "inbox" (threads with new
 * replies), for moderators "moderator" and "review_queue" (items waiting), and for a
 * suspended member "suspension" {reason, until, until_human}. HTML pages only. */
void layout_viewer_extras(struct request *r);
#endif
