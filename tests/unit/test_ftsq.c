/* test_ftsq.c: search input becomes a safe FTS5 expression, whatever was typed; the words
 * it looks for are marked in a passage of the result (snippet.c). */
#include <stdlib.h>
#include <string.h>

#include "ftsq.h"
#include "limits.h"
#include "snippet.h"
#include "tap.h"

static int is(const char *q, const char *want)
{
	char *got = ftsq_build(q);
	int ok = want ? got && strcmp(got, want) == 0 : got == NULL;
	if (!ok)
		printf("# ftsq_build(\"%s\") = %s, want %s\n", q, got ? got : "NULL", want ? want : "NULL");
	free(got);
	return ok;
}

static void words_are_quoted_and_joined_by_and(void)
{
	CHECK(is("gift card", "\"gift\" AND \"card\""));
	CHECK(is("  Ça   va ", "\"Ça\" AND \"va\""));
}

static void fts_syntax_is_only_text(void)
{
	CHECK(is("NEAR(a b", "\"NEAR\" AND \"a\" AND \"b\""));
	CHECK(is("title:x AND y NOT z", "\"title\" AND \"x\" AND \"AND\" AND \"y\" AND \"NOT\" AND \"z\""));
	CHECK(is("NOT(x) AND", "\"NOT\" AND \"x\" AND \"AND\""));
	CHECK(is("^start (x) {a b}", "\"start\" AND \"x\" AND \"a\" AND \"b\""));
	CHECK(is("a\" b", "\"a\" AND \"b\""));
}

static void balanced_quotes_make_phrases(void)
{
	CHECK(is("\"friend request\" patient", "\"friend\"+\"request\" AND \"patient\""));
	CHECK(is("\"unbalanced quote", "\"unbalanced\" AND \"quote\""));
}

static void star_makes_a_prefix(void)
{
	CHECK(is("gif*", "\"gif\"*"));
	CHECK(is("*", NULL));
	CHECK(is("***", NULL));
}

static void or_joins_terms(void)
{
	CHECK(is("gift OR card", "(\"gift\" OR \"card\")"));
	CHECK(is("gift OR card OR cash thanks", "(\"gift\" OR \"card\" OR \"cash\") AND \"thanks\""));
	CHECK(is("a b OR c", "\"a\" AND (\"b\" OR \"c\")"));
	CHECK(is("\"thank you\" OR gif*", "(\"thank\"+\"you\" OR \"gif\"*)"));
	CHECK(is("gift or card", "\"gift\" AND \"or\" AND \"card\""));
	CHECK(is("OR gift OR", "\"gift\""));
	CHECK(is("gift OR OR card", "(\"gift\" OR \"card\")"));
	CHECK(is("OR", NULL));
	CHECK(is("OR*", "\"OR\"*"));
}

static void minus_leaves_out(void)
{
	CHECK(is("gift -card", "(\"gift\") NOT (\"card\")"));
	CHECK(is("-card gift -\"gift card\" -cas*", "(\"gift\") NOT (\"card\" OR \"gift\"+\"card\" OR \"cas\"*)"));
	CHECK(is("a OR b -c", "((\"a\" OR \"b\")) NOT (\"c\")"));
	CHECK(is("a OR -c", "(\"a\") NOT (\"c\")"));
	CHECK(is("-c OR a", "(\"a\") NOT (\"c\")"));
	CHECK(is("well-known", "\"well\" AND \"known\""));
	CHECK(is("gift - card", "\"gift\" AND \"card\""));
	CHECK(is("-card", NULL));
	CHECK(is("-card -\"gift\"", NULL));
	CHECK(is("a --card", "(\"a\") NOT (\"card\")"));
}

static void punctuation_alone_is_no_query(void)
{
	CHECK(is("", NULL));
	CHECK(is("\"\"()*:^-+", NULL));
}

static void long_input_is_capped(void)
{
	char *q = malloc(20001);
	for (int i = 0; i < 20000; i++)
		q[i] = i % 3 == 2 ? ' ' : 'x';
	q[20000] = '\0';
	char *got = ftsq_build(q);
	CHECK(got != NULL);
	int terms = 0;
	for (const char *p = got; p && *p; p++)
		terms += *p == '"';
	CHECK(terms == 2 * SEARCH_MAX_TERMS);
	free(got);
	memset(q, 'y', 20000);
	got = ftsq_build(q);
	CHECK(got && strlen(got) == SEARCH_MAX_TERM_BYTES + 2);
	free(got);
	free(q);
}

/* The snippet of text for query q, markers shown as [ ] ("NULL" when none). */
static int snip_is(const char *q, const char *text, const char *want)
{
	char *words[SEARCH_MAX_TERMS];
	int n = ftsq_words(q, words);
	char *got = snippet_make(text, words, n);
	for (int i = 0; i < n; i++)
		free(words[i]);
	for (char *p = got; p && *p; p++)
		*p = *p == '\x01' ? '[' : *p == '\x02' ? ']' : *p;
	int ok = strcmp(got ? got : "NULL", want) == 0;
	if (!ok)
		printf("# snippet(\"%s\") = %s, want %s\n", q, got ? got : "NULL", want);
	free(got);
	return ok;
}

static void words_are_marked_in_a_passage(void)
{
	CHECK(snip_is("gift", "A Gift card and gifts.", "A [Gift] card and [gifts]."));
	CHECK(snip_is("patients", "my patient said", "my [patient] said"));
	CHECK(snip_is("gif* -card \"thank you\"", "thank you for the card and gift",
	              "[thank] [you] for the card and [gift]"));
	CHECK(snip_is("gift", "nothing here", "NULL"));
	CHECK(snip_is("w30", "w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20"
	              " w21 w22 w23 w24 w25 w26 w27 w28 w29 w30 w31 w32 w33 w34 w35 w36 w37 w38 w39 w40",
	              "…w24 w25 w26 w27 w28 w29 [w30] w31 w32 w33 w34 w35 w36 w37 w38 w39 w40"));
	char *start = snippet_start("one two three");
	CHECK(strcmp(start, "one two three") == 0);
	free(start);
}

int main(void)
{
	RUN(words_are_quoted_and_joined_by_and);
	RUN(fts_syntax_is_only_text);
	RUN(balanced_quotes_make_phrases);
	RUN(star_makes_a_prefix);
	RUN(or_joins_terms);
	RUN(minus_leaves_out);
	RUN(punctuation_alone_is_no_query);
	RUN(long_input_is_capped);
	RUN(words_are_marked_in_a_passage);
	return DONE();
}
