/* modmember.h: what member moderation (modmember.c) shares with forumctl: finding a member
 * by handle and changing a member's role. */
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
#endif
