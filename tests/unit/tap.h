/* tap.h: a tiny TAP producer for the unit tests: CHECK(cond) inside a test function,
 * RUN(test) in main (RUN_OK(test) for a test that returns nonzero when it passes), and
 * DONE() to print the plan and return the exit status. */
#ifndef FORUMD_TAP_H
#define FORUMD_TAP_H
#include <stdio.h>

static int tap_n, tap_failed, tap_cur_failed;

#define CHECK(cond)                                                              \
	do {                                                                         \
		if (!(cond)) {                                                           \
			printf("# %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);   \
			tap_cur_failed = 1;                                                  \
		}                                                                        \
	} while (0)

#define RUN(test)                                                                \
	do {                                                                         \
		tap_cur_failed = 0;                                                      \
		test();                                                                  \
		tap_n++;                                                                 \
		if (tap_cur_failed)                                                      \
			tap_failed++;                                                        \
		printf("%sok %d - %s\n", tap_cur_failed ? "not " : "", tap_n, #test);  \
	} while (0)

#define RUN_OK(test)                                                             \
	do {                                                                         \
		tap_cur_failed = !(test)();                                              \
		tap_n++;                                                                 \
		if (tap_cur_failed)                                                      \
			tap_failed++;                                                        \
		printf("%sok %d - %s\n", tap_cur_failed ? "not " : "", tap_n, #test);  \
	} while (0)

#define DONE() (printf("1..%d\n", tap_n), tap_failed ? 1 : 0)
#endif
