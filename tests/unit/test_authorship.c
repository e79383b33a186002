/* test_authorship.c: the SQL functions of sealed authorship: tags are stable for one member
 * in one thread and differ across threads and members (author_tag_of, their C twin, gives
 * the same bytes); seals open to the member id and never repeat; ledgers collect threads
 * once; nothing works before the keys are loaded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "authorship.h"
#include "keys.h"
#include "tap.h"

static sqlite3 *h;

/* The first column of the one row of sql, as text (hex for blobs); caller frees. */
static char *one(const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		out = strdup(t ? (const char *)t : "NULL");
	}
	sqlite3_finalize(st);
	return out ? out : strdup("ERROR");
}

static int same(const char *a_sql, const char *b_sql)
{
	char *a = one(a_sql), *b = one(b_sql);
	int eq = strcmp(a, b) == 0 && strcmp(a, "ERROR") != 0;
	free(a);
	free(b);
	return eq;
}

static void nothing_before_the_keys(void)
{
	char *t = one("SELECT hex(author_tag(1, 2))");
	CHECK(strcmp(t, "ERROR") == 0);
	free(t);
}

static void tags_are_per_member_and_thread(void)
{
	CHECK(same("SELECT hex(author_tag(7, 3))", "SELECT hex(author_tag(7, 3))"));
	CHECK(!same("SELECT hex(author_tag(7, 3))", "SELECT hex(author_tag(7, 4))"));
	CHECK(!same("SELECT hex(author_tag(7, 3))", "SELECT hex(author_tag(8, 3))"));
	CHECK(!same("SELECT hex(author_tag(7, 3))", "SELECT hex(read_key(7, 3))"));
	CHECK(same("SELECT length(author_tag(7, 3))", "SELECT 16"));
	CHECK(same("SELECT author_tag(NULL, 3) IS NULL AND author_tag(0, 3) IS NULL", "SELECT 1"));
	CHECK(!same("SELECT hex(suspend_key(7))", "SELECT hex(via_post_key(7))"));
	/* the C twin gives the same bytes */
	unsigned char tag[AUTHOR_TAG_BYTES];
	char hex[2 * AUTHOR_TAG_BYTES + 1], *sql = one("SELECT hex(author_tag(7, 3))");
	CHECK(author_tag_of(7, 3, tag) == 0);
	sodium_bin2hex(hex, sizeof hex, tag, sizeof tag);
	for (char *c = hex; *c; c++)
		*c = (char)(*c >= 'a' ? *c - 'a' + 'A' : *c);
	CHECK(strcmp(hex, sql) == 0);
	free(sql);
	CHECK(author_tag_of(0, 3, tag) == -1 && author_tag_of(7, 0, tag) == -1);
}

static void seals_open_and_never_repeat(void)
{
	CHECK(same("SELECT author_unseal(author_seal(42))", "SELECT 42"));
	CHECK(!same("SELECT hex(author_seal(42))", "SELECT hex(author_seal(42))"));
	CHECK(same("SELECT length(author_seal(42))", "SELECT 48"));
	CHECK(same("SELECT author_unseal(x'00112233') IS NULL", "SELECT 1"));
	/* a flipped byte does not open */
	CHECK(same("SELECT author_unseal(zeroblob(48)) IS NULL", "SELECT 1"));
}

static void ledgers_collect_threads_once(void)
{
	CHECK(same("SELECT ledger_threads(NULL)", "SELECT '[]'"));
	CHECK(same("SELECT json(ledger_threads(ledger_with(ledger_with(ledger_with(NULL, 5), 9), 5)))",
	           "SELECT '[5,9]'"));
	CHECK(same("SELECT json(ledger_threads(ledger_of('[3,4]')))", "SELECT '[3,4]'"));
	/* padded: one thread or twenty give the same length */
	CHECK(same("SELECT length(ledger_with(NULL, 1))",
	           "WITH RECURSIVE n(i, s) AS (SELECT 1, ledger_with(NULL, 1) UNION ALL"
	           " SELECT i + 1, ledger_with(s, i + 1) FROM n WHERE i < 20)"
	           " SELECT length(s) FROM n WHERE i = 20"));
	CHECK(!same("SELECT hex(ledger_with(NULL, 1))", "SELECT hex(ledger_with(NULL, 1))"));
	/* a thread already listed leaves the seal as it was (no new write to link) */
	CHECK(same("SELECT ledger_with(s, 1) = s FROM (SELECT ledger_with(NULL, 1) AS s)", "SELECT 1"));
	CHECK(!same("SELECT hex(ledger_key(7))", "SELECT hex(suspend_key(7))"));
}

int main(void)
{
	char dir[] = "/tmp/forumd-test-authorship-XXXXXX", db[128], key[140], err[256];
	if (sodium_init() < 0 || !mkdtemp(dir))
		return 2;
	snprintf(db, sizeof db, "%s/t.db", dir);
	snprintf(key, sizeof key, "%s.key", db);
	if (sqlite3_open(":memory:", &h) != SQLITE_OK || authorship_register(h) != SQLITE_OK)
		return 2;
	RUN(nothing_before_the_keys);
	if (keys_init(db, true, err, sizeof err) != 0) {
		printf("# %s\n", err);
		return 2;
	}
	RUN(tags_are_per_member_and_thread);
	RUN(seals_open_and_never_repeat);
	RUN(ledgers_collect_threads_once);
	keys_free();
	sqlite3_close(h);
	unlink(key);
	rmdir(dir);
	return DONE();
}
