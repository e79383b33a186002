/* snippet.h: the passage of a post's plain text that shows a search's words, marked. */
#ifndef FORUMD_SNIPPET_H
#define FORUMD_SNIPPET_H
#include <stddef.h>

/* Returns a new string: about SNIPPET_WORDS words of text around the first word that matches
 * one of words (ftsq_words), each matching word between \1 and \2, with "…" where text was
 * cut; NULL when no word of text matches. A text word matches a search word when, ignoring
 * ASCII case, it starts with it (so "patient" marks "patients"), or, for a word of 5 or more
 * letters, the search word starts with all but its last 1-3 letters ("patients" marks
 * "patient"): close to what the index's stemming finds, for showing only. A word ending in
 * '*' is a prefix. */
char *snippet_make(const char *text, char *const *words, int nwords);

/* The first SNIPPET_WORDS words of text, "…" after them when cut; a new string. */
char *snippet_start(const char *text);

#define SNIPPET_WORDS 24
#endif
