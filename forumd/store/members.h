/* members.h: members' rows: find by handle, role, password hash, sessions. */
#ifndef FORUMD_MEMBERS_H
#define FORUMD_MEMBERS_H
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

/* Stores a fresh password hash for member (inside the caller's transaction, if any).
 * Returns the statement's rc: SQLITE_DONE on success. */
int member_set_password(struct db *db, int64_t member_id, const char *hash);

/* Deletes every session of member except keep_session (0: all), and their private
 * notification feed: a new password, a recovery or "sign out every other session" leaves
 * no other way in to what the account reads. Returns SQLITE_DONE. */
int sessions_end_all(struct db *db, int64_t member_id, int64_t keep_session);
#endif
