/* viewer_audit.h: the audit row of an action the viewer took. */
#ifndef FORUMD_VIEWER_AUDIT_H
#define FORUMD_VIEWER_AUDIT_H
#include <stdint.h>
#include "request.h"

/* Appends the viewer's action to the audit log (inside the caller's transaction). */
int audit_viewer(struct request *r, const char *action, const char *target_kind,
                 int64_t target_id, const char *target_url, const char *public_reason,
                 const char *note);
#endif
