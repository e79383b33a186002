/* modmember.h: who may suspend whom, and the suspension form: what member moderation
 * (modmember.c) shares with the actions on "the author of this post" (moderation.c). */
#ifndef FORUMD_MODMEMBER_H
#define FORUMD_MODMEMBER_H
#include <stdint.h>

#include "request.h"

/* Whether the viewer may suspend or unsuspend the member with this id and role: the one
 * rule for /moderation/member/:handle and for "the author of this post". 0 when allowed,
 * else 403 (only an admin acts on a moderator or an admin) or 409 (oneself), with *msg. */
int member_suspension_refusal(const struct request *r, int64_t member_id, const char *role,
                              const char **msg);

/* Reads a suspension form (days, reason), the same on both routes: 0 with *days and
 * *reason (borrowed from the form), or 400 with *msg. */
int suspension_form_read(struct request *r, int64_t *days, const char **reason, const char **msg);
#endif
