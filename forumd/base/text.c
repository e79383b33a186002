/* text.c: validation of user text: UTF-8, control, bidi and non-characters, lengths in
 * characters, the one integer parser, and counts in words. */
#include "text.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t need;
	uint32_t min;
	if ((s[0] & 0xE0) == 0xC0) {
		need = 2, min = 0x80, *cp = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		need = 3, min = 0x800, *cp = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		need = 4, min = 0x10000, *cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return need;
}

bool text_noncharacter(uint32_t cp)
{
	return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

static bool is_forbidden(uint32_t cp, bool multiline, bool nonchars)
{
	if (cp == '\n' || cp == '\r' || cp == '\t')
		return !multiline && cp != '\t';
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return true;
	/* non-characters (U+FDD0..FDEF, U+nFFFE and U+nFFFF): XML may not hold them, so one in
	 * a post would make every copy of a feed invalid */
	if (nonchars && text_noncharacter(cp))
		return true;
	/* bidirectional embeddings/overrides/isolates */
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static bool clean(const char *s, size_t len, bool multiline, bool nonchars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp);
		if (n == 0 || is_forbidden(cp, multiline, nonchars))
			return false;
		i += n;
	}
	return true;
}

bool text_is_clean_secret(const char *s, size_t len)
{
	return clean(s, len, false, false);
}

bool text_is_clean(const char *s, size_t len, bool multiline)
{
	return clean(s, len, multiline, true);
}

size_t text_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

int parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	int64_t v = 0;
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 18)
		return -1;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int parse_id(const char *s, int64_t *out)
{
	return parse_int(s, 1, INT64_MAX, out);
}

void text_count(char *out, size_t outlen, int64_t n, const char *one, const char *many)
{
	snprintf(out, outlen, "%" PRId64 " %s", n, n == 1 ? one : many);
}
