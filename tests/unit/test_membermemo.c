/* test_membermemo.c: the member memo (store/membermemo.c) gives back what was kept only while
 * the database stays where it was read: any commit (this connection's or another's) drops
 * it, a value read before a commit is never kept once a look-up has seen the commit,
 * nothing is kept inside a write transaction, a value's own time limit holds, and at most
 * MEMBER_MEMO_MEMBERS members are kept (the least recently used dropped). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "limits.h"
#include "membermemo.h"
#include "tap.h"
#include "testdb.h"

static struct db *db;

/* Keeps n for member in MEMO_INBOX_COUNT as a fresh look-up would; returns the mark's ok. */
static bool keep(int64_t member, int64_t n, time_t now, time_t expires)
{
	struct member_memo_mark mark;
	if (member_memo_get(db, member, MEMO_INBOX_COUNT, now, &mark))
		return false;
	member_memo_put(db, member, MEMO_INBOX_COUNT, &mark, json_integer(n), expires);
	return mark.ok;
}

/* What is kept for member (-1 when nothing). */
static int64_t kept(int64_t member, time_t now)
{
	struct member_memo_mark mark;
	json_t *v = member_memo_get(db, member, MEMO_INBOX_COUNT, now, &mark);
	return v ? json_integer_value(v) : -1;
}

static void kept_until_a_commit(void)
{
	CHECK(keep(1, 7, 100, 0));
	CHECK(kept(1, 100) == 7);
	CHECK(kept(2, 100) == -1);
	CHECK(testdb_exec(db, "CREATE TABLE IF NOT EXISTS memo_t (x)") == SQLITE_OK);
	CHECK(testdb_exec(db, "INSERT INTO memo_t VALUES (1)") == SQLITE_OK);
	CHECK(kept(1, 100) == -1);
	/* a commit by another connection */
	CHECK(keep(1, 8, 100, 0));
	char path[300], err[200];
	snprintf(path, sizeof path, "%s/forum.db", testdb_dir);
	struct db *other = db_open(path, err, sizeof err);
	CHECK(other && sqlite3_exec(db_handle(other), "INSERT INTO memo_t VALUES (2)", 0, 0, 0) == SQLITE_OK);
	db_close(other);
	CHECK(kept(1, 100) == -1);
}

static void a_value_read_before_a_commit_is_not_kept_after_it(void)
{
	/* looked up, then a commit, then put: the next look-up drops it */
	struct member_memo_mark mark;
	CHECK(!member_memo_get(db, 3, MEMO_INBOX_COUNT, 100, &mark) && mark.ok);
	CHECK(testdb_exec(db, "INSERT INTO memo_t VALUES (3)") == SQLITE_OK);
	member_memo_put(db, 3, MEMO_INBOX_COUNT, &mark, json_integer(5), 0);
	CHECK(kept(3, 100) == -1);
	/* looked up, a commit, another look-up that sees it, then put with the older mark:
	 * refused */
	struct member_memo_mark older;
	CHECK(!member_memo_get(db, 3, MEMO_INBOX_COUNT, 100, &older) && older.ok);
	CHECK(testdb_exec(db, "INSERT INTO memo_t VALUES (3)") == SQLITE_OK);
	CHECK(keep(6, 1, 100, 0));
	member_memo_put(db, 3, MEMO_INBOX_COUNT, &older, json_integer(5), 0);
	CHECK(kept(3, 100) == -1);
	CHECK(kept(6, 100) == 1);
}

static void nothing_kept_in_a_write_transaction(void)
{
	CHECK(testdb_exec(db, "BEGIN IMMEDIATE") == SQLITE_OK);
	CHECK(!keep(4, 1, 100, 0));
	CHECK(testdb_exec(db, "INSERT INTO memo_t VALUES (4)") == SQLITE_OK);
	CHECK(testdb_exec(db, "ROLLBACK") == SQLITE_OK);
	char *rows = testdb_one(db, "SELECT count(*) FROM memo_t WHERE x = 4");
	CHECK(strcmp(rows, "0") == 0);
	free(rows);
	CHECK(kept(4, 100) == -1);
	/* no database: nothing kept */
	struct member_memo_mark mark;
	CHECK(!member_memo_get(NULL, 4, MEMO_INBOX_COUNT, 100, &mark) && !mark.ok);
}

static void a_value_expires(void)
{
	CHECK(keep(5, 2, 100, 160));
	CHECK(kept(5, 159) == 2);
	CHECK(kept(5, 160) == -1);
}

static void the_least_recently_used_member_goes(void)
{
	for (int64_t m = 10; m < 10 + MEMBER_MEMO_MEMBERS; m++)
		CHECK(keep(m, m, 100, 0));
	CHECK(kept(10, 100) == 10);             /* 10 used again: 11 is now the oldest */
	CHECK(keep(1000, 1, 100, 0));
	CHECK(kept(11, 100) == -1);
	CHECK(kept(10, 100) == 10);
	CHECK(kept(1000, 100) == 1);
	CHECK(kept(12, 100) == 12);
}

int main(void)
{
	db = testdb_open();
	RUN(kept_until_a_commit);
	RUN(a_value_read_before_a_commit_is_not_kept_after_it);
	RUN(nothing_kept_in_a_write_transaction);
	RUN(a_value_expires);
	RUN(the_least_recently_used_member_goes);
	member_memo_worker_stop();
	testdb_close(db);
	return DONE();
}
