/* test_keys.c: the key file is made once with mode 0600 and 32 bytes, reloaded the same,
 * refused when others can read it, and its subkeys differ from one another. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "keys.h"
#include "tap.h"

static char dir[64], db[128], keyfile[140];

static void first_start_creates_a_private_key_file(void)
{
	char err[256];
	CHECK(keys_init(db, true, err, sizeof err) == 0);
	struct stat sb;
	CHECK(stat(keyfile, &sb) == 0);
	CHECK((sb.st_mode & 0777) == 0600);
	CHECK(sb.st_size == KEY_BYTES);
}

static void reload_gives_the_same_subkeys(void)
{
	char err[256];
	unsigned char a[KEY_BYTES];
	memcpy(a, keys_session_key(), KEY_BYTES);
	keys_free();
	CHECK(keys_init(db, true, err, sizeof err) == 0);
	CHECK(memcmp(a, keys_session_key(), KEY_BYTES) == 0);
}

static void subkeys_differ(void)
{
	CHECK(memcmp(keys_session_key(), keys_csrf_key(), KEY_BYTES) != 0);
	CHECK(memcmp(keys_recovery_key(), keys_alias_key(), KEY_BYTES) != 0);
	CHECK(memcmp(keys_session_key(), keys_alias_key(), KEY_BYTES) != 0);
	CHECK(keys_cursor_key() != NULL);
	CHECK(memcmp(keys_cursor_key(), keys_seal_key(), KEY_BYTES) != 0);
	CHECK(memcmp(keys_cursor_key(), keys_author_key(), KEY_BYTES) != 0);
	unsigned char k1[KEY_BYTES], k2[KEY_BYTES];
	CHECK(keys_address_key(k1) == keys_day());
	keys_address_key(k2);
	CHECK(memcmp(k1, k2, KEY_BYTES) == 0);
}

static void a_readable_key_file_is_refused(void)
{
	char err[256];
	keys_free();
	chmod(keyfile, 0644);
	CHECK(keys_init(db, true, err, sizeof err) != 0);
	CHECK(strstr(err, "chmod") != NULL);
	chmod(keyfile, 0600);
}

static void a_database_with_data_gets_no_new_key(void)
{
	char err[512];
	keys_free();
	CHECK(rename(keyfile, "/tmp/forumd-keys-moved") == 0);
	CHECK(keys_init(db, false, err, sizeof err) != 0);
	CHECK(strstr(err, "missing") != NULL);
	CHECK(access(keyfile, F_OK) != 0);   /* none made */
	CHECK(rename("/tmp/forumd-keys-moved", keyfile) == 0);
	CHECK(keys_init(db, false, err, sizeof err) == 0);   /* the one restored is read */
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	snprintf(dir, sizeof dir, "/tmp/forumd-keys-XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	snprintf(db, sizeof db, "%s/forum.db", dir);
	snprintf(keyfile, sizeof keyfile, "%s.key", db);
	RUN(first_start_creates_a_private_key_file);
	RUN(reload_gives_the_same_subkeys);
	RUN(subkeys_differ);
	RUN(a_readable_key_file_is_refused);
	RUN(a_database_with_data_gets_no_new_key);
	keys_free();
	unlink(keyfile);
	rmdir(dir);
	return DONE();
}
