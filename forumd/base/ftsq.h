/* ftsq.h: turns anything a person types in the search box into a safe FTS5 query. */
#ifndef FORUMD_FTSQ_H
#define FORUMD_FTSQ_H
#include <stddef.h>

/* Builds an FTS5 MATCH expression from free text `q` (valid UTF-8). Words are runs of
 * letters, digits and non-ASCII characters; each becomes a quoted string, so FTS5 syntax
 * (NEAR, AND, NOT, column filters, ^, parentheses, stray quotes) is only ever text. What it
 * understands, as people type it into web search boxes:
 *   gift card        both words (AND)
 *   gift OR card     either word (OR in capitals, between two terms)
 *   gift -card       gift, and not card (a minus sign at the start of a word or phrase)
 *   gif*             a prefix
 *   "gift card"      a phrase (balanced double quotes)
 * At most SEARCH_MAX_TERMS words of SEARCH_MAX_TERM_BYTES bytes are kept. Returns a newly
 * allocated string (caller frees), or NULL when the query holds no word to look for (only
 * punctuation, or only words to leave out). */
char *ftsq_build(const char *q);

/* The words of q a result should show marked (snippet.h): every word of its terms but
 * those left out, as typed, a prefix ending in '*'. Returns how many were written to
 * words (at most SEARCH_MAX_TERMS), each a new string the caller frees. */
int ftsq_words(const char *q, char **words);
#endif
