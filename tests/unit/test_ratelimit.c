/* test_ratelimit.c: attempts are counted per handle (any case) and per client, refused past
 * the limit with a wait, and allowed again when the window has passed. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "limits.h"
#include "ratelimit.h"
#include "tap.h"

static void past_the_limit_waits(void)
{
	ratelimit_reset();
	ratelimit_init(3, 5);
	for (int i = 0; i < 3; i++)
		CHECK(ratelimit_hit(RATE_HANDLE, "NightNurse", 10, 1000) == 0);
	int wait = ratelimit_hit(RATE_HANDLE, "nightnurse", 10, 1000);
	CHECK(wait > 0 && wait <= RATE_WINDOW_SECONDS);
	CHECK(ratelimit_hit(RATE_HANDLE, "othernurse", 10, 1000) == 0);
}

static void the_window_resets(void)
{
	ratelimit_reset();
	ratelimit_init(1, 1);
	CHECK(ratelimit_hit(RATE_CLIENT, "abc", 3, 5000) == 0);
	CHECK(ratelimit_hit(RATE_CLIENT, "abc", 3, 5001) > 0);
	CHECK(ratelimit_hit(RATE_CLIENT, "abc", 3, 5000 + RATE_WINDOW_SECONDS) == 0);
}

static void kinds_are_separate(void)
{
	ratelimit_reset();
	ratelimit_init(1, 1);
	CHECK(ratelimit_hit(RATE_CLIENT, "same", 4, 100) == 0);
	CHECK(ratelimit_hit(RATE_HANDLE, "same", 4, 100) == 0);
}

/* A check looks without counting. */
static void a_check_counts_nothing(void)
{
	ratelimit_reset();
	ratelimit_init(2, 2);
	for (int i = 0; i < 5; i++)
		CHECK(ratelimit_check(RATE_CLIENT_FAILS, "c1", 2, 100) == 0);
	CHECK(ratelimit_hit(RATE_CLIENT_FAILS, "c1", 2, 100) == 0);
	CHECK(ratelimit_hit(RATE_CLIENT_FAILS, "c1", 2, 100) == 0);
	CHECK(ratelimit_check(RATE_CLIENT_FAILS, "c1", 2, 100) > 0);
}

/* A flood of one-off keys (many times the table) displaces its own buckets, never the
 * count of a handle guessed up to its limit. */
static void a_flood_keeps_a_guessed_handles_count(void)
{
	ratelimit_reset();
	ratelimit_init(3, 1000000);
	for (int i = 0; i < 3; i++)
		CHECK(ratelimit_hit(RATE_HANDLE, "victim", 6, 200) == 0);
	char key[32];
	for (int i = 0; i < RATE_TABLE_SLOTS * 4; i++) {
		snprintf(key, sizeof key, "filler-%d", i);
		ratelimit_hit(RATE_HANDLE, key, strlen(key), 200);
	}
	CHECK(ratelimit_hit(RATE_HANDLE, "victim", 6, 200) > 0);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	RUN(past_the_limit_waits);
	RUN(the_window_resets);
	RUN(kinds_are_separate);
	RUN(a_check_counts_nothing);
	RUN(a_flood_keeps_a_guessed_handles_count);
	return DONE();
}
