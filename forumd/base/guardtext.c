/* guardtext.c: the privacy guard's tokens (guardtext.h). UTF-8: bytes of letters outside
 * ASCII count as letters; Latin-1's symbols, the general punctuation block and the currency
 * signs (dashes, curly quotes, the ellipsis, "£", "€") as punctuation; the curly apostrophe
 * inside a word as part of it. */
#include "guardtext.h"

#include <stdlib.h>
#include <string.h>

#include "guardwords.h"
#include "mem.h"


static bool is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* The length of the punctuation or symbol character at p, or 0: Latin-1's (U+00A1-U+00BF:
 * "£", "§", "°", "«"), the general punctuation block and the currency signs (U+2000-U+20CF:
 * dashes, curly quotes, "€"). */
static size_t general_punct(const unsigned char *p, const unsigned char *end)
{
	if (end - p >= 2 && p[0] == 0xC2 && p[1] >= 0xA1 && p[1] <= 0xBF)
		return 2;
	return end - p >= 3 && p[0] == 0xE2 && p[1] >= 0x80 && p[1] <= 0x82 ? 3 : 0;
}

/* A no-break or other Unicode space at p (U+00A0, U+2000-U+200A, U+202F): its length, or 0. */
static size_t wide_space(const unsigned char *p, const unsigned char *end)
{
	if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] <= 0x8A || p[2] == 0xAF))
		return 3;
	return 0;
}

/* An apostrophe (' or U+2019) or hyphen at p joining two letters: its length, or 0. */
static size_t inner_joint(const unsigned char *p, const unsigned char *end)
{
	size_t n = *p == '\'' || *p == '-' ? 1 :
	           end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99 ? 3 : 0;
	return n && p + n < end && is_letter(p[n]) && !general_punct(p + n, end) &&
	       !wide_space(p + n, end) ? n : 0;
}

static const char *const abbr[] = { "dr", "etc", "mr", "mrs", "ms", "no", "pt", "rm",
	"sr", "st", "vs" };

/* Short words a full stop follows without ending the sentence. */
static bool searched(const struct guard_text *g, size_t i, const char *const *list, size_t n);

/* (Asked while cutting, before the per-token look-up arrays exist: a binary search.) */
static bool abbreviation(const struct guard_text *g, size_t i)
{
	return i < g->n && g->t[i].kind == TOK_WORD &&
	       searched(g, i, abbr, sizeof abbr / sizeof abbr[0]);
}

static void push(struct guard_text *g, size_t *cap, size_t start, size_t end, int kind,
                 unsigned flags)
{
	if (g->n == *cap)
		g->t = xrealloc(g->t, (*cap = *cap ? *cap * 2 : 256) * sizeof *g->t);
	g->t[g->n++] = (struct guard_tok){ (uint32_t)start, (uint32_t)end, (uint8_t)kind,
	                                   (uint8_t)flags };
}

/* A capital letter of Latin-1 or Latin Extended-A at p ("Ó", "Ł", "Ō"): À-Þ but ×, and in
 * U+0100-U+017F the capital of each pair (even code points, odd ones in U+0139-U+0148 and
 * U+0179-U+017E), Ÿ too. Its small letter is the next code point (Ÿ's is not). */
static bool wide_capital(const unsigned char *p, size_t n)
{
	if (n < 2)
		return false;
	if (p[0] == 0xC3)
		return p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97;   /* continuation bytes */
	if ((p[0] != 0xC4 && p[0] != 0xC5) || (p[1] & 0xC0) != 0x80)
		return false;
	unsigned cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
	bool odd_row = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
	return cp == 0x178 || (cp != 0x130 && cp != 0x138 && cp != 0x149 && cp % 2 == (odd_row ? 1u : 0u));
}

static unsigned word_flags(const unsigned char *p, size_t n)
{
	unsigned f = (p[0] >= 'A' && p[0] <= 'Z') || wide_capital(p, n) ? TOK_CAP : 0;
	size_t letters = 0, upper = 0;
	for (size_t i = 0; i < n; i++) {
		letters += is_letter(p[i]);
		upper += p[i] >= 'A' && p[i] <= 'Z';
	}
	return f | (letters >= 2 && upper == letters ? TOK_UPPER : 0);
}

/* A line written in capitals ("CAN SOMEONE TELL ME IF LORENZO BIANCHI..."): its capitals
 * say nothing, so its words read as lowercase ones (the rules then go by the word lists). */
