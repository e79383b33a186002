/* guardnumbers.c: numbers and codes that identify someone (guardnumbers.h), found over the
 * post's tokens. A "run" is tokens written together with no space between ("09B2345K",
 * "555-0147" is three); a phone is digit groups joined by spaces, dots, dashes or brackets. */
#include "guardnumbers.h"

#include <ctype.h>
#include <string.h>

#define N(a) (sizeof (a) / sizeof (a)[0])
#define PHONE_DIGITS_MIN 7
#define PHONE_DIGITS_MAX 15

static bool is_num(const struct guard_text *g, size_t i)
{
	return i < g->n && g->t[i].kind == TOK_NUM;
}

static bool spaced(const struct guard_text *g, size_t i)
{
	return i < g->n && (g->t[i].flags & TOK_SPACE);
}

static size_t len_of(const struct guard_text *g, size_t i)
{
	return g->t[i].end - g->t[i].start;
}

/* Token i's digits as a number (at most 9 of them), or -1. */
static long num_value(const struct guard_text *g, size_t i)
{
	return guard_tok_value(g, i, 9);
}

/* ---------------------------------------------------------------- phones */

/* The digit groups of a phone-like run from token i: returns the index after its last
 * group, with the digits counted, the groups and their separator. 0 when it is none. */
struct groups {
	size_t end;              /* token after the last digit group */
	int digits, n;
	long first, second;      /* the first two groups' values */
	int first_len, second_len;
	char sep;                /* the last separator seen: ' ', '-', '.', '(' */
	bool plus;
};

static void phone_groups(const struct guard_text *g, size_t i, struct groups *out)
{
	memset(out, 0, sizeof *out);
	size_t j = i;
	if (guard_tok_punct(g, j, '+')) {
		out->plus = true;
		j++;
	}
	if (guard_tok_punct(g, j, '('))
		j++;
	while (is_num(g, j)) {
		/* a second number after a whole one: "555-201-3344 555-201-3344" */
		if (out->digits >= PHONE_DIGITS_MIN &&
		    out->digits + (int)len_of(g, j) > PHONE_DIGITS_MAX)
			break;
		if (out->n == 0) {
			out->first = num_value(g, j);
			out->first_len = (int)len_of(g, j);
		} else if (out->n == 1) {
			out->second = num_value(g, j);
			out->second_len = (int)len_of(g, j);
		}
		out->digits += (int)len_of(g, j);
		out->n++;
		out->end = ++j;
		/* a unit or letter right after the digits ("4mg", "12s"): no phone */
		if (j < g->n && g->t[j].kind == TOK_WORD && !spaced(g, j)) {
			out->digits = 0;
			return;
		}
		size_t k = j;
		if (guard_tok_punct(g, k, ')'))
			k++;
		/* dashes with spaces round them: "0491 -- 570 -- 156" */
		size_t d = k;
		while (d < g->n && guard_tok_punct(g, d, '-') && d < k + 3)
			d++;
		if (k < g->n && g->t[k].kind == TOK_PUNCT && strchr("-.", g->s[g->t[k].start]) &&
		    !spaced(g, k) && is_num(g, k + 1) && !spaced(g, k + 1)) {
			out->sep = g->s[g->t[k].start];
			j = k + 1;
		} else if (d > k && spaced(g, k) && is_num(g, d) && spaced(g, d)) {
			out->sep = '-';
			j = d;
		} else if (is_num(g, k) && spaced(g, k) && (out->sep == 0 || out->sep == ' ')) {
			out->sep = out->sep ? out->sep : ' ';
			j = k;
		} else if (guard_tok_punct(g, k, '(') || (k > j && is_num(g, k))) {
			j = k + (guard_tok_punct(g, k, '(') ? 1 : 0);
		} else {
			break;
		}
	}
}

