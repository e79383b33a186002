/* guardwords.h: the privacy guard's word lists, made at build time by tools/namelists.py
 * from Debian packages and embedded: first names and surnames (python3-fake-factory's person
 * data, many languages), the ordinary lowercase words of English (wamerican and wbritish),
 * which tell "frank talk" from "frank delaney", and the dictionaries' other proper nouns
 * (places, peoples, brands: "Nova Scotia" is no one's name), and one-word places from
 * iso-codes and tzdata ("Victoria", "Darwin": first names too, places first). */
#ifndef FORUMD_GUARDWORDS_H
#define FORUMD_GUARDWORDS_H
#include <stdbool.h>
#include <stddef.h>

enum guard_list {
	GUARD_FIRST_NAMES,
	GUARD_SURNAMES,
	GUARD_WORDS,
	GUARD_PROPER,
	GUARD_PLACES,
	GUARD_LISTS
};

/* Loads the lists (once; thread-safe, also called by guardwords_has). Returns 0, or -1 when
 * a list is missing from the build. */
int guardwords_init(void);

/* The lists w[0..len) is on, as bits (1 << l), ASCII letters compared without case. */
unsigned guardwords_lists(const char *w, size_t len);
/* True when w[0..len) is on list l, ASCII letters compared without case. */
bool guardwords_has(enum guard_list l, const char *w, size_t len);
#endif
