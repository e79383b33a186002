/* text.h: checks on user text: valid UTF-8, no NUL or control characters, lengths in
 * characters (code points), not bytes. */
#ifndef FORUMD_TEXT_H
#define FORUMD_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* True when s[0..len) is valid UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF), holds no NUL and no control character other than, when multiline,
 * newline, carriage return and tab. U+202E and the other bidirectional overrides are
 * refused too (they disguise text). */
bool text_is_clean(const char *s, size_t len, bool multiline);

/* Number of code points in valid UTF-8 s[0..len). */
size_t text_chars(const char *s, size_t len);
#endif
