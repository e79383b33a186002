/* cursor.h: opaque page cursors: a pair of integers (a keyset position such as a thread's
 * last activity and id) sealed under a server subkey and written URL-safe, so a "next" link
 * shows nothing of what it holds (an anonymous post's exact time least of all) and cannot
 * be forged or changed. The same pair always gives the same cursor: pages stay cacheable. */
#ifndef FORUMD_CURSOR_H
#define FORUMD_CURSOR_H
#include <stdint.h>
#include "keys.h"

#define CURSOR_LEN 76  /* 75 URL-safe base64 characters + NUL */

/* Seals (a, b) under key (keys_cursor_key()) into out. Returns 0, or -1 without a key. */
int cursor_seal(const unsigned char *key, int64_t a, int64_t b, char out[CURSOR_LEN]);

/* Opens a cursor cursor_seal wrote under key into *a and *b. Returns 0, or -1 for anything
 * else: malformed, changed, cut short, lengthened, sealed under another key, or no key. */
int cursor_open(const unsigned char *key, const char *s, int64_t *a, int64_t *b);
#endif