/* Numbers anyone may post: toll-free and public service numbers, helplines. */
static bool public_number(const struct groups *p)
{
	static const long toll_free_us[] = { 800, 833, 844, 855, 866, 877, 888 };
	long a = p->first, b = p->second;
	if (a == 1 && p->first_len == 1)          /* 1-800-... */
		a = b;
	for (size_t i = 0; i < N(toll_free_us); i++)
		if (a == toll_free_us[i])
			return true;
	/* AU 1800 / 1300 / 13 xx xx; UK 0800 / 0808 freephone, 03xx / 084x / 087x
	 * non-geographic (charities, services), 116 xxx */
	return (p->first_len == 4 && (a == 1800 || a == 1300 || a == 800 || a == 808 ||
	                              (a >= 300 && a <= 399) || (a >= 840 && a <= 849) ||
	                              (a >= 870 && a <= 879))) ||
	       (p->first_len == 3 && a == 116);
}

/* A clock time at i ("7.30", "15:30"): the token after it, or 0. */
static size_t clock_at(const struct guard_text *g, size_t i)
{
	if (!is_num(g, i) || len_of(g, i) > 2 || num_value(g, i) > 24 ||
	    !(guard_tok_punct(g, i + 1, '.') || guard_tok_punct(g, i + 1, ':')) ||
	    !is_num(g, i + 2) || len_of(g, i + 2) != 2 || num_value(g, i + 2) > 59)
		return 0;
	return i + 3;
}

/* Shift hours: "7.30-15.30", "07:00 - 19:30". */
static bool time_range(const struct guard_text *g, size_t i)
{
	size_t j = clock_at(g, i);
	return j && guard_tok_punct(g, j, '-') && clock_at(g, j + 1);
}

/* Digit groups that are something else: "0700-1930" (a shift), "2019-2023" (years),
 * "14.02.2024" (a date), "3.14159" (a decimal). */
static bool not_a_phone(const struct guard_text *g, size_t i, const struct groups *p)
{
	if (i > 0 && (guard_tok_punct(g, i - 1, '$') || guard_tok_punct(g, i - 1, '#')))
		return true;
	if (g->t[i].start >= 2 && (unsigned char)g->s[g->t[i].start - 2] == 0xC2 &&
	    (unsigned char)g->s[g->t[i].start - 1] == 0xA3)
		return true;   /* £ (C2 A3) */
	if (p->n == 2 && p->first_len == 4 && p->second_len == 4 && p->sep == '-' &&
	    ((p->first <= 2359 && p->second <= 2359) || (p->first >= 1900 && p->second <= 2099)))
		return true;
	if (p->sep == '.' && p->n <= 3 && p->first_len <= 2)
		return true;
	if (time_range(g, i))
		return true;
	return p->n == 1 && p->sep == 0 && !p->plus && p->digits < 10;
}

static const char *const digit_words[] = { "eight", "five", "four", "nil", "nine", "nought",
	"o", "oh", "one", "seven", "six", "three", "two", "zero" };

/* Digit words: their count ("double" counts the next twice), or -1 for other words. */
static int digit_word(const struct guard_text *g, size_t i, int *times)
{
	if (guard_tok_is(g, i, "double") || guard_tok_is(g, i, "triple")) {
		*times = guard_tok_is(g, i, "double") ? 2 : 3;
		return 0;
	}
	if (!guard_tok_in(g, i, digit_words, N(digit_words)))
		return -1;
	int n = *times;
	*times = 1;
	return n;
}

/* A number said in words: at least seven digit words with commas, dashes or spaces. *last
 * is its last digit word; *run the token after the run of digit words and marks from i. */
static size_t spelled_phone(const struct guard_text *g, size_t i, size_t *last, size_t *run)
{
	int times = 1, digits = 0;
	size_t j = i;
	*last = i;
	while (j < g->n) {
		int d = digit_word(g, j, &times);
		if (d < 0) {
			if (g->t[j].kind == TOK_PUNCT && strchr(",-", g->s[g->t[j].start])) {
				j++;
				continue;
			}
			break;
		}
		digits += d;
		if (d > 0)
			*last = j;
		j++;
	}
	*run = j;
	return digits >= PHONE_DIGITS_MIN ? (size_t)digits : 0;
}

