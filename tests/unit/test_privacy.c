/* test_privacy.c: the privacy guard against its corpus of clinical and everyday sentences,
 * and the passages and highlighting it reports. */
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "privacy.h"
#include "tap.h"

#define CORPUS "tests/unit/privacy_corpus.txt"

static const char *corpus_path = CORPUS;
static int positives, negatives;

/* True when text triggers `rule` (or any rule when rule is NULL). */
static int triggers(const char *text, const char *rule)
{
	struct privacy_hit hits[PRIVACY_MAX_PASSAGES];
	size_t n = privacy_scan(text, hits, PRIVACY_MAX_PASSAGES);
	for (size_t i = 0; i < n; i++)
		if (!rule || strcmp(hits[i].rule->name, rule) == 0)
			return 1;
	return 0;
}

static void rules_compile(void)
{
	CHECK(privacy_init() == 0);
}

/* Each "+RULE sentence" line triggers RULE; each "- sentence" line triggers nothing. */
static void corpus_passes(void)
{
	FILE *f = fopen(corpus_path, "r");
	CHECK(f != NULL);
	if (!f)
		return;
	char line[2048];
	int lineno = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '+') {
			char *sp = strchr(line, ' ');
			CHECK(sp != NULL);
			if (!sp)
				continue;
			*sp = '\0';
			positives++;
			if (!triggers(sp + 1, line + 1)) {
				printf("# line %d: %s did not trigger: %s\n", lineno, line + 1, sp + 1);
				tap_cur_failed = 1;
			}
		} else if (line[0] == '-' && line[1] == ' ') {
			negatives++;
			struct privacy_hit hits[PRIVACY_MAX_PASSAGES];
			size_t n = privacy_scan(line + 2, hits, PRIVACY_MAX_PASSAGES);
			if (n) {
				printf("# line %d: %s triggered on \"%.*s\": %s\n", lineno, hits[0].rule->name,
				       (int)(hits[0].end - hits[0].start), line + 2 + hits[0].start, line + 2);
				tap_cur_failed = 1;
			}
		}
	}
	fclose(f);
}

static void corpus_is_big_enough(void)
{
	CHECK(positives >= 40);
	CHECK(negatives >= 40);
}

static void passages_name_the_matched_bytes(void)
{
	const char *text = "Mrs. Lopez in bed 4B, DOB 03/14/1951.";
	json_t *p = privacy_passages(text);
	CHECK(json_array_size(p) >= 2);
	int saw_dob = 0;
	size_t i;
	json_t *v;
	json_array_foreach(p, i, v) {
		const char *rule = json_string_value(json_object_get(v, "rule"));
		const char *t = json_string_value(json_object_get(v, "text"));
		CHECK(json_string_value(json_object_get(v, "why")) != NULL);
		if (strcmp(rule, "date") == 0) {
			saw_dob = 1;
			CHECK(strcmp(t, "03/14/1951") == 0);
			CHECK(json_integer_value(json_object_get(v, "start")) == 26);
		}
	}
	CHECK(saw_dob);
	json_decref(p);
}

static void clean_text_has_no_passages(void)
{
	json_t *p = privacy_passages("A patient in room 12 asked for my number.");
	CHECK(json_array_size(p) == 0);
	json_decref(p);
}

static void highlight_marks_and_escapes(void)
{
	const char *text = "<b>call</b> 555-201-3344 & bye";
	json_t *p = privacy_passages(text);
	char *html = privacy_highlight_html(text, p);
	CHECK(strcmp(html, "&lt;b&gt;call&lt;/b&gt; <mark>555-201-3344</mark> &amp; bye") == 0);
	free(html);
	json_decref(p);
}

static void post_passages_mark_the_title_and_highlight_apart(void)
{
	const char *title = "Call 555-201-3344 about this";
	const char *body = "Her email is jane.doe@example.com.";
	json_t *p = privacy_post_passages(title, body);
	CHECK(json_array_size(p) == 2);
	json_t *first = json_array_get(p, 0), *second = json_array_get(p, 1);
	CHECK(strcmp(json_string_value(json_object_get(first, "field")), "title") == 0);
	CHECK(strcmp(json_string_value(json_object_get(first, "text")), "555-201-3344") == 0);
	CHECK(json_integer_value(json_object_get(first, "start")) == 5);
	CHECK(json_object_get(second, "field") == NULL);
	char *t = privacy_highlight_title_html(title, p);
	char *b = privacy_highlight_html(body, p);
	CHECK(strcmp(t, "Call <mark>555-201-3344</mark> about this") == 0);
	CHECK(strcmp(b, "Her email is <mark>jane.doe@example.com</mark>.") == 0);
	free(t);
	free(b);
	json_decref(p);
	p = privacy_post_passages(NULL, "Nothing to see in room 12.");
	CHECK(json_array_size(p) == 0);
	json_decref(p);
}