static void shouted_lines(struct guard_text *g)
{
	size_t line = 0;
	for (size_t i = 0; i <= g->n; i++) {
		if (i < g->n && !(i > line && (g->t[i].flags & TOK_SENTENCE) &&
		    memchr(g->s + g->t[i - 1].end, '\n', g->t[i].start - g->t[i - 1].end)))
			continue;
		size_t words = 0, upper = 0;
		for (size_t k = line; k < i; k++)
			if (g->t[k].kind == TOK_WORD && g->t[k].end - g->t[k].start > 1) {
				words++;
				upper += (g->t[k].flags & TOK_UPPER) != 0;
			}
		if (words >= 4 && upper * 10 >= words * 8)
			for (size_t k = line; k < i; k++)
				if (g->t[k].kind == TOK_WORD)
					g->t[k].flags &= (uint8_t)~(TOK_CAP | TOK_UPPER);
		line = i;
	}
}

void guard_text_cut(struct guard_text *g, const char *s)
{
	const unsigned char *b = (const unsigned char *)s, *p = b, *end = b + strlen(s);
	size_t cap = 0;
	unsigned next = TOK_SENTENCE;
	memset(g, 0, sizeof *g);
	g->s = s;
	g->len = (size_t)(end - b);
	g->low = xmalloc(g->len + 1);
	for (size_t k = 0; k <= g->len; k++) {
		g->low[k] = (char)(b[k] >= 'A' && b[k] <= 'Z' ? b[k] - 'A' + 'a' : b[k]);
		/* "Ó" -> "ó", "Ł" -> "ł": the same two bytes' length (not where the lead byte
		 * would change: Ŀ, Ÿ) */
		if (b[k] >= 0xC3 && b[k] <= 0xC5 && k + 1 < g->len && wide_capital(b + k, 2)) {
			g->low[k] = (char)b[k];
			if (b[k] == 0xC3)
				g->low[k + 1] = (char)(b[k + 1] + 0x20);
			else if (b[k + 1] < 0xBF && !(b[k] == 0xC5 && b[k + 1] == 0xB8))
				g->low[k + 1] = (char)(b[k + 1] + 1);
			else
				g->low[k + 1] = (char)b[k + 1];
			k++;
		}
	}
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			next |= TOK_SPACE | (*p == '\n' ? TOK_SENTENCE : 0);
			p++;
			continue;
		}
		size_t wide = wide_space(p, end);
		if (wide) {                /* no-break and thin spaces are spaces */
			next |= TOK_SPACE;
			p += wide;
			continue;
		}
		const unsigned char *q = p;
		size_t gp = general_punct(p, end);
		if (gp) {
			push(g, &cap, (size_t)(p - b), (size_t)(p - b) + gp, TOK_PUNCT, next);
			p += gp;
		} else if (is_letter(*p)) {
			/* a curly apostrophe joins ("Chidi’s") before it would end the word */
			for (;;) {
				if (q < end && *q < 0x80 && is_letter(*q)) {   /* the common case */
					q++;
					continue;
				}
				size_t joint = q < end ? inner_joint(q, end) : 0;
				if (joint)
					q += joint;
				else if (q < end && *q >= 0x80 && !general_punct(q, end) && !wide_space(q, end))
					q++;
				else
					break;
			}
			push(g, &cap, (size_t)(p - b), (size_t)(q - b), TOK_WORD,
			     next | word_flags(p, (size_t)(q - p)));
			p = q;
		} else if (is_digit(*p)) {
			while (q < end && is_digit(*q))
				q++;
			push(g, &cap, (size_t)(p - b), (size_t)(q - b), TOK_NUM, next);
			p = q;
		} else {
			push(g, &cap, (size_t)(p - b), (size_t)(p - b) + 1, TOK_PUNCT, next);
			p++;
		}
		next = 0;
		struct guard_tok *t = &g->t[g->n - 1];
		if (t->kind == TOK_PUNCT && strchr(".!?", b[t->start]) && !(g->n >= 2 &&
		    b[t->start] == '.' && abbreviation(g, g->n - 2)))
			next = TOK_SENTENCE;
	}
	shouted_lines(g);
	g->asked = xcalloc(g->n ? g->n : 1, 1);
	g->listed = xcalloc(g->n ? g->n : 1, 1);
	g->tables = xmalloc((g->n ? g->n : 1) * sizeof *g->tables);
}

void guard_text_free(struct guard_text *g)
{
	free(g->t);
	free(g->low);
	g->low = NULL;
	free(g->asked);
	free(g->listed);
	free(g->tables);
	g->tables = NULL;
	g->t = NULL;
	g->asked = g->listed = NULL;
	g->n = 0;
}