void guard_phones(const struct guard_text *g, guard_emit emit, void *ctx)
{
	for (size_t i = 0; i < g->n; i++) {
		size_t last, run;
		if (g->t[i].kind == TOK_WORD && !guard_tok_is(g, i, "o")) {
			size_t digits = spelled_phone(g, i, &last, &run);
			if (digits) {
				emit(ctx, g->t[i].start, g->t[last].end);
				i = last;
				continue;
			}
			if (run > i + 1) {
				i = run - 1;   /* a shorter run inside has fewer digit words still */
				continue;
			}
		}
		if (!is_num(g, i) && !guard_tok_punct(g, i, '+') && !guard_tok_punct(g, i, '('))
			continue;
		struct groups p;
		phone_groups(g, i, &p);
		if (p.digits < PHONE_DIGITS_MIN || p.digits > PHONE_DIGITS_MAX || public_number(&p) ||
		    not_a_phone(g, i, &p)) {
			if (p.end > i + 1)
				i = p.end - 1;   /* not its tail either: "1-800-222-1222" */
			continue;
		}
		emit(ctx, g->t[i].start, g->t[p.end - 1].end);
		i = p.end - 1;
	}
}

/* ---------------------------------------------------------------- ages */

static const char *const age_units[] = { "y", "year", "year-old", "years", "yo", "yoa", "yr",
	"yr-old", "yrs" };

static bool age_unit_at(const struct guard_text *g, size_t j)
{
	return guard_tok_in(g, j, age_units, N(age_units));
}

/* The word of a spelled age over 89 at i ("ninety", "ninety-six", "hundred"). */
static bool spelled_old(const struct guard_text *g, size_t i)
{
	if (i >= g->n || g->t[i].kind != TOK_WORD || (g->low[g->t[i].start] != 'n' &&
	    g->low[g->t[i].start] != 'h'))
		return false;
	return strncasecmp(g->s + g->t[i].start, "ninety", 6) == 0 ||
	       guard_tok_is(g, i, "hundred");
}

/* Units and words after a number that make it a measure, not an age. Sorted. */
static const char *const amount_words[] = { "bpm", "degrees", "kg", "kgs", "lbs", "mg", "ml",
	"mmhg", "on", "over", "percent", "pounds", "sats" };

static const char *const age_before[] = { "age", "aged", "he's", "hes", "she's", "shes",
	"turned", "turning", "turns" };

/* Words of a temperature: "temp 101F", "spiked to 102F". Sorted. */
static const char *const temperature_words[] = { "febrile", "fever", "spiked", "t", "temp",
	"temperature", "temps" };

static bool temperature_near(const struct guard_text *g, size_t i)
{
	for (size_t k = i >= 4 ? i - 4 : 0; k < i; k++)
		if (guard_tok_in(g, k, temperature_words, N(temperature_words)))
			return true;
	return false;
}

/* Words for a person before "is" or "was" and an age: "pt is 99", "he was 104". Sorted. */
static const char *const age_people[] = { "dad", "father", "gentleman", "gran", "grandad",
	"grandma", "grandpa", "he", "lady", "man", "mother", "mum", "nan", "patient", "pt",
	"resident", "she", "woman" };

/* "Pt is 99, sharp as a tack", "he was 95 and flirted": a person, "is" or "was", and the
 * number alone (no unit or mark after it: "he was 95%", "pt is 98/60"). */
static bool told_age(const struct guard_text *g, size_t i, size_t j)
{
	if (i < 2 || !(guard_tok_is(g, i - 1, "is") || guard_tok_is(g, i - 1, "was")) ||
	    !guard_tok_in(g, i - 2, age_people, N(age_people)))
		return false;
	return !(j < g->n && ((g->t[j].kind == TOK_WORD && !spaced(g, j)) ||
	                      guard_tok_punct(g, j, '%') || guard_tok_punct(g, j, '/') ||
	                      guard_tok_punct(g, j, '.') || guard_tok_in(g, j, amount_words, N(amount_words))));
}

