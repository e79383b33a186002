/* audit.h: the moderation audit log: every moderator action appended to mod_audit, a
 * table the database itself refuses to update or delete (triggers in 0006_moderation). */
#ifndef FORUMD_AUDIT_H
#define FORUMD_AUDIT_H
#include <stdint.h>
#include "db.h"

struct audit_entry {
	int64_t actor_id;           /* the moderator's member id; 0 for forumctl */
	const char *actor_handle;   /* their handle, or "forumctl" */
	const char *action;         /* "hide", "approve", "lock", "suspend", ... */
	const char *target_kind;    /* "post", "thread", "member" or "post-author" */
	int64_t target_id;
	const char *target_url;     /* "/d/12#p40", "/d/12", "/u/handle" */
	const char *public_reason;  /* shown on the public log; NULL for none */
	const char *note;           /* moderators only; NULL for none */
};

/* Appends one row, inside the caller's transaction. Returns 0, or -1 on a database error. */
int audit_append(struct db *db, const struct audit_entry *e);
#endif
