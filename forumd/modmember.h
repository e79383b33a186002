/* modmember.h: what member moderation (modmember.c) shares: finding a member by handle and
 * changing a member's role (with forumctl), and who may suspend whom (with moderation.c). */
#ifndef FORUMD_MODMEMBER_H
#define FORUMD_MODMEMBER_H
#include <stdint.h>
#include "db.h"
#include "limits.h"

struct member_row {
	int64_t id;
	char handle[HANDLE_MAX_CHARS + 1];   /* as stored */
	char role[16];                       /* "member", "moderator" or "admin" */
	char url[48];                        /* the public profile: /u/HANDLE */
};

/* Reads the (not deleted) member with this handle into m. Returns 0, 1 when there is
 * none, or -1 on a database error. */
int member_find(struct db *db, const char *handle, struct member_row *m);

/* Sets the member's role, inside the caller's transaction. Returns 0 or -1. */
int member_set_role(struct db *db, int64_t member_id, const char *role);

struct request;
/* Whether the viewer may suspend or unsuspend the member with this id and role: the one
 * rule for /moderation/member/:handle and for "the author of this post". 0 when allowed,
 * else 403 (only an admin acts on a moderator or an admin) or 409 (oneself), with *msg. */
int member_suspension_refusal(const struct request *r, int64_t member_id, const char *role,
                              const char **msg);
#endif
