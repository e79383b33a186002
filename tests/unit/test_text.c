/* test_text.c: user-text validation: UTF-8, NUL, control, bidi and non-characters, lengths;
 * counts in words. */
#include <string.h>

#include "tap.h"
#include "text.h"

#define CLEAN(s, ml) text_is_clean(s, sizeof(s) - 1, ml)

static void plain_and_unicode_text_is_clean(void)
{
	CHECK(CLEAN("A patient asked for my number", false));
	CHECK(CLEAN("Ça va — naïve café, 看护, 👩‍⚕️", false));
	CHECK(CLEAN("tab\tinside", false));
}

static void newlines_only_when_multiline(void)
{
	CHECK(CLEAN("line one\r\nline two\n", true));
	CHECK(!CLEAN("line one\nline two", false));
}

static void nul_and_controls_are_refused(void)
{
	CHECK(!CLEAN("a\0b", true));
	CHECK(!CLEAN("bell\a", true));
	CHECK(!CLEAN("esc\x1b[31m", true));
	CHECK(!CLEAN("del\x7f", true));
	CHECK(!CLEAN("c1\xc2\x85", true));
}

static void invalid_utf8_is_refused(void)
{
	CHECK(!CLEAN("\xff", false));
	CHECK(!CLEAN("\xc3", false));              /* truncated */
	CHECK(!CLEAN("\xc0\xaf", false));          /* overlong '/' */
	CHECK(!CLEAN("\xe0\x80\xaf", false));      /* overlong */
	CHECK(!CLEAN("\xed\xa0\x80", false));      /* surrogate */
	CHECK(!CLEAN("\xf4\x90\x80\x80", false));  /* past U+10FFFF */
	CHECK(!CLEAN("\x80", false));              /* lone continuation */
}

static void bidi_overrides_are_refused(void)
{
	CHECK(!CLEAN("admin\xe2\x80\xae" "gpj.exe", false)); /* U+202E */
	CHECK(!CLEAN("x\xe2\x81\xa6y", false));             /* U+2066 */
}

/* Non-characters make every XML copy of the text invalid (an Atom feed, for every reader). */
static void noncharacters_are_refused(void)
{
	CHECK(!CLEAN("a\xef\xbf\xbf" "b", true));       /* U+FFFF */
	CHECK(!CLEAN("a\xef\xbf\xbe" "b", true));       /* U+FFFE */
	CHECK(!CLEAN("a\xef\xb7\x90" "b", true));       /* U+FDD0 */
	CHECK(!CLEAN("a\xef\xb7\xaf" "b", true));       /* U+FDEF */
	CHECK(!CLEAN("a\xf0\x9f\xbf\xbe" "b", true));   /* U+1FFFE */
	CHECK(!CLEAN("a\xf4\x8f\xbf\xbf" "b", true));   /* U+10FFFF */
	CHECK(CLEAN("a\xef\xb7\xb0" "b", true));        /* U+FDF0: a real character */
	CHECK(CLEAN("a\xef\xbf\xbd" "b", true));        /* U+FFFD */
	/* a password may hold them: one chosen before they were refused still signs in */
	CHECK(text_is_clean_secret("pass\xef\xbf\xbfword", 11));
	CHECK(!text_is_clean_secret("pass\x01word", 9));
}

static void chars_count_code_points(void)
{
	CHECK(text_chars("abc", 3) == 3);
	CHECK(text_chars("café", strlen("café")) == 4);
	CHECK(text_chars("看护", strlen("看护")) == 2);
	CHECK(text_chars("", 0) == 0);
}

static void counts_agree_with_their_noun(void)
{
	char out[32];
	text_count(out, sizeof out, 1, "pick", "picks");
	CHECK(strcmp(out, "1 pick") == 0);
	text_count(out, sizeof out, 2, "pick", "picks");
	CHECK(strcmp(out, "2 picks") == 0);
	text_count(out, sizeof out, 0, "thread", "threads");
	CHECK(strcmp(out, "0 threads") == 0);
	text_count(out, 6, 12345, "day", "days");
	CHECK(strcmp(out, "12345") == 0);   /* cut short, still terminated */
}

int main(void)
{
	RUN(counts_agree_with_their_noun);
	RUN(plain_and_unicode_text_is_clean);
	RUN(newlines_only_when_multiline);
	RUN(nul_and_controls_are_refused);
	RUN(invalid_utf8_is_refused);
	RUN(bidi_overrides_are_refused);
	RUN(noncharacters_are_refused);
	RUN(chars_count_code_points);
	return DONE();
}
