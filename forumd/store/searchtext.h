/* searchtext.h: what the search index derives from a post, as SQL any connection can run:
 * the words a reader sees (the search_plain_text() function) and the facets of threads
 * whose topics, specialties or picks changed (migrations/0013_search_facets.sql). db.c
 * uses it at open and before every commit; searchindex.c writes the rows. */
#ifndef FORUMD_SEARCHTEXT_H
#define FORUMD_SEARCHTEXT_H
#include <sqlite3.h>

/* Registers search_plain_text(markdown) on a connection: markdown_to_plain(). Returns an
 * SQLite result code. */
int search_text_register(sqlite3 *h);

/* The statements db_commit() runs, in order: one row when a thread's facets are stale;
 * rewrite the facets of its listed posts; forget the stale threads. */
extern const char SEARCH_STALE_ANY[];
extern const char SEARCH_STALE_REWRITE[];
extern const char SEARCH_STALE_FORGET[];
#endif
