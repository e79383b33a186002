/* timefmt.c: timestamps for people and for machines, and the monotonic clock. */
#include "timefmt.h"

#include <stdio.h>
#include <string.h>

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

/* ---- the relative-time watch (one per thread: each worker renders one page at a time) */
static _Thread_local const void *watch_owner;
static _Thread_local time_t watch_until;

void time_watch_start(const void *owner)
{
	watch_owner = owner;
	watch_until = TIME_NEVER;
}

time_t time_watch_end(const void *owner)
{
	if (watch_owner != owner)
		return 0;
	watch_owner = NULL;
	return watch_until;
}

static void watch_note(time_t changes_at)
{
	if (watch_owner && changes_at < watch_until)
		watch_until = changes_at;
}

/* The second at which time_ago's text for t, said at now, next changes. */
static time_t ago_changes_at(time_t now, time_t t)
{
	long d = (long)(now - t);
	if (d < 60)
		return t + 60;
	if (d < 3600)
		return t + (d / 60 + 1) * 60;
	if (d < 86400)
		return t + (d / 3600 + 1) * 3600;
	if (d < 2 * 86400)
		return t + 2 * 86400;
	if (d < 30 * 86400)
		return t + (d / 86400 + 1) * 86400;
	return TIME_NEVER;  /* a date, for good */
}

void time_ago(char *out, size_t outlen, time_t now, time_t t)
{
	if (watch_owner)
		watch_note(ago_changes_at(now, t));
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
	if (coarse && now - t < 3600) {
		snprintf(ago, agolen, "within the hour");
		watch_note(t + 3600);
	}
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

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (Howard Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = y / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int time_parse_date(const char *s, time_t *out)
{
	static const int month_days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) != 0 ||
	    digits(s + 5, 2, &m) != 0 || digits(s + 8, 2, &d) != 0 || y < 1970 || m < 1 || m > 12)
		return -1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (d < 1 || d > month_days[m - 1] + (m == 2 && leap))
		return -1;
	*out = (time_t)(days_from_civil(y, m, d) * 86400);
	return 0;
}
