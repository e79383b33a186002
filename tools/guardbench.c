/* guardbench.c: ops/bench-guard.sh's measure of the privacy guard (base/privacy.c) on a
 * corpus: for each part (a name and two files, sentences that identify someone and sentences
 * that do not, each line "CATEGORY<TAB>SENTENCE"), recall, false-positive rate and every miss
 * and false alarm with its category; then the time to scan a 20,000-character post.
 *   guardbench PART IDENTIFYING.tsv CLEAN.tsv [PART IDENTIFYING.tsv CLEAN.tsv ...]
 * Exits 0; the figures are read by a person (targets are in issue 12: recall >= 95 %,
 * false positives <= 2 %). Links base only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "limits.h"
#include "privacy.h"

#define LINE_BYTES 4096
#define POST_CHARS 20000
#define TIMING_ROUNDS 50

/* Scans every line of path; counts those that trigger, prints those that do not match
 * `want` (1: should trigger). Returns the number of lines, *hit those that triggered. */
static int run_file(const char *path, int want, int *hit, const char *part)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "guardbench: %s: cannot read\n", path);
		exit(2);
	}
	char line[LINE_BYTES];
	int n = 0;
	*hit = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = '\0';
		struct privacy_hit hits[PRIVACY_MAX_PASSAGES];
		size_t k = privacy_scan(tab + 1, hits, PRIVACY_MAX_PASSAGES);
		n++;
		*hit += k > 0;
		if ((k > 0) != want)
			printf("  %s %s [%s] %s%s%s%s%.*s%s\n", part, want ? "missed" : "false alarm", line,
			       tab + 1, k ? "  <- " : "", k ? hits[0].rule->name : "", k ? ": \"" : "",
			       k ? (int)(hits[0].end - hits[0].start) : 0, k ? tab + 1 + hits[0].start : "",
			       k ? "\"" : "");
	}
	fclose(f);
	return n;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* A post of POST_CHARS characters at most, unit repeated (free it). */
static char *repeated(const char *unit, size_t *len)
{
	char *post = malloc(POST_CHARS + 1);
	size_t n = strlen(unit);
	*len = 0;
	while (*len + n <= POST_CHARS) {
		memcpy(post + *len, unit, n);
		*len += n;
	}
	post[*len] = '\0';
	return post;
}

/* The median and slowest of rounds scans of post, in ms (t sorted). */
static void time_scans(const char *post, double t[TIMING_ROUNDS])
{
	for (int i = 0; i < TIMING_ROUNDS; i++) {
		struct privacy_hit hits[PRIVACY_MAX_PASSAGES];
		double s = now_ms();
		privacy_scan(post, hits, PRIVACY_MAX_PASSAGES);
		t[i] = now_ms() - s;
	}
	for (int i = 1; i < TIMING_ROUNDS; i++)   /* insertion sort: 50 values */
		for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
			double x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
}

/* The median time to scan a post of POST_CHARS characters made of clean-looking text, then
 * of the hostile inputs that once took quadratic time (a word or a number repeated). */
static void time_long_post(void)
{
	static const char para[] = "Our unit policy says no gifts over $20, so at 0700 handover I "
		"told the family in bed 12 that the 4 mg dose was charted q4h prn. The charge nurse "
		"agreed with me in 2019, and @night_owl replied that Grace under pressure is a skill. ";
	static const char *const hostile[] = { "Ed ", "double,", "1-", "1/1/2000 ", "BD51 ",
		"Hospital ", "@a " };
	size_t len;
	double t[TIMING_ROUNDS];
	char *post = repeated(para, &len);
	time_scans(post, t);
	printf("scan of a %zu-character post: median %.3f ms, slowest %.3f ms (%d rounds)\n",
	       len, t[TIMING_ROUNDS / 2], t[TIMING_ROUNDS - 1], TIMING_ROUNDS);
	free(post);
	printf("hostile inputs, %d characters each (median ms):", POST_CHARS);
	for (size_t h = 0; h < sizeof hostile / sizeof hostile[0]; h++) {
		post = repeated(hostile[h], &len);
		time_scans(post, t);
		printf(" \"%s\" %.3f%s", hostile[h], t[TIMING_ROUNDS / 2],
		       h + 1 < sizeof hostile / sizeof hostile[0] ? "," : "\n");
		free(post);
	}
}

int main(int argc, char **argv)
{
	if (argc < 4 || (argc - 1) % 3 != 0) {
		fprintf(stderr, "usage: guardbench PART IDENTIFYING.tsv CLEAN.tsv ...\n");
		return 2;
	}
	if (privacy_init() != 0)
		return 1;
	for (int a = 1; a + 2 < argc; a += 3) {
		int caught, alarms;
		printf("%s:\n", argv[a]);
		int pos = run_file(argv[a + 1], 1, &caught, argv[a]);
		int neg = run_file(argv[a + 2], 0, &alarms, argv[a]);
		printf("%s: recall %d/%d = %.1f %%, false positives %d/%d = %.1f %%\n\n", argv[a],
		       caught, pos, pos ? 100.0 * caught / pos : 0, alarms, neg,
		       neg ? 100.0 * alarms / neg : 0);
	}
	time_long_post();
	return 0;
}
