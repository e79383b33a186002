/* text.h: checks on user text: valid UTF-8, no NUL or control characters, lengths in
 * characters (code points), not bytes; and counts in words ("1 pick", "2 picks"). */
#ifndef FORUMD_TEXT_H
#define FORUMD_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when s[0..len) is valid UTF-8 (no overlongs, surrogates or code points past
 * U+10FFFF), holds no NUL and no control character other than, when multiline,
 * newline, carriage return and tab. U+202E and the other bidirectional overrides are
 * refused too (they disguise text), and so are non-characters (U+FDD0..FDEF, U+nFFFE,
 * U+nFFFF: XML cannot hold them). */
bool text_is_clean(const char *s, size_t len, bool multiline);

/* The same for a password (one line), non-characters allowed: a password is never shown,
 * and one chosen before they were refused must still sign in. */
bool text_is_clean_secret(const char *s, size_t len);

/* Decodes one code point at s (n > 0 bytes available) into *cp. Returns its length, or 0
 * when the bytes are no valid UTF-8 (overlong, surrogate, past U+10FFFF, cut short). */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* True for a non-character: U+FDD0..FDEF, U+nFFFE, U+nFFFF. */
bool text_noncharacter(uint32_t cp);

/* Number of code points in valid UTF-8 s[0..len). */
size_t text_chars(const char *s, size_t len);

/* The one integer parser for text from outside (forms, queries, paths, the config file):
 * s must be 1 to 18 decimal digits, nothing else (no sign, space or leading "+"), with a
 * value in [min, max]. Returns 0 and sets *out, or -1 (s NULL, empty, malformed, out of
 * range). */
int parse_int(const char *s, int64_t min, int64_t max, int64_t *out);

/* A count and its noun, singular or plural: "1 pick", "3 picks", "0 threads" (out is
 * always terminated). */
void text_count(char *out, size_t outlen, int64_t n, const char *one, const char *many);

/* parse_int for an id: a positive integer. */
int parse_id(const char *s, int64_t *out);
#endif
