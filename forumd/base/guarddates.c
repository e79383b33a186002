/* guarddates.c: dates tied to a person, and a hospital with a date (guarddates.h), over the
 * post's tokens. A date is "14/02/2024", "6/18", "12-Nov-49", "2024-02-14", "March 3rd
 * 2023", "the 2nd of june", "21st Dec"; what ties it to a person is an event word within a
 * few tokens ("admitted", "born", "died", "d/c", "surgery"). */
#include "guarddates.h"

#include <string.h>

#define N(a) (sizeof (a) / sizeof (a)[0])
#define EVENT_BEFORE 7     /* tokens before a date an event word may stand */
#define EVENT_AFTER 4

static const char *const months[] = {
	"apr", "april", "aug", "august", "dec", "december", "feb", "february", "jan", "january",
	"jul", "july", "jun", "june", "mar", "march", "may", "nov", "november", "oct", "october",
	"sep", "sept", "september",
};

/* Words of a person's life a date is tied to. Sorted. */
static const char *const events[] = {
	"adm", "admission", "admit", "admitted", "amputation", "anniversary", "appendectomy",
	"appendicectomy", "arrested", "bday", "birth", "birthday", "birthed", "born", "buried",
	"bypass", "c-section", "cabg", "chole", "coded", "d/c", "dc", "dcd", "death",
	"deceased", "delivered", "died", "discharge", "discharged", "dob", "dod", "extubated",
	"fall", "fell", "funeral", "hysterectomy", "induced", "induction", "intubated", "lscs",
	"mastectomy", "mi", "od", "op", "operation", "overdose", "passed", "passing",
	"postpartum", "procedure", "readmitted", "stroke", "surgery", "thr", "tkr",
	"transferred", "transplant", "turned", "turning", "turns",
};

static bool is_num(const struct guard_text *g, size_t i)
{
	return i < g->n && g->t[i].kind == TOK_NUM;
}

static long value(const struct guard_text *g, size_t i)
{
	return guard_tok_value(g, i, 4);
}

static bool tight(const struct guard_text *g, size_t i)
{
	return i < g->n && !(g->t[i].flags & TOK_SPACE);
}

static const char *const ordinal_suffixes[] = { "nd", "rd", "st", "th" };

static bool ordinal(const struct guard_text *g, size_t i)
{
	return tight(g, i) && guard_tok_in(g, i, ordinal_suffixes, N(ordinal_suffixes));
}

/* Days written as words. Sorted. */
static const char *const ordinal_words[] = {
	"eighteenth", "eighth", "eleventh", "fifteenth", "fifth", "first", "fourteenth",
	"fourth", "nineteenth", "ninth", "second", "seventeenth", "seventh", "sixteenth",
	"sixth", "tenth", "third", "thirteenth", "thirtieth", "thirty-first", "twelfth",
	"twentieth", "twenty-eighth", "twenty-fifth", "twenty-first", "twenty-fourth",
	"twenty-ninth", "twenty-second", "twenty-seventh", "twenty-sixth", "twenty-third",
};

/* A day number at i ("3", "3rd", "fifth"): returns the token after it, or 0. */
static size_t day_at(const struct guard_text *g, size_t i)
{
	if (guard_tok_in(g, i, ordinal_words, N(ordinal_words)))
		return i + 1;   /* "the fifth of June", "the twenty-first of June" */
	long d = value(g, i);
	if (d < 1 || d > 31)
		return 0;
	return ordinal(g, i + 1) ? i + 2 : i + 1;
}

/* A four- or two-digit year at i (after a space or an apostrophe): the token after it. */
static size_t year_at(const struct guard_text *g, size_t i)
{
	if (guard_tok_punct(g, i, ',') )
		i++;
	long y = value(g, i);
	size_t len = is_num(g, i) ? g->t[i].end - g->t[i].start : 0;
	return (len == 4 && y >= 1900 && y <= 2099) || (len == 2 && y >= 0) ? i + 1 : 0;
}

/* Units after a pair of numbers that make it an amount or a range, not a date. Sorted. */
static const char *const amount_units[] = {
	"am", "bpm", "breaths", "cm", "days", "g", "h", "hourly", "hours", "hr", "hrly", "hrs",
	"kg", "l", "lpm", "mcg", "meq", "mg", "min", "mins", "minutes", "ml", "mls", "mm",
	"mmhg", "mmol", "months", "pm", "times", "u", "units", "weeks", "wks", "x", "years", "yrs",
};

/* Words a score out of ten follows within three words: "pain was 6/10". Sorted. */
static const char *const score_words[] = { "pain", "rated", "rates", "score", "scored",
	"scores" };

static bool scored(const struct guard_text *g, size_t i)
{
	for (size_t k = i >= 3 ? i - 3 : 0; k < i; k++)
		if (guard_tok_in(g, k, score_words, N(score_words)))
			return true;
	return false;
}

/* The date starting at token i: returns the token after it (0: none); *year_four when it
 * has a four-digit year in the 1900s (a birth date, alone). */
