/* test_authorplans.c: the queries over a member's sealed ledger walk the ledger's few threads
 * and seek each one's posts, never scanning every anonymous post of the forum (which every
 * reply's posting limit, inbox and read mark once did: O(anonymous posts) per request). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "authorship.h"
#include "tap.h"
#include "testdb.h"

static struct db *db;

/* True when EXPLAIN QUERY PLAN of sql mentions want and none of its lines says `SCAN alias`. */
static bool plan_seeks(const char *sql, const char *want, const char *alias)
{
	sqlite3_stmt *st = NULL;
	char scan[32];
	snprintf(scan, sizeof scan, "SCAN %s ", alias);
	bool found = false, scanned = false;
	if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK) {
		printf("# %s\n", sqlite3_errmsg(db_handle(db)));
		return false;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 3);
		printf("#   %s\n", line);
		found |= strstr(line, want) != NULL;
		scanned |= strncmp(line, scan, strlen(scan)) == 0;
	}
	sqlite3_finalize(st);
	return found && !scanned;
}

static void posts_of_seeks_by_thread_and_tag(void)
{
	CHECK(plan_seeks("EXPLAIN QUERY PLAN SELECT count(*) FROM posts WHERE id IN " POSTS_OF("?1"),
	                 "SEARCH q USING", "q"));
}

static void threads_of_seeks_by_id(void)
{
	CHECK(plan_seeks("EXPLAIN QUERY PLAN SELECT count(*) FROM threads WHERE id IN " THREADS_OF("?1"),
	                 "SEARCH t USING", "t"));
}

/* The statistics PRAGMA optimize wrote for a forum with a few anonymous posts among many
 * (the small partial index posts_author_tag is what tempted the planner to scan it). */
static void forum_statistics(void)
{
	testdb_exec(db, "ANALYZE");
	testdb_exec(db, "DELETE FROM sqlite_stat1");
	testdb_exec(db, "INSERT INTO sqlite_stat1 VALUES"
	                " ('posts', 'posts_author_tag', '7 7 1'),"
	                " ('posts', 'posts_member', '828 19 1'),"
	                " ('posts', 'posts_thread', '828 414 1'),"
	                " ('threads', 'threads_member', '40 2')");
	testdb_exec(db, "ANALYZE sqlite_schema");  /* loads them */
}

int main(void)
{
	db = testdb_open();
	forum_statistics();
	RUN(posts_of_seeks_by_thread_and_tag);
	RUN(threads_of_seeks_by_id);
	(void)testdb_one;
	testdb_close(db);
	return DONE();
}
