/* test_timefmt.c: dates typed into a search form become the UTC midnight that starts them;
 * the relative-time watch names the very second a page's "3 hours ago" stops being true. */
#include <string.h>
#include <time.h>

#include "tap.h"
#include "timefmt.h"

static int date_is(const char *s, time_t want)
{
	time_t got = 0;
	return time_parse_date(s, &got) == 0 && got == want;
}

static int refused(const char *s)
{
	time_t got = 0;
	return time_parse_date(s, &got) == -1;
}

static void dates_become_midnights(void)
{
	CHECK(date_is("1970-01-01", 0));
	CHECK(date_is("2024-02-29", 1709164800));
	CHECK(date_is("2026-12-03", 1796256000));
	CHECK(date_is("2000-03-01", 951868800));
}

static void anything_else_is_refused(void)
{
	CHECK(refused("2025-02-29"));
	CHECK(refused("1900-02-28"));
	CHECK(refused("2024-13-01"));
	CHECK(refused("2024-04-31"));
	CHECK(refused("2024-4-01"));
	CHECK(refused("2024-04-01 "));
	CHECK(refused("2024/04/01"));
	CHECK(refused("+024-04-01"));
	CHECK(refused(""));
	CHECK(refused(NULL));
}

static void shown(char *ago, time_t now, time_t t, bool coarse)
{
	char iso[TIME_ISO_LEN];
	time_shown(iso, ago, 40, now, t, coarse);
}

/* The watch's deadline for one time shown at now: the text is the same every second
 * before it (checked second by second up to a day ahead, else at its ends) and differs at it. */
static int deadline_exact(time_t now, time_t t, bool coarse)
{
	char first[40], later[40];
	time_watch_start(&now);
	shown(first, now, t, coarse);
	time_t until = time_watch_end(&now);
	if (until == TIME_NEVER) {
		shown(later, now + 400 * 86400, t, coarse);
		return strcmp(first, later) == 0;
	}
	if (until <= now)
		return 0;
	time_t step = until - now <= 86400 ? 1 : until - now - 1;
	for (time_t at = now + step; at < until; at += step) {
		shown(later, at, t, coarse);
		if (strcmp(first, later) != 0)
			return 0;
	}
	shown(later, until, t, coarse);
	return strcmp(first, later) != 0;
}

static void the_watch_ends_when_the_text_changes(void)
{
	const time_t t = 1796256000 + 3 * 3600 + 17 * 60 + 41;  /* not on a minute or hour */
	const long ages[] = { -30, 0, 1, 59, 60, 61, 119, 3599, 3600, 3601, 7300, 86399, 86400,
	                      86401, 2 * 86400 - 1, 2 * 86400, 5 * 86400 + 7, 30 * 86400 - 1,
	                      30 * 86400, 400 * 86400 };
	for (size_t i = 0; i < sizeof ages / sizeof ages[0]; i++) {
		CHECK(deadline_exact(t + ages[i], t, false));
		CHECK(deadline_exact(t + ages[i], t, true));
	}
}

static void the_soonest_change_wins_and_a_replaced_watch_says_so(void)
{
	int a, b;
	char ago[40];
	time_watch_start(&a);
	time_ago(ago, sizeof ago, 10000, 10000 - 7300);  /* "2 hours ago" until 10000 + 3500 */
	time_ago(ago, sizeof ago, 10000, 10000 - 30);    /* "just now" until 10030 */
	CHECK(time_watch_end(&a) == 10030);
	time_watch_start(&a);
	time_watch_start(&b);
	CHECK(time_watch_end(&a) == 0);
	CHECK(time_watch_end(&b) == TIME_NEVER);
}

int main(void)
{
	RUN(the_watch_ends_when_the_text_changes);
	RUN(the_soonest_change_wins_and_a_replaced_watch_says_so);
	RUN(dates_become_midnights);
	RUN(anything_else_is_refused);
	return DONE();
}