size_t guard_stem_len(const char *w, size_t n)
{
	if (n > 3 && (w[n - 1] == 's' || w[n - 1] == 'S') && w[n - 2] == '\'')
		return n - 2;
	if (n > 5 && (w[n - 1] == 's' || w[n - 1] == 'S') && (unsigned char)w[n - 2] == 0x99 &&
	    (unsigned char)w[n - 3] == 0x80 && (unsigned char)w[n - 4] == 0xE2)
		return n - 4;
	return n;
}

/* Prefixes a hyphenated word starts with: "ex-patient", "post-op", "non-english". Sorted. */
static const char *const word_prefixes[] = { "anti", "co", "ex", "half", "mid", "multi", "non",
	"over", "post", "pre", "re", "self", "semi", "step", "sub", "under" };

static bool prefix(const char *w, size_t n)
{
	for (size_t k = 0; k < sizeof word_prefixes / sizeof word_prefixes[0]; k++)
		if (strlen(word_prefixes[k]) == n && memcmp(word_prefixes[k], w, n) == 0)
			return true;
	return false;
}

/* A hyphenated word of ordinary words: after a prefix ("ex-patient"), or of parts none of
 * which is a name ("short-staffed"; "Mary-Rose" and "Hunter-Smith" stay names). */
static bool hyphenated_word(const char *w, size_t n)
{
	const char *dash = memchr(w, '-', n);
	if (!dash || dash == w || w[n - 1] == '-')
		return false;
	bool prefixed = prefix(w, (size_t)(dash - w)), named = false;
	for (const char *p = w, *end = w + n; p < end;) {
		const char *q = memchr(p, '-', (size_t)(end - p));
		size_t len = (size_t)((q ? q : end) - p);
		if (!(prefixed && p == w) && !guardwords_has(GUARD_WORDS, p, len))
			return false;
		named |= guardwords_has(GUARD_FIRST_NAMES, p, len) || guardwords_has(GUARD_SURNAMES, p, len);
		p += len + 1;
	}
	return prefixed || !named;
}

/* "messaging", "texted", "texting": a verb's -ing or -ed form the dictionaries lack, of a
 * word they hold ("message", "text"; a doubled consonant: "chatting"). */
static bool inflected_word(const char *w, size_t n)
{
	/* "Manning", "Harding", "Naveed": names first */
	unsigned lists = guardwords_lists(w, n);
	if (lists & ((1u << GUARD_FIRST_NAMES) | (1u << GUARD_SURNAMES)))
		return false;
	size_t suffix = n > 6 && memcmp(w + n - 3, "ing", 3) == 0 ? 3 :
	                n > 5 && memcmp(w + n - 2, "ed", 2) == 0 ? 2 : 0;
	if (!suffix)
		return false;
	size_t stem = n - suffix;
	char buf[64];
	if (stem + 1 >= sizeof buf)
		return false;
	memcpy(buf, w, stem);
	buf[stem] = 'e';
	return guardwords_has(GUARD_WORDS, w, stem) || guardwords_has(GUARD_WORDS, buf, stem + 1) ||
	       (w[stem - 1] == w[stem - 2] && guardwords_has(GUARD_WORDS, w, stem - 1));
}

bool guard_is_word(const char *w, size_t n)
{
	return guardwords_has(GUARD_WORDS, w, n) ||
	       /* a plural of an ordinary word is one too: "Carers" */
	       (n > 4 && w[n - 1] == 's' && guardwords_has(GUARD_WORDS, w, n - 1)) ||
	       hyphenated_word(w, n) || inflected_word(w, n);
}

bool guard_tok_listed_slow(const struct guard_text *g, size_t i, int l)
{
	g->asked[i] |= LISTS_ASKED;
	const char *w = g->low + g->t[i].start;
	size_t n = g->t[i].end - g->t[i].start;
	/* a possessive is looked up as its stem: "Street's" is a word's */
	n = guard_stem_len(w, n);
	unsigned lists = guardwords_lists(w, n);
	if (!(lists & (1u << GUARD_WORDS)) && guard_is_word(w, n))
		lists |= 1u << GUARD_WORDS;
	g->listed[i] = (uint8_t)lists;
	return (g->listed[i] >> l) & 1u;
}

/* The rules' small word tables, registered at start-up (guard_list_ready): each has a bit,
 * and one hash holds every word of them with the bits of the tables it is on, so a token is
 * looked up once for all of them. Written only under privacy_init's pthread_once. */