static size_t date_at(const struct guard_text *g, size_t i, bool *nineteen)
{
	*nineteen = false;
	size_t j, k;
	/* numeric: d/m[/y], d-m-y, d.m.y, yyyy-mm-dd */
	if (is_num(g, i) && i + 2 < g->n && g->t[i + 1].kind == TOK_PUNCT && tight(g, i + 1) &&
	    strchr("/-.", g->s[g->t[i + 1].start]) && is_num(g, i + 2) && tight(g, i + 2)) {
		char sep = g->s[g->t[i + 1].start];
		long a = value(g, i), b = value(g, i + 2);
		size_t alen = g->t[i].end - g->t[i].start;
		if (alen == 4 && sep == '-' && guard_tok_punct(g, i + 3, '-') && is_num(g, i + 4)) {
			*nineteen = a >= 1900 && a <= 1999;
			return b >= 1 && b <= 12 ? i + 5 : 0;
		}
		if (a < 1 || b < 1 || a > 31 || b > 31 || (a > 12 && b > 12) || alen > 2)
			return 0;
		if (guard_tok_punct(g, i + 3, sep) && tight(g, i + 3) && is_num(g, i + 4) &&
		    tight(g, i + 4)) {
			long y = value(g, i + 4);
			*nineteen = y >= 1900 && y <= 1999;
			return i + 5;
		}
		/* "6/18"; "3.5" is a number, "8-10 mmol" and "2/7 days" are amounts, "pain was
		 * 6/10" a score */
		return sep == '.' || guard_tok_in(g, i + 3, amount_units, N(amount_units)) ||
		       guard_tok_punct(g, i + 3, '%') || (b == 10 && sep == '/' && scored(g, i)) ? 0 : i + 3;
	}
	/* "12-Nov-49" */
	if (is_num(g, i) && guard_tok_punct(g, i + 1, '-') && guard_tok_in(g, i + 2, months, N(months)) &&
	    guard_tok_punct(g, i + 3, '-') && is_num(g, i + 4))
		return i + 5;
	/* "the 2nd of june", "21st Dec 2024", "14 March" */
	if ((j = day_at(g, i)) && guard_tok_is(g, j, "of"))
		j++;
	if (j && guard_tok_in(g, j, months, N(months))) {
		k = year_at(g, j + 1);
		if (k)
			*nineteen = value(g, k - 1) >= 1900 && value(g, k - 1) <= 1999;
		return k ? k : j + 1;
	}
	/* "March 3rd 2023", "march 3" */
	if (guard_tok_in(g, i, months, N(months)) && (j = day_at(g, i + 1))) {
		k = year_at(g, j);
		if (k)
			*nineteen = value(g, k - 1) >= 1900 && value(g, k - 1) <= 1999;
		return k ? k : j;
	}
	return 0;
}

/* "d/o/b", "d.o.b", "d/c": an event written with marks. */
static bool marked_event(const struct guard_text *g, size_t i)
{
	return guard_tok_is(g, i, "d") && i + 2 < g->n && g->t[i + 1].kind == TOK_PUNCT &&
	       (guard_tok_is(g, i + 2, "o") || guard_tok_is(g, i + 2, "c") ||
	        guard_tok_is(g, i + 2, "c'd") || guard_tok_is(g, i + 2, "c’d"));
}

static bool event_near(const struct guard_text *g, size_t start, size_t end)
{
	size_t from = start > EVENT_BEFORE ? start - EVENT_BEFORE : 0;
	for (size_t k = from; k < g->n && k < end + EVENT_AFTER; k++)
		if (guard_tok_in(g, k, events, N(events)) || marked_event(g, k))
			return true;
	return false;
}

/* Words for a person: a full date in a sentence with one of them is that person's
 * ("his lap chole was on 11 Oct 2023"). Sorted. */
static const char *const person_words[] = {
	"baby", "boyfriend", "brother", "dad", "daughter", "fam", "family", "girlfriend", "grandma",
	"grandpa", "he", "her", "him", "his", "husband", "mom", "mum", "nan", "partner",
	"patient", "pt", "pts", "resident", "she", "sister", "son", "wife",
};

/* True when the date [i, end) has a four-digit year (and so a day and a month too). */
static bool full_year(const struct guard_text *g, size_t i, size_t end)
{
	for (size_t k = i; k < end; k++)
		if (is_num(g, k) && g->t[k].end - g->t[k].start == 4 && value(g, k) >= 1900 &&
		    value(g, k) <= 2099 && k > i)
			return true;
	return false;
}

/* 1 when the sentence holding token i names a person by one of person_words, else 0; sets
 * *end to the token after the sentence. */
static int person_in_sentence(const struct guard_text *g, size_t i, size_t *end)
{
	size_t a = i, b = i + 1;
	while (a > 0 && !(g->t[a].flags & TOK_SENTENCE))
		a--;
	while (b < g->n && !(g->t[b].flags & TOK_SENTENCE))
		b++;
	*end = b;
	for (size_t k = a; k < b; k++)
		if (guard_tok_in(g, k, person_words, N(person_words)))
			return 1;
	return 0;
}

