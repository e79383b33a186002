/* ftsq.c: sanitises search input into an FTS5 expression of quoted words and phrases,
 * joined by AND, OR and NOT. */
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

/* One term of the query: a word, a prefix or a phrase, already quoted for FTS5. */
struct term {
	char *fts;
	bool negated;
	bool or_previous;          /* joined to the term before by OR */
};

/* The terms read so far, and the words they hold (the cap counts words). */
struct terms {
	struct term list[SEARCH_MAX_TERMS];
	int n, words;
};

/* Appends the quoted word w[0..n) to out at *len, cut to SEARCH_MAX_TERM_BYTES on a
 * character boundary. */
static void put_word(char *out, size_t *len, const char *w, size_t n)
{
	if (n > SEARCH_MAX_TERM_BYTES) {
		n = SEARCH_MAX_TERM_BYTES;
		while (n > 0 && ((unsigned char)w[n] & 0xC0) == 0x80)
			n--;   /* never cut a UTF-8 sequence */
	}
	out[(*len)++] = '"';
	memcpy(out + *len, w, n);
	*len += n;
	out[(*len)++] = '"';
}

static size_t word_len(const char *p)
{
	const char *s = p;
	while (is_word_byte((unsigned char)*s))
		s++;
	return (size_t)(s - p);
}

/* Reads the phrase after an opening quote at p (its closing quote exists) into a term's
 * text ("a"+"b"); returns the byte after the closing quote. Stars inside are text. */
static const char *read_phrase(const char *p, struct terms *t, char **fts)
{
	const char *end = strchr(p, '"');
	char *out = xmalloc((size_t)SEARCH_MAX_TERMS * (SEARCH_MAX_TERM_BYTES + 3) + 1);
	size_t len = 0;
	while (p < end && t->words < SEARCH_MAX_TERMS) {
		size_t n = word_len(p);
		if (n == 0) {
			p++;
			continue;
		}
		if (len)
			out[len++] = '+';
		put_word(out, &len, p, n);
		t->words++;
		p += n;
	}
	out[len] = '\0';
	if (len == 0) {
		free(out);
		out = NULL;
	}
	*fts = out;
	return end + 1;
}

/* Reads the word at p (and a '*' after it) into a term's text; returns what follows. */
static const char *read_word(const char *p, struct terms *t, char **fts)
{
	size_t n = word_len(p);
	char *out = xmalloc(SEARCH_MAX_TERM_BYTES + 4);
	size_t len = 0;
	put_word(out, &len, p, n);
	p += n;
	if (*p == '*')
		out[len++] = '*';
	out[len] = '\0';
	t->words++;
	*fts = out;
	return p;
}

/* True when a minus sign at p starts a word or phrase to leave out: it opens a token
 * ("well-known" is two words, not a negation). */
static bool starts_negation(const char *q, const char *p)
{
	return *p == '-' && (p == q || !is_word_byte((unsigned char)p[-1])) &&
	       (is_word_byte((unsigned char)p[1]) || (p[1] == '"' && strchr(p + 2, '"')));
}

static void parse(const char *q, struct terms *t)
{
	bool or_pending = false;
	const char *p = q;
	while (*p && t->n < SEARCH_MAX_TERMS && t->words < SEARCH_MAX_TERMS) {
		bool negated = starts_negation(q, p);
		if (negated)
			p++;
		char *fts = NULL;
		if (*p == '"' && strchr(p + 1, '"'))
			p = read_phrase(p + 1, t, &fts);
		else if (is_word_byte((unsigned char)*p)) {
			size_t n = word_len(p);
			if (!negated && n == 2 && memcmp(p, "OR", 2) == 0 && p[2] != '*') {
				or_pending = t->n > 0;
				p += 2;
				continue;
			}
			p = read_word(p, t, &fts);
		} else {
			p++;
			continue;
		}
		if (!fts)
			continue;
		bool joins = or_pending && !negated && !t->list[t->n - 1].negated;
		t->list[t->n++] = (struct term){ fts, negated, joins };
		or_pending = false;
	}
}

/* Writes the terms of one sign: positives as AND of OR-groups, negatives as one OR. */
static size_t emit(const struct terms *t, bool negated, char *out)
{
	size_t len = 0;
	for (int i = 0; i < t->n; i++) {
		const struct term *x = &t->list[i];
		if (x->negated != negated)
			continue;
		bool opens = !negated && i + 1 < t->n && t->list[i + 1].or_previous && !x->or_previous;
		bool closes = !negated && x->or_previous && !(i + 1 < t->n && t->list[i + 1].or_previous);
		const char *sep = len == 0 ? "" : negated || x->or_previous ? " OR " : " AND ";
		memcpy(out + len, sep, strlen(sep));
		len += strlen(sep);
		if (opens)
			out[len++] = '(';
		memcpy(out + len, x->fts, strlen(x->fts));
		len += strlen(x->fts);
		if (closes)
			out[len++] = ')';
	}
	return len;
}

char *ftsq_build(const char *q)
{
	struct terms t = { .n = 0, .words = 0 };
	parse(q, &t);
	size_t cap = 16;
	bool any_positive = false, any_negative = false;
	for (int i = 0; i < t.n; i++) {
		cap += strlen(t.list[i].fts) + 8;
		any_positive |= !t.list[i].negated;
		any_negative |= t.list[i].negated;
	}
	char *out = NULL;
	if (any_positive) {
		out = xmalloc(cap);
		size_t len = 0;
		if (any_negative)
			out[len++] = '(';
		len += emit(&t, false, out + len);
		if (any_negative) {
			memcpy(out + len, ") NOT (", 7);
			len += 7;
			len += emit(&t, true, out + len);
			out[len++] = ')';
		}
		out[len] = '\0';
	}
	for (int i = 0; i < t.n; i++)
		free(t.list[i].fts);
	return out;
}

int ftsq_words(const char *q, char **words)
{
	struct terms t = { .n = 0, .words = 0 };
	parse(q, &t);
	int n = 0;
	for (int i = 0; i < t.n; i++) {
		/* a term's text is "w" or "w"* or "a"+"b": split on quotes, keep the words */
		for (const char *p = t.list[i].fts; !t.list[i].negated && *p && n < SEARCH_MAX_TERMS; ) {
			const char *open = strchr(p, '"');
			const char *close = open ? strchr(open + 1, '"') : NULL;
			if (!close)
				break;
			size_t len = (size_t)(close - open - 1);
			bool star = close[1] == '*';
			char *w = xmalloc(len + 2);
			memcpy(w, open + 1, len);
			if (star)
				w[len++] = '*';
			w[len] = '\0';
			words[n++] = w;
			p = close + 1;
		}
		free(t.list[i].fts);
	}
	return n;
}
