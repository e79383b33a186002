/* scripts.h: words you could say (table post_scripts, migration 0019): up to SCRIPTS_MAX
 * short passages of exact words a reply carries, written with the reply in the posting
 * pipeline's transaction, and a moderator's pick, hide and edit of one. What a reader sees
 * of them is decided in SQL by visibility.h (VIS_SCRIPT_*). */
#ifndef FORUMD_SCRIPTS_H
#define FORUMD_SCRIPTS_H
#include <stdint.h>
#include <jansson.h>
#include "db.h"

/* Sets post_id's visible scripts to texts (an array of checked strings, in order): the
 * scripts a moderator hid are kept as they are, where they are, and texts take the other
 * positions; a script whose text is unchanged keeps its pick, a changed one loses it (it is
 * no longer the words that were picked); words a moderator hid on the post are left out
 * if asked for again; the visible ones not reused go. Inside the caller's transaction. Returns 0, or -1
 * on a database error or when texts are more than the positions left (see scripts_hidden). */
int scripts_write(struct db *db, int64_t post_id, const json_t *texts);

/* How many of post_id's scripts a moderator hid (each keeps one of the SCRIPTS_MAX places),
 * or -1 on a database error. */
int scripts_hidden(struct db *db, int64_t post_id);

/* A moderator's action on script id: "pick", "unpick", "hide", "show". Returns 1 when it
 * changed something, 0 when it was already so (or there is no such script), -1 on a
 * database error. *post_id is set to its post's id when there is one. */
int script_moderate(struct db *db, int64_t id, const char *action, int64_t *post_id);

/* A moderator's edit of script id's text. Returns as script_moderate. */
int script_edit(struct db *db, int64_t id, const char *text, int64_t *post_id);
#endif
