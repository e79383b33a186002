/* timefmt.h: timestamps for people ("3 hours ago") and for machines (ISO 8601 UTC), and
 * the monotonic clock. */
#ifndef FORUMD_TIMEFMT_H
#define FORUMD_TIMEFMT_H
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <time.h>

#define TIME_ISO_LEN 21  /* "2026-11-24T22:44:17Z" + NUL */

void time_iso(char out[TIME_ISO_LEN], time_t t);
/* "just now", "5 minutes ago", "yesterday", "3 days ago", then "12 Mar 2025". */
void time_ago(char *out, size_t outlen, time_t now, time_t t);

/* Anonymous posts' times are shown to the hour (docs/PRIVACY.md): t rounded down to it. */
time_t time_hour(time_t t);

/* The ISO time and "ago" text a reader is shown for t: exact, or when coarse, the hour it
 * fell in ("within the hour" while it lasts). */
void time_shown(char iso[TIME_ISO_LEN], char *ago, size_t agolen, time_t now, time_t t, bool coarse);
/* A page saying "3 hours ago" reads true only until that text changes. While a watch is
 * on (one per thread, owned by the page being rendered), time_ago and time_shown note the
 * soonest second at which a text they wrote changes; the page cache keeps the page until
 * then. time_watch_end returns that second (TIME_NEVER when nothing relative was written),
 * or 0 when another owner's watch replaced owner's meanwhile (the page was not watched
 * whole). */
#define TIME_NEVER ((time_t)INT64_MAX)
void time_watch_start(const void *owner);
time_t time_watch_end(const void *owner);
/* "March 2025" (for "joined" lines). */
void time_month(char *out, size_t outlen, time_t t);
/* Parses a calendar date "YYYY-MM-DD" (what <input type="date"> sends; years 1970-9999)
 * into the UTC midnight that starts it. Returns 0, or -1 when s is not exactly such a date
 * (2025-02-29 is not). */
int time_parse_date(const char *s, time_t *out);
/* Microseconds on a monotonic clock. */
uint64_t now_us(void);
#endif
