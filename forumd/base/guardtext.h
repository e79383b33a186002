/* guardtext.h: a post cut into tokens for the privacy guard's word rules (privacy.c's table):
 * words (letters, inner apostrophes and hyphens), runs of digits, and single punctuation
 * marks, each with its bytes and what its case and place say. */
#ifndef FORUMD_GUARDTEXT_H
#define FORUMD_GUARDTEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum guard_tok_kind { TOK_WORD, TOK_NUM, TOK_PUNCT };

#define TOK_CAP       1u   /* a word whose first letter is A-Z */
#define TOK_UPPER     2u   /* a word of two or more letters, all A-Z */
#define TOK_SENTENCE  4u   /* the first token of the text, a line or a sentence */
#define TOK_SPACE     8u   /* whitespace before it */

#define TABLES_ASKED 0x80u   /* in asked[]: tables[] holds the token's tables */
#define LISTS_ASKED 0x40u    /* in asked[]: listed[] holds the token's word lists */

struct guard_tok {
	uint32_t start, end;   /* bytes [start, end) of the text */
	uint8_t kind, flags;
};

struct guard_text {
	const char *s;
	char *low;             /* s with ASCII letters lowercased: what word look-ups compare */
	size_t len;
	struct guard_tok *t;
	size_t n;
	/* per token, whether its word lists (guardwords.h) and its rule tables were looked up
	 * (LISTS_ASKED, TABLES_ASKED), and the lists that hold it: each word is looked up once
	 * however many rules ask */
	uint8_t *asked, *listed;
	uint64_t *tables;      /* per token, the rules' tables (guard_list_ready) that hold it */
};

/* Cuts NUL-terminated s into g's tokens (g->t allocated; free with guard_text_free). */
void guard_text_cut(struct guard_text *g, const char *s);
void guard_text_free(struct guard_text *g);

/* True when token i is a word equal (ASCII case folded) to the NUL-terminated lowercase w.
 * (Inline: most tokens fail on the first letter.) */
static inline bool guard_tok_is(const struct guard_text *g, size_t i, const char *w)
{
	if (i >= g->n || g->t[i].kind != TOK_WORD || g->low[g->t[i].start] != w[0])
		return false;
	size_t n = g->t[i].end - g->t[i].start;
	return strncmp(g->low + g->t[i].start, w, n) == 0 && w[n] == '\0';
}

bool guard_tok_in_slow(const struct guard_text *g, size_t i, const char *const *list, size_t n);

/* True when token i is a word on the sorted list of NUL-terminated lowercase words. (Inline:
 * the rules ask it of every token, and most words are on no table.) */
static inline bool guard_tok_in(const struct guard_text *g, size_t i, const char *const *list,
                                size_t n)
{
	if (i >= g->n || g->t[i].kind != TOK_WORD)
		return false;
	if ((g->asked[i] & TABLES_ASKED) && !g->tables[i])
		return false;
	return guard_tok_in_slow(g, i, list, n);
}
/* The length of w[0..n) without a possessive "'s" or "’s" at its end (n when it has none). */
size_t guard_stem_len(const char *w, size_t n);
/* True when lowercase w[0..n) is an ordinary word: on GUARD_WORDS, the plural of one, or
 * a hyphenated word of them ("ex-patient", "short-staffed"), or an -ing or -ed form of one. */
bool guard_is_word(const char *w, size_t n);
bool guard_tok_listed_slow(const struct guard_text *g, size_t i, int l);

/* True when word token i is on word list l (guardwords.h), looked up once per text. */
static inline bool guard_tok_listed(const struct guard_text *g, size_t i, int l)
{
	if (i >= g->n || g->t[i].kind != TOK_WORD)
		return false;
	if (g->asked[i] & LISTS_ASKED)
		return (g->listed[i] >> l) & 1u;
	return guard_tok_listed_slow(g, i, l);
}
/* Registers a rule's table of lowercase words, sorted bytewise, so guard_tok_in finds a
 * token on it with one look-up for all tables; false when it is out of order or there are
 * too many. Called at start-up by the rule files' ready functions (under privacy_init). */
bool guard_list_ready(const char *const *list, size_t n);
/* Registers the tokenizer's own table (the abbreviations a full stop follows). */
bool guard_text_ready(void);
/* The value of number token i when it has at most max_digits digits (at most 18), or -1. */
long guard_tok_value(const struct guard_text *g, size_t i, size_t max_digits);
/* True when token i is the punctuation mark c. */
bool guard_tok_punct(const struct guard_text *g, size_t i, char c);

/* Where a word rule reports a passage: bytes [start, end) of the text. */
typedef void (*guard_emit)(void *ctx, size_t start, size_t end);
#endif
