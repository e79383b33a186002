/* test_session.c: browser families from User-Agent strings, handle rules, @handles. */
#include <stdio.h>
#include <string.h>

#include "handle.h"
#include "session.h"
#include "tap.h"

static void browser_families(void)
{
	CHECK(!strcmp(session_browser("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"), "Firefox"));
	CHECK(!strcmp(session_browser("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"), "Chrome"));
	CHECK(!strcmp(session_browser("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0"), "Edge"));
	CHECK(!strcmp(session_browser("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"), "Safari"));
	CHECK(!strcmp(session_browser("curl/8.0"), "Other"));
	CHECK(!strcmp(session_browser(NULL), "Other"));
}

static void handle_rules(void)
{
	CHECK(handle_problem("NightNurse7") == NULL);
	CHECK(handle_problem("ab") != NULL);
	CHECK(handle_problem("abcdefghijklmnopqrstuvwxy") != NULL);   /* 25 */
	CHECK(handle_problem("bad handle") != NULL);
	CHECK(handle_problem("héllo") != NULL);
	CHECK(handle_problem("Admin") != NULL);
	CHECK(handle_problem("mod-erator") != NULL);
	CHECK(handle_problem("Anonymous_Heron") != NULL);
	CHECK(handle_problem("staff_nurse") != NULL);
	CHECK(handle_problem("sys") == NULL);
}

/* The handles named in text, as "start-end" pairs joined by spaces. */
static const char *mentions_of(const char *text)
{
	static char out[256];
	struct handle_mention m[4];
	size_t n = handle_mentions(text, m, 4), used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(out + used, sizeof out - used, "%s%zu-%zu", i ? " " : "",
		                         m[i].start, m[i].end);
	return out;
}

static void mentions_in_text(void)
{
	CHECK(!strcmp(mentions_of("@kim_rn I agree"), "0-7"));
	CHECK(!strcmp(mentions_of("Thanks, @kim_rn."), "8-15"));
	CHECK(!strcmp(mentions_of("(@ab) @abc"), "6-10"));                    /* 2 chars: none */
	CHECK(!strcmp(mentions_of("mail kim@example.org"), ""));              /* an email */
	CHECK(!strcmp(mentions_of("@abcdefghijklmnopqrstuvwxy"), ""));        /* 25: none */
	CHECK(!strcmp(mentions_of("@a1c @b2d @c3e @d4f @e5g"), "0-4 5-9 10-14 15-19"));   /* max 4 */
	CHECK(!strcmp(mentions_of("@ @@ end@"), ""));
}

int main(void)
{
	RUN(browser_families);
	RUN(handle_rules);
	RUN(mentions_in_text);
	return DONE();
}
