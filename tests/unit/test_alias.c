/* test_alias.c: anonymous alias derivation: stable per (member, thread), keyed, spread. */
#include <string.h>

#include <sodium.h>

#include "alias.h"
#include "tap.h"

static unsigned char key_a[ALIAS_KEY_BYTES], key_b[ALIAS_KEY_BYTES];

static void same_member_same_thread_same_alias(void)
{
	CHECK(strcmp(alias_derive(key_a, 7, 42, 0), alias_derive(key_a, 7, 42, 0)) == 0);
}

static void aliases_spread_over_threads(void)
{
	/* one member in 64 threads gets many different names (not linkable by name) */
	const char *seen[64];
	int distinct = 0;
	for (int t = 0; t < 64; t++) {
		const char *n = alias_derive(key_a, 7, t + 1, 0);
		int dup = 0;
		for (int k = 0; k < distinct; k++)
			dup |= seen[k] == n;
		if (!dup)
			seen[distinct++] = n;
	}
	CHECK(distinct > 20);
}

static void the_key_changes_the_alias(void)
{
	int differ = 0;
	for (int t = 1; t <= 16; t++)
		differ += strcmp(alias_derive(key_a, 7, t, 0), alias_derive(key_b, 7, t, 0)) != 0;
	CHECK(differ >= 12);
}

static void attempts_rederive(void)
{
	int differ = 0;
	for (unsigned a = 1; a <= 8; a++)
		differ += strcmp(alias_derive(key_a, 7, 42, 0), alias_derive(key_a, 7, 42, a)) != 0;
	CHECK(differ >= 6);
}

static void names_are_plain_words(void)
{
	for (int t = 1; t <= 200; t++) {
		const char *n = alias_derive(key_a, t, t * 3, 0);
		CHECK(n && strlen(n) >= 3 && strlen(n) <= 20);
		for (const char *p = n; *p; p++)
			CHECK((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'));
	}
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	memset(key_a, 0x11, sizeof key_a);
	memset(key_b, 0x22, sizeof key_b);
	RUN(same_member_same_thread_same_alias);
	RUN(aliases_spread_over_threads);
	RUN(the_key_changes_the_alias);
	RUN(attempts_rederive);
	RUN(names_are_plain_words);
	return DONE();
}