#define GUARD_TABLES_MAX 64
#define TABLE_SLOTS 128        /* a power of two, twice GUARD_TABLES_MAX */
#define WORD_SLOTS 8192        /* a power of two, over twice the words of all tables */
static const char *const *table_ptr[TABLE_SLOTS];
static uint8_t table_bit[TABLE_SLOTS];
static unsigned ntables;
static struct { const char *w; uint32_t len; uint64_t bits; } word_slot[WORD_SLOTS];
static size_t nwords;

static size_t ptr_slot(const char *const *list)
{
	return ((uintptr_t)list >> 3) * 0x9E3779B97F4A7C15u >> 57;   /* 7 bits: TABLE_SLOTS */
}

static uint64_t word_hash(const char *w, size_t n)
{
	uint64_t h = 14695981039346656037u;
	for (size_t k = 0; k < n; k++)
		h = (h ^ (unsigned char)w[k]) * 1099511628211u;
	return h;
}

/* The slot of word w[0..n) in word_slot: where it is, or the empty slot where it goes. */
static size_t word_at(const char *w, size_t n)
{
	size_t k = word_hash(w, n) & (WORD_SLOTS - 1);
	while (word_slot[k].w && !(word_slot[k].len == n && memcmp(word_slot[k].w, w, n) == 0))
		k = (k + 1) & (WORD_SLOTS - 1);
	return k;
}

/* The registered bit of list + 1, or 0 for a list never registered. */
static unsigned table_of(const char *const *list)
{
	for (size_t k = ptr_slot(list);; k = (k + 1) & (TABLE_SLOTS - 1)) {
		if (table_ptr[k] == list)
			return table_bit[k] + 1u;
		if (!table_ptr[k])
			return 0;
	}
}

static bool sorted(const char *const *list, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (strcmp(list[i - 1], list[i]) >= 0)
			return false;
	return true;
}

bool guard_text_ready(void)
{
	return guard_list_ready(abbr, sizeof abbr / sizeof abbr[0]);
}

bool guard_list_ready(const char *const *list, size_t n)
{
	if (!sorted(list, n))
		return false;
	if (table_of(list))
		return true;
	if (ntables == GUARD_TABLES_MAX || (nwords + n) * 2 > WORD_SLOTS)
		return false;
	size_t k = ptr_slot(list);
	while (table_ptr[k])
		k = (k + 1) & (TABLE_SLOTS - 1);
	table_ptr[k] = list;
	table_bit[k] = (uint8_t)ntables;
	for (size_t i = 0; i < n; i++) {
		size_t at = word_at(list[i], strlen(list[i]));
		if (!word_slot[at].w) {
			word_slot[at].w = list[i];
			word_slot[at].len = (uint32_t)strlen(list[i]);
			nwords++;
		}
		word_slot[at].bits |= 1ull << ntables;
	}
	ntables++;
	return true;
}

/* The tables token i is on, as bits, looked up once per token. */
static uint64_t tables_of(const struct guard_text *g, size_t i)
{
	if (!(g->asked[i] & TABLES_ASKED)) {
		g->asked[i] |= TABLES_ASKED;
		size_t at = word_at(g->low + g->t[i].start, g->t[i].end - g->t[i].start);
		g->tables[i] = word_slot[at].w ? word_slot[at].bits : 0;
	}
	return g->tables[i];
}

/* A binary search of a table never registered (a rule's table the ready checks miss). */
static bool searched(const struct guard_text *g, size_t i, const char *const *list, size_t n)
{
	size_t len = g->t[i].end - g->t[i].start;
	const char *w = g->low + g->t[i].start;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(list[mid], w, len);
		if (c == 0)
			c = list[mid][len] != '\0';
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool guard_tok_in_slow(const struct guard_text *g, size_t i, const char *const *list, size_t n)
{
	/* most words are on no table: no need to know which table this is (every table of the
	 * rules is registered: tests/unit/test_guard_tables.py holds them to it) */
	uint64_t tables = tables_of(g, i);
	if (!tables && ntables)
		return false;
	unsigned t = table_of(list);
	return t ? (tables >> (t - 1)) & 1 : searched(g, i, list, n);
}

long guard_tok_value(const struct guard_text *g, size_t i, size_t max_digits)
{
	if (i >= g->n || g->t[i].kind != TOK_NUM || g->t[i].end - g->t[i].start > max_digits)
		return -1;
	long v = 0;
	for (uint32_t k = g->t[i].start; k < g->t[i].end; k++)
		v = v * 10 + (g->s[k] - '0');
	return v;
}

bool guard_tok_punct(const struct guard_text *g, size_t i, char c)
{
	return i < g->n && g->t[i].kind == TOK_PUNCT && g->s[g->t[i].start] == c;
}
