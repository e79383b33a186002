/* viewer_audit.c: the audit row of an action the viewer took (a moderator, or the system). */
#include "viewer_audit.h"

#include "audit.h"
#include "session.h"

int audit_viewer(struct request *r, const char *action, const char *target_kind,
                 int64_t target_id, const char *target_url, const char *public_reason,
                 const char *note)
{
	const char *handle = r->viewer ? json_string_value(json_object_get(r->viewer, "handle")) : NULL;
	struct audit_entry e = {viewer_id(r), handle ? handle : "system", action, target_kind,
	                        target_id, target_url, public_reason, note};
	return audit_append(r->db, &e);
}