void guard_ages(const struct guard_text *g, guard_emit emit, void *ctx)
{
	for (size_t i = 0; i < g->n; i++) {
		long v = num_value(g, i);
		size_t j = i + 1;
		if (guard_tok_punct(g, j, '-'))
			j++;
		bool old = (v >= 90 && v <= 125) || (v < 0 && spelled_old(g, i));
		if (!old)
			continue;
		/* "94 yo", "91yo", "99 y.o.", "93 year old", "ninety-six year old", "aged 102" */
		bool unit = age_unit_at(g, j) && !guard_tok_punct(g, j + 1, '/') ? true :
		            age_unit_at(g, j) && guard_tok_is(g, j + 2, "o");
		bool said = i > 0 && guard_tok_in(g, i - 1, age_before, N(age_before)) &&
		            !(j < g->n && g->t[j].kind == TOK_WORD && !spaced(g, j)) &&
		            !guard_tok_punct(g, j, '%') && !guard_tok_punct(g, j, '/');
		/* "97F", "92M": an age and a sex, as handovers write them; not a temperature */
		bool sexed = i + 1 < g->n && g->t[i + 1].kind == TOK_WORD && len_of(g, i + 1) == 1 &&
		             !spaced(g, i + 1) && strchr("FM", g->s[g->t[i + 1].start]) &&
		             !(i + 2 < g->n && g->t[i + 2].kind == TOK_WORD && !spaced(g, i + 2)) &&
		             !(i > 0 && guard_tok_punct(g, i - 1, '.')) && !temperature_near(g, i);
		if (unit || said || sexed || told_age(g, i, j))
			emit(ctx, g->t[i].start, g->t[unit ? j : i].end);
	}
}

/* ---------------------------------------------------------------- codes */

/* The end of the run of tokens written together from i (no space inside). */
static size_t run_end(const struct guard_text *g, size_t i)
{
	size_t j = i + 1;
	while (j < g->n && !spaced(g, j) && g->t[j].kind != TOK_PUNCT)
		j++;
	/* a dash inside a code: "1234-567-890-AB", "W1849302-01" */
	while (j + 1 < g->n && guard_tok_punct(g, j, '-') && !spaced(g, j) && !spaced(g, j + 1) &&
	       g->t[j + 1].kind != TOK_PUNCT) {
		j += 2;
		while (j < g->n && !spaced(g, j) && g->t[j].kind != TOK_PUNCT)
			j++;
	}
	return j;
}

static int run_digits(const struct guard_text *g, size_t i, size_t end)
{
	int d = 0;
	for (size_t k = i; k < end; k++)
		if (g->t[k].kind == TOK_NUM)
			d += (int)len_of(g, k);
	return d;
}

/* Words that say a number or code after them is someone's. Sorted. */
static const char *const code_words[] = {
	"account", "acct", "ahpra", "armband", "badge", "bsn", "card", "chart", "csn",
	"encounter", "fin", "health", "id", "ihi", "insurance", "licence",
	"license", "mbi", "medicare", "member", "mrn", "nhi", "nhs", "nmc", "number", "ohip",
	"phn", "pin", "plate", "plates", "policy", "pps", "ppsn", "record",
	"registration", "rego", "serial", "sin", "sn", "ssn", "urn", "vin", "visit", "zip",
	"zipcode",
};

/* A code after one of code_words, within three tokens: at least five digits, or two
 * with letters ("LK19 RTZ", "8XKP441", "NMW0001234567"). */
/* "123-45-6789": a social security number's shape. */
static bool ssn_at(const struct guard_text *g, size_t i)
{
	return is_num(g, i) && len_of(g, i) == 3 && guard_tok_punct(g, i + 1, '-') &&
	       is_num(g, i + 2) && len_of(g, i + 2) == 2 && guard_tok_punct(g, i + 3, '-') &&
	       is_num(g, i + 4) && len_of(g, i + 4) == 4 && !spaced(g, i + 2) && !spaced(g, i + 4);
}

/* The run's characters (letters upper-cased), at most cap - 1 of them. */
static size_t run_text(const struct guard_text *g, size_t i, size_t end, char *out, size_t cap)
{
	size_t n = 0;
	for (size_t k = g->t[i].start; k < g->t[end - 1].end && n + 1 < cap; k++)
		out[n++] = (char)toupper((unsigned char)g->s[k]);
	out[n] = '\0';
	return n;
}

