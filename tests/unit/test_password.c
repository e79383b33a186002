/* test_password.c: the password policy (length in characters, handle, common list,
 * patterns) and Argon2id hash, verify and rehash. */
#include <string.h>

#include <sodium.h>

#include "password.h"
#include "tap.h"

#define CHECK_PW(s, h, want) CHECK(password_check(s, strlen(s), h) == (want))

static void good_passphrases_pass(void)
{
	CHECK_PW("purple ukulele tidepool wander", "nightnurse", PW_OK);
	CHECK_PW("my night shift coffee is always cold", NULL, PW_OK);
	CHECK_PW("Zebra-lantern-oatmeal-47", NULL, PW_OK);
}

static void length_is_counted_in_characters(void)
{
	CHECK_PW("short one here", NULL, PW_TOO_SHORT);                /* 14 */
	CHECK_PW("ééééééééééééééé", NULL, PW_PATTERN);                  /* 15 chars, 30 bytes */
	CHECK_PW("éclair à la crème", NULL, PW_OK);                      /* 17 chars */
	CHECK_PW("日本語のパスワード", NULL, PW_TOO_SHORT);                /* 9 chars, 27 bytes */
	char big[300];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (int i = 0; big[i]; i++)
		big[i] = (char)('a' + (i * 7 + i / 26) % 26);
	CHECK_PW(big, NULL, PW_TOO_LONG);
}

static void handle_inside_is_refused(void)
{
	CHECK_PW("hello NightNurse7 my old friend", "nightnurse7", PW_CONTAINS_HANDLE);
	CHECK_PW("night-nurse-7 walks the corridor", "NightNurse7", PW_CONTAINS_HANDLE);
}

static void common_and_patterns_are_refused(void)
{
	CHECK_PW("correct horse battery staple", NULL, PW_COMMON);
	CHECK_PW("passwordpassword", NULL, PW_COMMON);
	CHECK_PW("Password1234567890", NULL, PW_COMMON);
	CHECK_PW("iloveyouiloveyou", NULL, PW_COMMON);
	CHECK_PW("sunshine sunshine!", NULL, PW_COMMON);
	CHECK_PW("aaaaaaaaaaaaaaaa", NULL, PW_COMMON);   /* "aaaaaa" is on the Openwall list */
	CHECK_PW("zzzzzzzzzzzzzzzz", NULL, PW_PATTERN);
	CHECK_PW("snoopyscooterranger", NULL, PW_COMMON); /* words only the Openwall list has */
	CHECK_PW("1234567890123456", NULL, PW_COMMON);
	CHECK_PW("9876543210987654", NULL, PW_COMMON);
	CHECK_PW("abcdefghijklmnopq", NULL, PW_PATTERN);
	CHECK_PW("qwertyuiopasdfghj", NULL, PW_PATTERN);
	CHECK_PW("1q2w3e4r5t6y7u8i9o", NULL, PW_PATTERN);
	CHECK_PW("xyzxyzxyzxyzxyzxyz", NULL, PW_PATTERN);
}

static void invalid_text_is_refused(void)
{
	CHECK(password_check("abc\0defghijklmnopqr", 19, NULL) == PW_INVALID_TEXT);
	CHECK_PW("\xff\xfe invalid utf-8 bytes here", NULL, PW_INVALID_TEXT);
	CHECK_PW("bell\a inside a long password", NULL, PW_INVALID_TEXT);
}

static void hash_verifies_and_rehash_follows_limits(void)
{
	char h[PASSWORD_HASH_BYTES];
	const char *pw = "purple ukulele tidepool wander";
	CHECK(password_hash(pw, strlen(pw), h) == 0);
	CHECK(strncmp(h, "$argon2id$", 10) == 0);
	CHECK(strstr(h, pw) == NULL);
	CHECK(password_verify(h, pw, strlen(pw)));
	CHECK(!password_verify(h, "purple ukulele tidepool wandeR", strlen(pw)));
	CHECK(!password_verify(NULL, pw, strlen(pw)));     /* dummy hash: never matches */
	CHECK(!password_verify("!", pw, strlen(pw)));
	CHECK(!password_needs_rehash(h));
	char weak[PASSWORD_HASH_BYTES];
	CHECK(crypto_pwhash_str(weak, pw, strlen(pw), 1, 8192) == 0);
	CHECK(password_needs_rehash(weak));
}

int main(void)
{
	if (sodium_init() < 0 || password_init(2, 8u << 20) != 0)
		return 1;
	RUN(good_passphrases_pass);
	RUN(length_is_counted_in_characters);
	RUN(handle_inside_is_refused);
	RUN(common_and_patterns_are_refused);
	RUN(invalid_text_is_refused);
	RUN(hash_verifies_and_rehash_follows_limits);
	password_free();
	return DONE();
}
