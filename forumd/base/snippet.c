/* snippet.c: cuts a passage of plain text around the words a search looked for and marks
 * them, without asking the index (an FTS5 snippet() seeks each post in every word's list:
 * about 1 ms a word a post at a million posts). */
#include "snippet.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static bool is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* True when the n bytes at s start with the m bytes of w, ignoring ASCII case. */
static bool starts_with(const char *s, size_t n, const char *w, size_t m)
{
	if (m > n)
		return false;
	for (size_t i = 0; i < m; i++)
		if (fold((unsigned char)s[i]) != fold((unsigned char)w[i]))
			return false;
	return true;
}

static bool word_matches(const char *s, size_t n, char *const *words, int nwords)
{
	for (int i = 0; i < nwords; i++) {
		size_t m = strlen(words[i]);
		bool prefix = m > 0 && words[i][m - 1] == '*';
		if (prefix)
			m--;
		if (m == 0)
			continue;
		if (starts_with(s, n, words[i], m))
			return true;
		/* "patients" typed, "patient" written: the text word is the search word less 1-3 */
		if (!prefix && n >= 4 && m >= 5 && n < m && m - n <= 3 && starts_with(words[i], m, s, n))
			return true;
	}
	return false;
}

/* The words of a text: start offsets and lengths, at most cap. */
struct spans {
	size_t *at, *len;
	size_t n;
};

static struct spans split(const char *text)
{
	size_t cap = 16;
	struct spans w = { xmalloc(cap * sizeof(size_t)), xmalloc(cap * sizeof(size_t)), 0 };
	for (size_t i = 0; text[i]; ) {
		if (!is_word_byte((unsigned char)text[i])) {
			i++;
			continue;
		}
		size_t start = i;
		while (is_word_byte((unsigned char)text[i]))
			i++;
		if (w.n == cap) {
			cap *= 2;
			w.at = xrealloc(w.at, cap * sizeof(size_t));
			w.len = xrealloc(w.len, cap * sizeof(size_t));
		}
		w.at[w.n] = start;
		w.len[w.n++] = i - start;
	}
	return w;
}

/* Appends n bytes of s to out at *o. */
static void put(char *out, size_t *o, const char *s, size_t n)
{
	memcpy(out + *o, s, n);
	*o += n;
}

/* Text from word `from` to word `to` (exclusive), marked, with "…" where cut: the bytes
 * between words as they are, each word marked when it matches. */
static char *cut(const char *text, const struct spans *w, size_t from, size_t to,
                 char *const *words, int nwords)
{
	if (to > w->n)
		to = w->n;
	size_t pos = from == 0 ? 0 : w->at[from];
	size_t end = to == w->n ? strlen(text) : w->at[to];
	char *out = xmalloc((end - pos) + 2 * (to - from) + 8);
	size_t o = 0;
	if (from > 0)
		put(out, &o, "…", 3);
	for (size_t k = from; k < to; k++) {
		put(out, &o, text + pos, w->at[k] - pos);
		bool mark = nwords && word_matches(text + w->at[k], w->len[k], words, nwords);
		if (mark)
			out[o++] = '\x01';
		put(out, &o, text + w->at[k], w->len[k]);
		if (mark)
			out[o++] = '\x02';
		pos = w->at[k] + w->len[k];
	}
	put(out, &o, text + pos, end - pos);
	while (o > 0 && out[o - 1] == ' ')
		o--;
	if (to < w->n)
		put(out, &o, "…", 3);
	out[o] = '\0';
	return out;
}

char *snippet_make(const char *text, char *const *words, int nwords)
{
	struct spans w = split(text ? text : "");
	size_t first = w.n;
	for (size_t i = 0; i < w.n && first == w.n; i++)
		if (word_matches(text + w.at[i], w.len[i], words, nwords))
			first = i;
	char *out = NULL;
	if (first < w.n) {
		size_t from = first > SNIPPET_WORDS / 4 ? first - SNIPPET_WORDS / 4 : 0;
		out = cut(text, &w, from, from + SNIPPET_WORDS, words, nwords);
	}
	free(w.at);
	free(w.len);
	return out;
}

char *snippet_start(const char *text)
{
	struct spans w = split(text ? text : "");
	char *out = cut(text ? text : "", &w, 0, SNIPPET_WORDS, NULL, 0);
	free(w.at);
	free(w.len);
	return out;
}