static void quote_attributions_are_not_scanned(void)
{
	/* a handle or alias that reads like a name, in the attribution forumd writes */
	const char *md = "> Say no kindly.\n>\n> [\xE2\x80\x94 from kelsey.ruiz's post](/d/3#p9)\n\n"
	                 "I agree with this.";
	json_t *p = privacy_passages(md);
	CHECK(json_array_size(p) == 0);
	json_decref(p);
	/* the same name written by the author, or in a line that is no attribution */
	p = privacy_passages("I agree with Kelsey Ruiz on this.");
	CHECK(json_array_size(p) == 1);
	json_decref(p);
	p = privacy_passages("> [\xE2\x80\x94 from Kelsey Ruiz's post](https://example.org/)");
	CHECK(json_array_size(p) == 1);
	json_decref(p);
}

static void only_forumds_own_attributions_are_skipped(void)
{
	/* the shape, with an identifier where the handle goes: scanned */
	json_t *p = privacy_passages("> [\xE2\x80\x94 from Jane Doe 0412 345 678's post](/d/1#p1)");
	CHECK(json_array_size(p) >= 1);
	json_decref(p);
	/* a browser's CRLF after a real one: still skipped */
	p = privacy_passages("> Say no kindly.\r\n>\r\n> [\xE2\x80\x94 from Kelsey Ruiz's post](/d/3#p9)\r\n"
	                     "\r\nI agree.");
	CHECK(json_array_size(p) == 1);   /* "Kelsey Ruiz": two words, not "Anonymous" + one */
	json_decref(p);
	p = privacy_passages("> [\xE2\x80\x94 from Anonymous Robin's post](/d/3#p9)\r\nI agree.");
	CHECK(json_array_size(p) == 0);
	json_decref(p);
}

/* Passages cut by a pattern's window never split a UTF-8 character (they become JSON). */
static void passages_are_whole_characters(void)
{
	char text[400] = "https://www.facebook.com/";
	for (int i = 0; i < 60; i++)
		strcat(text, "\xC3\xA9");
	json_t *p = privacy_passages(text);
	CHECK(json_array_size(p) == 1);
	json_decref(p);
}

/* Inputs that once took time quadratic in their length (a hospital word, "double,", dashed
 * and slashed numbers repeated): each is scanned whole, its passages inside the text and in
 * order. Their scan times are printed by ops/bench-guard.sh ("hostile inputs"). */
static void long_repetitions_are_scanned(void)
{
	static const char *const units[] = { "Ed ", "double,", "1-", "1/1/2000 ", "BD51 " };
	for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
		size_t n = strlen(units[u]), len = 0;
		char *text = malloc(20001);
		while (len + n <= 20000) {
			memcpy(text + len, units[u], n);
			len += n;
		}
		text[len] = '\0';
		struct privacy_hit hits[PRIVACY_MAX_PASSAGES];
		size_t found = privacy_scan(text, hits, PRIVACY_MAX_PASSAGES);
		CHECK(found <= PRIVACY_MAX_PASSAGES);
		for (size_t k = 0; k < found; k++) {
			CHECK(hits[k].start < hits[k].end && hits[k].end <= len);
			CHECK(k == 0 || hits[k - 1].start <= hits[k].start);
		}
		free(text);
	}
}

static void many_passages_are_capped(void)
{
	char text[8192] = "";
	for (int i = 0; i < 100; i++)
		strcat(text, "555-201-3344 ");
	struct privacy_hit hits[PRIVACY_MAX_PASSAGES];
	CHECK(privacy_scan(text, hits, 5) == 5);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		corpus_path = argv[1];
	RUN(rules_compile);
	RUN(corpus_passes);
	RUN(quote_attributions_are_not_scanned);
	RUN(only_forumds_own_attributions_are_skipped);
	RUN(passages_are_whole_characters);
	RUN(long_repetitions_are_scanned);
	RUN(corpus_is_big_enough);
	RUN(passages_name_the_matched_bytes);
	RUN(clean_text_has_no_passages);
	RUN(highlight_marks_and_escapes);
	RUN(post_passages_mark_the_title_and_highlight_apart);
	RUN(many_passages_are_capped);
	return DONE();
}