void guard_dates(const struct guard_text *g, guard_emit emit, void *ctx)
{
	size_t sentence_end = 0;
	int person = -1;               /* the current sentence's: unknown, no, yes */
	for (size_t i = 0; i < g->n; i++) {
		if (i >= sentence_end)
			person = -1;
		bool nineteen;
		size_t end = date_at(g, i, &nineteen);
		if (!end)
			continue;
		bool full = full_year(g, i, end);
		if (full && person < 0)    /* worked out once a sentence: stays linear */
			person = person_in_sentence(g, i, &sentence_end);
		if (nineteen || event_near(g, i, end) || (full && person > 0)) {
			emit(ctx, g->t[i].start, g->t[end - 1].end);
			i = end - 1;
		}
	}
}

/* ---------------------------------------------------------------- a hospital and a date */

/* Words that make capitalised words a hospital's name. Sorted. */
static const char *const facility_words[] = {
	"center", "centre", "children's", "childrens", "clinic", "ed", "er", "general", "hdu",
	"health", "hospice", "hospital", "icu", "infirmary", "maternity", "medical",
	"memorial", "nicu", "paediatrics", "pediatrics", "picu", "rehab", "samaritan",
	"western", "women's", "womens",
};
static const char *const holidays[] = {
	"anzac", "boxing", "canada", "christmas", "easter", "halloween", "independence",
	"memorial", "thanksgiving", "valentine's", "valentines",
};

/* The capitalised hospital name around token i (a facility word): its first and last
 * tokens, or false. "St Vincent's Melbourne", "Auckland City Hospital", "Good Samaritan". */
static bool facility_at(const struct guard_text *g, size_t i, size_t *first, size_t *last)
{
	if (!(g->t[i].flags & TOK_CAP) || !guard_tok_in(g, i, facility_words, N(facility_words)))
		return false;
	size_t a = i, b = i;
	while (a > 0 && g->t[a - 1].kind == TOK_WORD && (g->t[a - 1].flags & TOK_CAP) && a + 4 > i)
		a--;
	while (b + 1 < g->n && g->t[b + 1].kind == TOK_WORD && (g->t[b + 1].flags & TOK_CAP) && b < i + 3)
		b++;
	if (a == b)
		return false;   /* "Hospital" alone */
	*first = a;
	*last = b;
	return true;
}

/* "St Mary's", "Royal Infirmary": a saint's or royal name is a hospital's too. */
static bool saint_at(const struct guard_text *g, size_t i, size_t *last)
{
	if (i >= g->n || !(g->t[i].flags & TOK_CAP) ||
	    !(guard_tok_is(g, i, "st") || guard_tok_is(g, i, "saint") || guard_tok_is(g, i, "royal")))
		return false;
	size_t j = guard_tok_punct(g, i + 1, '.') ? i + 2 : i + 1;
	if (j >= g->n || g->t[j].kind != TOK_WORD || !(g->t[j].flags & TOK_CAP))
		return false;
	*last = j;
	return true;
}

/* A date or a holiday somewhere in the sentence of tokens [from, to). */
static bool dated(const struct guard_text *g, size_t from, size_t to)
{
	for (size_t k = from; k < to; k++) {
		bool nineteen;
		if (date_at(g, k, &nineteen) || guard_tok_in(g, k, holidays, N(holidays)) ||
		    (guard_tok_in(g, k, months, N(months)) && (g->t[k].flags & TOK_CAP) &&
		     (is_num(g, k + 1) || (k > 0 && is_num(g, k - 1)))))
			return true;
	}
	return false;
}

void guard_facility_dates(const struct guard_text *g, guard_emit emit, void *ctx)
{
	size_t sentence = 0, end = 0;
	int has_date = -1;             /* the current sentence's: unknown, no, yes */
	for (size_t i = 0; i < g->n; i++) {
		if ((g->t[i].flags & TOK_SENTENCE) && i >= end) {
			sentence = i;
			has_date = -1;
		}
		size_t first = i, last;
		if (!facility_at(g, i, &first, &last) && !saint_at(g, i, &last))
			continue;
		if (has_date < 0) {        /* worked out once a sentence: "Ed Ed Ed ..." stays linear */
			end = last + 1;
			while (end < g->n && !(g->t[end].flags & TOK_SENTENCE))
				end++;
			has_date = dated(g, sentence, end);
		}
		if (has_date) {
			emit(ctx, g->t[first].start, g->t[last].end);
			i = last;
		}
	}
}

bool guard_dates_ready(void)
{
	return guard_list_ready(months, N(months)) && guard_list_ready(events, N(events)) &&
	       guard_list_ready(facility_words, N(facility_words)) &&
	       guard_list_ready(holidays, N(holidays)) &&
	       guard_list_ready(ordinal_suffixes, N(ordinal_suffixes)) &&
	       guard_list_ready(amount_units, N(amount_units)) &&
	       guard_list_ready(score_words, N(score_words)) &&
	       guard_list_ready(ordinal_words, N(ordinal_words)) &&
	       guard_list_ready(person_words, N(person_words));
}
