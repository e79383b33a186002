/* ftsq.c: sanitises search input into an FTS5 expression of quoted words and phrases. */
#include "ftsq.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "mem.h"

static bool is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Output under construction, with room for every term at its largest. */
struct fts_out {
	char *buf;
	size_t len;
	int terms;
};

/* Appends one word (quoted), opening a phrase if `phrase_open` asks and not yet opened. */
static void add_word(struct fts_out *o, const char *w, size_t n, bool prefix, bool in_phrase,
                     bool *phrase_started)
{
	if (n > SEARCH_MAX_TERM_BYTES) {
		n = SEARCH_MAX_TERM_BYTES;
		while (n > 0 && ((unsigned char)w[n] & 0xC0) == 0x80)
			n--;   /* never cut a UTF-8 sequence */
	}
	if (o->len)
		o->buf[o->len++] = in_phrase && *phrase_started ? '+' : ' ';
	o->buf[o->len++] = '"';
	memcpy(o->buf + o->len, w, n);
	o->len += n;
	o->buf[o->len++] = '"';
	if (prefix && !in_phrase)
		o->buf[o->len++] = '*';
	o->terms++;
	if (in_phrase)
		*phrase_started = true;
}

/* True when a closing quote follows p (so the quote at p-1 opens a balanced phrase). */
static bool has_closing_quote(const char *p)
{
	return strchr(p, '"') != NULL;
}

char *ftsq_build(const char *q)
{
	size_t cap = (size_t)SEARCH_MAX_TERMS * (SEARCH_MAX_TERM_BYTES + 4) + 1;
	struct fts_out o = { xmalloc(cap), 0, 0 };
	bool in_phrase = false, phrase_started = false;
	const char *p = q;
	while (*p && o.terms < SEARCH_MAX_TERMS) {
		if (*p == '"') {
			if (in_phrase)
				in_phrase = false;
			else if (has_closing_quote(p + 1))
				in_phrase = true, phrase_started = false;
			p++;
			continue;
		}
		if (!is_word_byte((unsigned char)*p)) {
			p++;
			continue;
		}
		const char *start = p;
		while (is_word_byte((unsigned char)*p))
			p++;
		add_word(&o, start, (size_t)(p - start), *p == '*', in_phrase, &phrase_started);
	}
	if (o.terms == 0) {
		free(o.buf);
		return NULL;
	}
	o.buf[o.len] = '\0';
	return o.buf;
}
