/* suggested.h: words nurses suggested: the scripts of a thread's replies above them, best
 * first (thread.c), and the forum's scripts by topic at /scripts with its Atom feed per topic
 * (suggested.c). A script is listed by visibility.h's VIS_SCRIPT_LISTED; an anonymous
 * reply's scripts carry its alias, never its author. */
#ifndef FORUMD_SUGGESTED_H
#define FORUMD_SUGGESTED_H
#include <stdint.h>
#include <jansson.h>
#include "db.h"

/* [{id, text, mod_pick, url, author, tags}] of the thread's listed scripts, best first (the
 * script's pick, then its reply's: pick, helped the asker, helpful marks, oldest), at most
 * SUGGESTED_WORDS_MAX; NULL on a database error. */
json_t *thread_suggested_words(struct db *db, int64_t thread_id);
#endif
