/* test_timefmt.c: dates typed into a search form become the UTC midnight that starts them. */
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

int main(void)
{
	RUN(dates_become_midnights);
	RUN(anything_else_is_refused);
	return DONE();
}
