/* notifications.h: what happened to a member's posts and threads (replies, quotes, @handle
 * mentions, picks, "this helped me", helpful marks, a moderator's hide or edit, replies in
 * threads they follow), worked out when asked over their named posts and those their
 * sealed ledger finds: nothing stored ties an anonymous post's notification to its author. */
#ifndef FORUMD_NOTIFICATIONS_H
#define FORUMD_NOTIFICATIONS_H
#include <stdint.h>
#include <time.h>
#include <jansson.h>
#include "db.h"

/* How many notifications are newer than the member's last look (the header's count);
 * -1 on error. */
int64_t notifications_new_count(struct db *db, int64_t member);

/* The member's notifications of the last NOTIFY_DAYS days, newest first, at most
 * NOTIFY_MAX: each {id, kind, text, title, url, note?, count, new, at, at_human, at_unix}. Sets *seen to
 * the member's last look. NULL on error. */
json_t *notifications_list(struct db *db, int64_t member, time_t now, int64_t *seen);
#endif
