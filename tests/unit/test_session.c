/* test_session.c: browser families from User-Agent strings, and handle rules. */
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

int main(void)
{
	RUN(browser_families);
	RUN(handle_rules);
	return DONE();
}
