/* inbox.h: threads a member started or replied in that have replies they have not seen. */
#ifndef FORUMD_INBOX_H
#define FORUMD_INBOX_H
#include <stdint.h>
#include "db.h"

/* How many such threads member has (for the navigation's "Inbox (3)"); -1 on error. */
int64_t inbox_count(struct db *db, int64_t member);
#endif
