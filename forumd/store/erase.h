/* erase.h: erasing a post's text everywhere the database keeps it, and the purge after the
 * commit that leaves no copy in old search-index segments or in the WAL. */
#ifndef FORUMD_ERASE_H
#define FORUMD_ERASE_H
#include <stdint.h>
#include "db.h"

/* What a dilemma's thread is called once its author erased it. */
#define ERASED_TITLE "[removed by its author]"

/* Removes post_id's text inside the caller's transaction: its body (markdown and HTML) and
 * the privacy guard's passages are blanked, its earlier versions, mentions and scripts
 * (words to say) deleted, its row of the
 * search index deleted and, for a dilemma, its thread's title replaced by ERASED_TITLE.
 * The caller removes the post (state 'removed') in the same transaction, then calls
 * erase_purge after the commit. Returns 0 or -1. */
int erase_post_text(struct db *db, int64_t post_id);

/* Blanks the text (body and title) of every earlier version of post_id, keeping the rows
 * (times, moderators' notes), inside the caller's transaction: a moderator's redaction. The
 * caller calls erase_purge after the commit. Returns 0 or -1. */
int erase_post_history(struct db *db, int64_t post_id);

/* After the commit of an erase, outside any transaction: merges the search index into one
 * segment (FTS5 keeps a deleted row's terms in old segments until they are merged; the
 * freed pages are zeroed, secure_delete being on), then checkpoints the WAL into the
 * database and truncates it (old page images hold the text), retrying while readers keep
 * it busy. Takes time in proportion to the index (docs/PERFORMANCE.md). Returns 0, or -1
 * (logged) when it could not finish, e.g. readers kept the WAL busy: the next purge does. */
int erase_purge(struct db *db);
#endif
