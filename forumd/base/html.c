/* html.c: the one escaping path from text to HTML, XML and URLs. */
#include "html.h"
#include "mem.h"
#include "text.h"

#include <stdbool.h>
#include <string.h>

/* The replacement for each byte that HTML escaping changes; len 0 means "copy as is". */
struct entity {
	const char *text;
	unsigned char len;
};

#define REPLACEMENT { "\xEF\xBF\xBD", 3 }   /* U+FFFD */

/* Any stored text escapes to valid HTML and XML: C0 controls (but tab, newline, return),
 * DEL, C1 controls, non-characters and bytes that are no valid UTF-8 become U+FFFD. */
static const struct entity html_entity[256] = {
	['&']  = { "&amp;", 5 },
	['<']  = { "&lt;", 4 },
	['>']  = { "&gt;", 4 },
	['"']  = { "&quot;", 6 },
	['\''] = { "&#39;", 5 },
	[0x00] = REPLACEMENT, [0x01] = REPLACEMENT, [0x02] = REPLACEMENT, [0x03] = REPLACEMENT,
	[0x04] = REPLACEMENT, [0x05] = REPLACEMENT, [0x06] = REPLACEMENT, [0x07] = REPLACEMENT,
	[0x08] = REPLACEMENT, [0x0B] = REPLACEMENT, [0x0C] = REPLACEMENT, [0x0E] = REPLACEMENT,
	[0x0F] = REPLACEMENT, [0x10] = REPLACEMENT, [0x11] = REPLACEMENT, [0x12] = REPLACEMENT,
	[0x13] = REPLACEMENT, [0x14] = REPLACEMENT, [0x15] = REPLACEMENT, [0x16] = REPLACEMENT,
	[0x17] = REPLACEMENT, [0x18] = REPLACEMENT, [0x19] = REPLACEMENT, [0x1A] = REPLACEMENT,
	[0x1B] = REPLACEMENT, [0x1C] = REPLACEMENT, [0x1D] = REPLACEMENT, [0x1E] = REPLACEMENT,
	[0x1F] = REPLACEMENT, [0x7F] = REPLACEMENT,
	/* bytes from 0x80 are decoded as UTF-8 (look) */
};
static const struct entity replacement = REPLACEMENT;

/* At p (before end), a byte >= 0x80: the length of the character there when it may stand
 * (*keep true), or of what U+FFFD replaces (*keep false). */
static size_t look(const unsigned char *p, const unsigned char *end, bool *keep)
{
	uint32_t cp;
	size_t n = utf8_decode(p, (size_t)(end - p), &cp);
	if (n == 0) {
		*keep = false;   /* no valid UTF-8: one byte replaced at a time */
		return 1;
	}
	*keep = !(cp >= 0x80 && cp <= 0x9F) && !text_noncharacter(cp);
	return n;
}

/* Bytes appended per evbuffer_add in url_escape: each input byte yields at most 3. */
#define URL_CHUNK_IN 256

/* Appends s, with what XML cannot hold replaced, and when escape the markup characters
 * escaped too. */
static void put_text(struct evbuffer *out, const char *s, size_t len, bool escape)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	const unsigned char *run = p;

	for (; p < end; p++) {
		const struct entity *e = &html_entity[*p];
		size_t skip = 1;
		if (*p >= 0x80) {
			bool keep;
			skip = look(p, end, &keep);
			if (keep) {
				p += skip - 1;
				continue;
			}
			e = &replacement;
		} else if (e->len == 0 || (!escape && e->text[0] == '&')) {
			continue;
		}
		if (p > run)
			evbuffer_add(out, run, (size_t)(p - run));
		evbuffer_add(out, e->text, e->len);
		p += skip - 1;
		run = p + 1;
	}
	if (p > run)
		evbuffer_add(out, run, (size_t)(p - run));
}

void html_escape(struct evbuffer *out, const char *s, size_t len)
{
	put_text(out, s, len, true);
}

void html_raw(struct evbuffer *out, const char *s, size_t len)
{
	put_text(out, s, len, false);
}

/* html_escape_dup through html_escape, for text with bytes to look at. */
static char *escape_dup_slow(const char *s, size_t len)
{
	struct evbuffer *b = evbuffer_new();
	html_escape(b, s, len);
	size_t n = evbuffer_get_length(b);
	char *out = xmalloc(n + 1);
	evbuffer_remove(b, out, n);
	out[n] = '\0';
	evbuffer_free(b);
	return out;
}

char *html_escape_dup(const char *s)
{
	size_t len = strlen(s), n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i], elen = html_entity[c].len;
		if (c >= 0x80 || (elen && html_entity[c].text[0] != '&'))
			return escape_dup_slow(s, len);   /* a character to decode or replace */
		n += elen ? elen : 1;
	}

	char *zOut = xmalloc(n + 1), *q = zOut;
	for (size_t i = 0; i < len; i++) {
		const struct entity *e = &html_entity[(unsigned char)s[i]];
		if (e->len) {
			memcpy(q, e->text, e->len);
			q += e->len;
		} else {
			*q++ = s[i];
		}
	}
	*q = '\0';
	return zOut;
}

/* RFC 3986 section 2.3: ALPHA / DIGIT / "-" / "." / "_" / "~". */
static int url_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

void url_escape(struct evbuffer *out, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	char buf[URL_CHUNK_IN * 3];
	size_t i = 0;

	while (i < len) {
		size_t n = 0;
		size_t stop = len - i > URL_CHUNK_IN ? i + URL_CHUNK_IN : len;
		for (; i < stop; i++) {
			unsigned char c = (unsigned char)s[i];
			if (url_unreserved(c)) {
				buf[n++] = (char)c;
			} else {
				buf[n++] = '%';
				buf[n++] = hex[c >> 4];
				buf[n++] = hex[c & 15];
			}
		}
		evbuffer_add(out, buf, n);
	}
}
