/* test_ratelimit.c: attempts are counted per handle (any case) and per client, refused past
 * the limit with a wait, and allowed again when the window has passed. */
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

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	RUN(past_the_limit_waits);
	RUN(the_window_resets);
	RUN(kinds_are_separate);
	return DONE();
}
