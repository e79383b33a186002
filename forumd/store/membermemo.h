/* membermemo.h: per worker thread, values every page a member reads shows (their inbox
 * and notification counts, their suspension notice, the tags and anonymous-tag choices of their reply form,
 * the reply form and the content of the thread page as last rendered for them),
 * kept while the database stays at the generation they were read at (db_generation: any
 * commit anywhere ends it, so values that read other members' rows are kept as safely as
 * those that read only the member's) and until a time of their own: a member's pages
 * between two writes do not work them out again.
 *
 * Kept on the worker thread, for the worker's one connection (told apart by its address:
 * a worker opens its connection once), used only there: no locks. At most
 * MEMBER_MEMO_MEMBERS members, the least recently used dropped for a new one; a new
 * generation (or another connection) drops them all. Freed by member_memo_worker_stop. */
#ifndef FORUMD_MEMBERMEMO_H
#define FORUMD_MEMBERMEMO_H
#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <jansson.h>
#include "db.h"

enum member_memo_slot {
	MEMO_INBOX_COUNT,        /* integer: inbox.h's inbox_count */
	MEMO_NOTIFY_COUNT,       /* integer: notifications.h's notifications_new_count */
	MEMO_SUSPENSION,         /* the layout's notice, or null; kept until the suspension ends */
	MEMO_PROFILE_TAGS,       /* the reply form's specialties, credentials and show_tags */
	MEMO_ANON_TAGS,          /* sharedtags.h's choices, with specialties */
	MEMO_ANON_CREDENTIALS,   /* the same, credentials only */
	MEMO_REPLY_FORM,         /* threadshared.c: the reply form's bytes on one thread, for one token */
	MEMO_THREAD_VIEW,        /* threadshared.c: the last thread page's content, for one token */
	MEMO_SLOTS
};

/* Where the database stood when a value not kept was looked up, which the value is then
 * read at or after. member_memo_put keeps it only while the memo is still at that
 * generation: a value read before a commit is never kept once a look-up has seen the
 * commit. (One read after a commit may be kept under the older generation; the next
 * look-up sees the newer one and drops it.) */
struct member_memo_mark {
	struct db_generation gen;
	bool ok;                 /* false: keep nothing (no memo, or the database did not answer) */
};

/* The value kept for member's slot, good at the database's generation and at `now` (a
 * borrowed reference, good until the next member_memo_* call), or NULL with *mark set for member_memo_put. db NULL: no memo (always
 * NULL, and nothing will be kept; so too inside a write transaction). */
json_t *member_memo_get(struct db *db, int64_t member, enum member_memo_slot slot, time_t now,
                        struct member_memo_mark *mark);

/* Keeps v (its reference taken over) as member's slot until `expires` (0: as long as the
 * generation lasts), when the database is still where *mark says; else just drops v. */
void member_memo_put(struct db *db, int64_t member, enum member_memo_slot slot,
                     const struct member_memo_mark *mark, json_t *v, time_t expires);

/* Drops everything kept on the calling thread. Call when a worker stops. */
void member_memo_worker_stop(void);
#endif
