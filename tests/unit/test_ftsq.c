/* test_ftsq.c: search input becomes a safe FTS5 expression, whatever was typed. */
#include <stdlib.h>
#include <string.h>

#include "ftsq.h"
#include "limits.h"
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

static void words_are_quoted_and_anded(void)
{
	CHECK(is("gift card", "\"gift\" \"card\""));
	CHECK(is("  Ça   va ", "\"Ça\" \"va\""));
}

static void fts_syntax_is_only_text(void)
{
	CHECK(is("NEAR(a b", "\"NEAR\" \"a\" \"b\""));
	CHECK(is("title:x OR y NOT z", "\"title\" \"x\" \"OR\" \"y\" \"NOT\" \"z\""));
	CHECK(is("^start (x) {a b}", "\"start\" \"x\" \"a\" \"b\""));
	CHECK(is("a\" b", "\"a\" \"b\""));
}

static void balanced_quotes_make_phrases(void)
{
	CHECK(is("\"friend request\" patient", "\"friend\"+\"request\" \"patient\""));
	CHECK(is("\"unbalanced quote", "\"unbalanced\" \"quote\""));
}

static void star_makes_a_prefix(void)
{
	CHECK(is("gif*", "\"gif\"*"));
	CHECK(is("*", NULL));
	CHECK(is("***", NULL));
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

int main(void)
{
	RUN(words_are_quoted_and_anded);
	RUN(fts_syntax_is_only_text);
	RUN(balanced_quotes_make_phrases);
	RUN(star_makes_a_prefix);
	RUN(punctuation_alone_is_no_query);
	RUN(long_input_is_capped);
	return DONE();
}