/* pattern: 'A' a letter, '9' a digit, '?' either, lowercase: optional; others literal. */
static bool shaped(const char *s, const char *pattern)
{
	for (; *pattern; pattern++) {
		char p = *pattern;
		bool optional = p == 'a' || p == 'n' || p == 'x';
		char want = optional ? (p == 'a' ? 'A' : p == 'n' ? '9' : '?') : p;
		bool ok = *s && (want == 'A' ? isalpha((unsigned char)*s) :
		                 want == '9' ? isdigit((unsigned char)*s) :
		                 want == '?' ? isalnum((unsigned char)*s) : *s == want);
		if (ok)
			s++;
		else if (!optional)
			return false;
	}
	return *s == '\0';
}

/* Token i in capitals or digits only, as plates are written. */
static bool plate_piece(const struct guard_text *g, size_t i)
{
	return i < g->n && (g->t[i].kind == TOK_NUM ||
	                    (g->t[i].kind == TOK_WORD && (g->t[i].flags & TOK_UPPER)));
}

/* A plate by its shape alone: the UK's "BD51 SMR", Ireland's "231-D-14852": the token after
 * it, or 0. */
static size_t plate_at(const struct guard_text *g, size_t i)
{
	/* a plate starts after a space or a bracket, never inside a run ("1-1-1-..." stays
	 * linear: each number after a dash returns here at once) */
	if (!plate_piece(g, i) || (i > 0 && !spaced(g, i) && !(g->t[i - 1].kind == TOK_PUNCT &&
	    strchr("(,[\"'", g->s[g->t[i - 1].start]))))
		return 0;
	size_t e1 = run_end(g, i);
	char a[16], b[16];
	if (run_text(g, i, e1, a, sizeof a) > 12)
		return 0;
	if (shaped(a, "AA99") && e1 < g->n && spaced(g, e1) && plate_piece(g, e1) &&
	    run_end(g, e1) == e1 + 1 && run_text(g, e1, e1 + 1, b, sizeof b) && shaped(b, "AAA"))
		return e1 + 1;
	/* Ireland: year (2 or 3 digits), county (1 or 2 letters), number */
	return shaped(a, "99n-Aa-9nnnnn") && (e1 - i == 5) ? e1 : 0;
}

/* Words that name a vehicle's plate. Sorted. */
static const char *const plate_words[] = { "plate", "plates", "reg", "registration", "rego" };

/* After a plate word: letters and digits in capitals, in one or two groups ("CBKR 291",
 * "1AB 2CD", "HJX 471"): reports them and returns the token after, or 0. */
static size_t plate_named(const struct guard_text *g, size_t i, guard_emit emit, void *ctx)
{
	if (!guard_tok_in(g, i, plate_words, N(plate_words)))
		return 0;
	for (size_t j = i + 1; j < g->n && j <= i + 4; j++) {
		if (g->t[j].kind == TOK_PUNCT || !plate_piece(g, j))
			continue;
		size_t end = run_end(g, j);
		if (end < g->n && spaced(g, end) && plate_piece(g, end) && run_end(g, end) - end <= 2 &&
		    len_of(g, end) <= 4)
			end = run_end(g, end);
		char t[24];
		size_t n = run_text(g, j, end, t, sizeof t), digits = 0, alnum = 0;
		for (size_t k = 0; k < n; k++) {
			digits += isdigit((unsigned char)t[k]) != 0;
			alnum += isalnum((unsigned char)t[k]) != 0;
		}
		if (digits && digits < alnum && alnum >= 5) {
			emit(ctx, g->t[j].start, g->t[end - 1].end);
			return end;
		}
		return 0;
	}
	return 0;
}

