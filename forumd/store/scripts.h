/* scripts.h: words you could say (table post_scripts, migration 0019): up to SCRIPTS_MAX
 * short passages of exact words a reply carries, written with the reply in the posting
 * pipeline's transaction, and a moderator's pick, hide and edit of one. What a reader sees
 * of them is decided in SQL by visibility.h (VIS_SCRIPT_*). */
#ifndef FORUMD_SCRIPTS_H
#define FORUMD_SCRIPTS_H
#include <stdint.h>
#include <jansson.h>
#include "db.h"

/* Sets post_id's scripts to texts (an array of checked strings, position by index): a
 * script whose text is unchanged keeps its state and pick, a changed one loses its pick
 * (it is no longer the words that were picked) but stays hidden if it was; positions past
 * the array go. Inside the caller's transaction. Returns 0 or -1. */
int scripts_write(struct db *db, int64_t post_id, const json_t *texts);

/* A moderator's action on script id: "pick", "unpick", "hide", "show". Returns 1 when it
 * changed something, 0 when it was already so (or there is no such script), -1 on a
 * database error. *post_id is set to its post's id when there is one. */
int script_moderate(struct db *db, int64_t id, const char *action, int64_t *post_id);

/* A moderator's edit of script id's text. Returns as script_moderate. */
int script_edit(struct db *db, int64_t id, const char *text, int64_t *post_id);
#endif
