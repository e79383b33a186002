/* timefmt.c: timestamps for people and for machines, and the monotonic clock. */
#include "timefmt.h"

#include <stdio.h>

void time_iso(char out[TIME_ISO_LEN], time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, TIME_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void plural(char *out, size_t outlen, long n, const char *unit)
{
	snprintf(out, outlen, "%ld %s%s ago", n, unit, n == 1 ? "" : "s");
}

void time_ago(char *out, size_t outlen, time_t now, time_t t)
{
	long d = (long)(now - t);
	if (d < 60)
		snprintf(out, outlen, "just now");
	else if (d < 3600)
		plural(out, outlen, d / 60, "minute");
	else if (d < 86400)
		plural(out, outlen, d / 3600, "hour");
	else if (d < 2 * 86400)
		snprintf(out, outlen, "yesterday");
	else if (d < 30 * 86400)
		plural(out, outlen, d / 86400, "day");
	else {
		struct tm tm;
		gmtime_r(&t, &tm);
		strftime(out, outlen, "%e %b %Y", &tm);
		if (out[0] == ' ')
			for (char *p = out; (p[0] = p[1]) != '\0'; p++)
				;
	}
}

time_t time_hour(time_t t)
{
	return t - t % 3600;
}

void time_shown(char iso[TIME_ISO_LEN], char *ago, size_t agolen, time_t now, time_t t, bool coarse)
{
	if (coarse)
		t = time_hour(t);
	time_iso(iso, t);
	if (coarse && now - t < 3600)
		snprintf(ago, agolen, "within the hour");
	else
		time_ago(ago, agolen, now, t);
}

void time_month(char *out, size_t outlen, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, outlen, "%B %Y", &tm);
}

uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}