void guard_codes(const struct guard_text *g, guard_emit emit, void *ctx)
{
	for (size_t i = 0; i < g->n; i++) {
		/* any number of nine digits or more (a record, an account), a social security
		 * number's shape; money and decimals are not */
		if (ssn_at(g, i) || (is_num(g, i) && len_of(g, i) >= 9 &&
		    !(i > 0 && (guard_tok_punct(g, i - 1, '$') || guard_tok_punct(g, i - 1, '.') ||
		                guard_tok_punct(g, i - 1, ',')) && !spaced(g, i)))) {
			size_t end = ssn_at(g, i) ? i + 4 : i;
			emit(ctx, g->t[i].start, g->t[end].end);
			i = end;
			continue;
		}
		size_t plate = plate_at(g, i);
		if (plate) {
			emit(ctx, g->t[i].start, g->t[plate - 1].end);
			i = plate - 1;
			continue;
		}
		if (!guard_tok_in(g, i, code_words, N(code_words)) && !guard_tok_is(g, i, "reg"))
			continue;
		if ((plate = plate_named(g, i, emit, ctx))) {
			i = plate - 1;
			continue;
		}
		for (size_t j = i + 1; j < g->n && j <= i + 4; j++) {
			if (g->t[j].kind == TOK_PUNCT)   /* "#", ":" and the like before the code */
				continue;
			struct groups p;
			phone_groups(g, j, &p);
			if (p.digits && public_number(&p))
				break;   /* "the poison control number 1-800-222-1222" */
			size_t end = run_end(g, j);
			int digits = run_digits(g, j, end);
			/* digit groups with spaces: "2953 71604 1", "130 692 544" */
			while (end < g->n && is_num(g, end) && spaced(g, end) && g->t[j].kind == TOK_NUM) {
				digits += run_digits(g, end, run_end(g, end));
				end = run_end(g, end);
			}
			/* a plate's second half: "LK19 RTZ" */
			if (digits >= 2 && end < g->n && g->t[end].kind == TOK_WORD &&
			    (g->t[end].flags & TOK_UPPER) && len_of(g, end) == 3)
				end++;
			/* "29k", "1.5m": thousands and millions, money */
			bool amount = end == j + 2 && g->t[j].kind == TOK_NUM && len_of(g, j + 1) == 1 &&
			              strchr("kKmM", g->s[g->t[j + 1].start]);
			bool mixed = digits >= 2 && end > j + 1 && !amount;
			/* "policy HR-042" is a document: an insurance policy's number is long */
			bool document = guard_tok_is(g, i, "policy") && digits < 6;
			if (!document && (digits >= 5 || (mixed && g->t[j].end - g->t[j].start + digits >= 4))) {
				emit(ctx, g->t[j].start, g->t[end - 1].end);
				i = end - 1;
				break;
			}
			if (g->t[j].kind == TOK_NUM)
				break;
		}
	}
}

/* ---------------------------------------------------------------- postcodes */

static const char *const us_states[] = {
	"AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL",
	"IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE",
	"NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
	"VA", "VT", "WA", "WI", "WV", "WY",
};
static const char *const au_states[] = { "ACT", "NSW", "NT", "QLD", "SA", "TAS", "VIC", "WA" };

static bool listed_upper(const struct guard_text *g, size_t i, const char *const *list, size_t n)
{
	if (i >= g->n || g->t[i].kind != TOK_WORD || !(g->t[i].flags & TOK_UPPER))
		return false;
	for (size_t k = 0; k < n; k++)
		if (strlen(list[k]) == len_of(g, i) && strncmp(list[k], g->s + g->t[i].start, len_of(g, i)) == 0)
			return true;
	return false;
}

/* "2nd", "1st", "4th" in lowercase at token i: an ordinal, no postcode's second half. */
static bool ordinal_written(const struct guard_text *g, size_t i)
{
	if (i + 1 >= g->n || g->t[i].kind != TOK_NUM || g->t[i + 1].kind != TOK_WORD ||
	    len_of(g, i + 1) != 2)
		return false;
	static const char *const suffix[] = { "th", "st", "nd", "rd" };
	int d = g->s[g->t[i].end - 1] - '0';
	const char *want = d >= 1 && d <= 3 ? suffix[d] : suffix[0];
	return memcmp(g->s + g->t[i + 1].start, want, 2) == 0;
}

/* Names of a postcode, before one. Sorted. */
static const char *const postcode_words[] = { "eircode", "postal", "postcode", "postcodes",
	"zip", "zipcode" };

