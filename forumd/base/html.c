/* html.c: the one escaping path from text to HTML, XML and URLs. */
#include "html.h"
#include "mem.h"

#include <string.h>

/* The replacement for each byte that HTML escaping changes; len 0 means "copy as is". */
struct entity {
	const char *text;
	unsigned char len;
};

static const struct entity html_entity[256] = {
	['&']  = { "&amp;", 5 },
	['<']  = { "&lt;", 4 },
	['>']  = { "&gt;", 4 },
	['"']  = { "&quot;", 6 },
	['\''] = { "&#39;", 5 },
};

/* Bytes appended per evbuffer_add in url_escape: each input byte yields at most 3. */
#define URL_CHUNK_IN 256

void html_escape(struct evbuffer *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	const unsigned char *run = p;

	for (; p < end; p++) {
		const struct entity *e = &html_entity[*p];
		if (e->len == 0)
			continue;
		if (p > run)
			evbuffer_add(out, run, (size_t)(p - run));
		evbuffer_add(out, e->text, e->len);
		run = p + 1;
	}
	if (p > run)
		evbuffer_add(out, run, (size_t)(p - run));
}

char *html_escape_dup(const char *s)
{
	size_t len = strlen(s), n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char elen = html_entity[(unsigned char)s[i]].len;
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
