/* ftsq.h: turns anything a person types in the search box into a safe FTS5 query. */
#ifndef FORUMD_FTSQ_H
#define FORUMD_FTSQ_H
#include <stddef.h>

/* Builds an FTS5 MATCH expression from free text `q` (valid UTF-8): words are runs of
 * letters, digits and non-ASCII characters; each becomes a quoted string, so FTS5 syntax
 * (NEAR, AND, OR, NOT, column filters, ^, parentheses, stray quotes) is only ever text.
 * A word ending in '*' becomes a prefix query ("gif"*). Text in balanced double quotes
 * becomes a phrase. At most SEARCH_MAX_TERMS words of SEARCH_MAX_TERM_BYTES bytes are
 * kept; words are ANDed. Returns a newly allocated string (caller frees), or NULL when
 * the query holds no word at all. */
char *ftsq_build(const char *q);
#endif