void guard_postcodes(const struct guard_text *g, guard_emit emit, void *ctx)
{
	for (size_t i = 0; i < g->n; i++) {
		if (g->t[i].kind == TOK_PUNCT || (i > 0 && !spaced(g, i) && g->t[i - 1].kind != TOK_PUNCT))
			continue;
		size_t e1 = run_end(g, i);
		/* a word alone in lowercase is no postcode's first half nor a state: only a
		 * postcode's name can start one there */
		if (e1 == i + 1 && g->t[i].kind == TOK_WORD && !(g->t[i].flags & TOK_UPPER) &&
		    !guard_tok_in(g, i, postcode_words, N(postcode_words)))
			continue;
		char a[16], b[16];
		if (run_text(g, i, e1, a, sizeof a) > 8) {
			i = e1 - 1;   /* "1-1-1-1...": no postcode starts inside it either */
			continue;
		}
		b[0] = '\0';
		size_t e2 = e1 < g->n && spaced(g, e1) && g->t[e1].kind != TOK_PUNCT ? run_end(g, e1) : e1;
		if (e2 > e1)
			run_text(g, e1, e2, b, sizeof b);
		/* UK "SW1A 1AA", "M1 1AE" (not "ward C4 2nd floor"); Canada "K1A 0B1" (or
		 * "K1A0B1") */
		if ((shaped(a, "Aa9x") && shaped(b, "9AA") && run_digits(g, i, e1) >= 1 &&
		     !ordinal_written(g, e1)) ||
		    (shaped(a, "A9A") && shaped(b, "9A9"))) {
			emit(ctx, g->t[i].start, g->t[e2 - 1].end);
			i = e2 - 1;
			continue;
		}
		if (shaped(a, "A9A9A9")) {
			emit(ctx, g->t[i].start, g->t[e1 - 1].end);
			continue;
		}
		/* "ZIP 60614", "postcode 3163", "Eircode D06 F2X4": a code after its name */
		if (guard_tok_in(g, i, postcode_words, N(postcode_words))) {
			size_t k = i + 1;
			while (k < g->n && k < i + 4 && !(run_digits(g, k, run_end(g, k)) >= 2))
				k++;
			if (k < g->n && k < i + 4) {
				size_t end = run_end(g, k);
				if (end < g->n && spaced(g, end) && g->t[end].kind != TOK_PUNCT &&
				    run_digits(g, end, run_end(g, end)) >= 1 && run_end(g, end) - end <= 4)
					end = run_end(g, end);   /* "D06 F2X4" */
				emit(ctx, g->t[k].start, g->t[end - 1].end);
				i = end - 1;
				continue;
			}
		}
		/* a state, then a US ZIP or an Australian postcode: "TX 78704", "NSW 2150" */
		size_t z = i + 1;
		if (is_num(g, z) && spaced(g, z) &&
		    ((listed_upper(g, i, us_states, N(us_states)) && len_of(g, z) == 5) ||
		     (listed_upper(g, i, au_states, N(au_states)) && len_of(g, z) == 4))) {
			emit(ctx, g->t[i].start, g->t[z].end);
			i = z;
		}
	}
}

/* ---------------------------------------------------------------- IP addresses */

void guard_ip_addresses(const struct guard_text *g, guard_emit emit, void *ctx)
{
	for (size_t i = 0; i + 6 < g->n; i++) {
		bool ok = true;
		for (size_t k = 0; k < 7 && ok; k++) {
			size_t t = i + k;
			ok = k % 2 == 0 ? num_value(g, t) >= 0 && num_value(g, t) <= 255 &&
			                  len_of(g, t) <= 3 && (k == 0 || !spaced(g, t))
			                : guard_tok_punct(g, t, '.') && !spaced(g, t);
		}
		if (ok) {
			emit(ctx, g->t[i].start, g->t[i + 6].end);
			i += 6;
		}
	}
}

bool guard_numbers_ready(void)
{
	return guard_list_ready(code_words, N(code_words)) &&
	       guard_list_ready(digit_words, N(digit_words)) &&
	       guard_list_ready(age_units, N(age_units)) &&
	       guard_list_ready(age_before, N(age_before)) &&
	       guard_list_ready(age_people, N(age_people)) &&
	       guard_list_ready(amount_words, N(amount_words)) &&
	       guard_list_ready(temperature_words, N(temperature_words)) &&
	       guard_list_ready(postcode_words, N(postcode_words)) &&
	       guard_list_ready(plate_words, N(plate_words));
}
