/* test_cursor.c: opaque page cursors open to what was sealed, are the same for the same
 * place, are URL-safe, show nothing of what they hold, and are refused when forged,
 * changed, cut short, lengthened or sealed under another key. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "cursor.h"
#include "tap.h"

static unsigned char key[KEY_BYTES], other[KEY_BYTES];

static void opens_to_what_was_sealed(void)
{
	const int64_t pairs[][2] = {{0, 0}, {1796288224, 4}, {INT64_MAX, INT64_MAX}, {1, INT64_MAX}};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		char c[CURSOR_LEN];
		int64_t a = -1, b = -1;
		CHECK(cursor_seal(key, pairs[i][0], pairs[i][1], c) == 0);
		CHECK(strlen(c) == CURSOR_LEN - 1);
		CHECK(cursor_open(key, c, &a, &b) == 0);
		CHECK(a == pairs[i][0] && b == pairs[i][1]);
	}
}

static void same_place_same_cursor_and_url_safe(void)
{
	char c1[CURSOR_LEN], c2[CURSOR_LEN], c3[CURSOR_LEN];
	cursor_seal(key, 1796288224, 4, c1);
	cursor_seal(key, 1796288224, 4, c2);
	cursor_seal(key, 1796288225, 4, c3);
	CHECK(strcmp(c1, c2) == 0);
	CHECK(strcmp(c1, c3) != 0);
	CHECK(strspn(c1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(c1));
}

/* Neither the decimal nor the raw bytes of a sealed value appear in the cursor or its bytes. */
static void shows_nothing_of_what_it_holds(void)
{
	const int64_t t = 1796288224;
	char c[CURSOR_LEN], dec[24];
	cursor_seal(key, t, 4, c);
	snprintf(dec, sizeof dec, "%" PRId64, t);
	CHECK(strstr(c, dec) == NULL);
	unsigned char bin[CURSOR_LEN];
	size_t n = 0;
	CHECK(sodium_base642bin(bin, sizeof bin, c, strlen(c), NULL, &n, NULL,
	                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0);
	unsigned char le[4] = {(unsigned char)t, (unsigned char)(t >> 8), (unsigned char)(t >> 16),
	                       (unsigned char)(t >> 24)};
	CHECK(memmem(bin, n, le, sizeof le) == NULL);
	unsigned char be[4] = {le[3], le[2], le[1], le[0]};
	CHECK(memmem(bin, n, be, sizeof be) == NULL);
}

static void every_change_is_refused(void)
{
	char c[CURSOR_LEN], bad[CURSOR_LEN + 2];
	int64_t a, b;
	cursor_seal(key, 1796288224, 4, c);
	for (size_t i = 0; i < CURSOR_LEN - 1; i++) {
		memcpy(bad, c, CURSOR_LEN);
		bad[i] = bad[i] == 'A' ? 'B' : 'A';
		CHECK(cursor_open(key, bad, &a, &b) != 0);
	}
	for (size_t len = 0; len < CURSOR_LEN - 1; len++) {
		memcpy(bad, c, len);
		bad[len] = '\0';
		CHECK(cursor_open(key, bad, &a, &b) != 0);
	}
	snprintf(bad, sizeof bad, "%sA", c);
	CHECK(cursor_open(key, bad, &a, &b) != 0);
	snprintf(bad, sizeof bad, "%s=", c);
	CHECK(cursor_open(key, bad, &a, &b) != 0);
	CHECK(cursor_open(key, "1796288224.4", &a, &b) != 0);
	memset(bad, 'A', CURSOR_LEN - 1);
	bad[CURSOR_LEN - 1] = '\0';
	CHECK(cursor_open(key, bad, &a, &b) != 0);
}

static void another_key_is_refused(void)
{
	char c[CURSOR_LEN];
	int64_t a, b;
	cursor_seal(other, 1796288224, 4, c);
	CHECK(cursor_open(key, c, &a, &b) != 0);
	CHECK(cursor_open(other, c, &a, &b) == 0);
	CHECK(cursor_seal(NULL, 1, 1, c) != 0);
	CHECK(cursor_open(NULL, c, &a, &b) != 0);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	randombytes_buf(key, sizeof key);
	randombytes_buf(other, sizeof other);
	RUN(opens_to_what_was_sealed);
	RUN(same_place_same_cursor_and_url_safe);
	RUN(shows_nothing_of_what_it_holds);
	RUN(every_change_is_refused);
	RUN(another_key_is_refused);
	return DONE();
}
