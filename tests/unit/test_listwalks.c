/* test_listwalks.c: the lists migration 0010 keeps for topic and specialty pages
 * (thread_topics' copied sort keys, thread_specialties, threads.helpful_total) and the topic
 * counts of migration 0011, and the search index's facets of migration 0013 (rewritten by
 * db_commit), stay equal to what they would be computed from scratch, through every kind
 * of write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "tap.h"
#include "searchindex.h"
#include "testdb.h"

static struct db *db;

#define SCRATCH_SPECIALTIES \
	"SELECT group_concat(s || '/' || t || '@' || a || '+' || h, ';') FROM (" \
	" SELECT x.s AS s, x.t AS t, th.last_activity_at AS a, th.helpful_total AS h FROM (" \
	"  SELECT specialty_id AS s, id AS t FROM threads WHERE specialty_id IS NOT NULL" \
	"  UNION SELECT ps.specialty_id, p.thread_id FROM post_specialties ps JOIN posts p" \
	"    ON p.id = ps.post_id WHERE p.kind = 'reply' AND p.state = 'visible' AND p.show_tags = 1) x" \
	" JOIN threads th ON th.id = x.t ORDER BY 1, 2)"
#define KEPT_SPECIALTIES \
	"SELECT group_concat(specialty_id || '/' || thread_id || '@' || last_activity_at || '+'" \
	" || helpful_total, ';') FROM (SELECT * FROM thread_specialties ORDER BY 1, 2)"
#define SCRATCH_TOPICS \
	"SELECT group_concat(tt.topic_id || '/' || tt.thread_id || '@' || t.last_activity_at || '+'" \
	" || t.helpful_total, ';') FROM (SELECT * FROM thread_topics ORDER BY topic_id, thread_id) tt" \
	" JOIN threads t ON t.id = tt.thread_id"
#define KEPT_TOPICS \
	"SELECT group_concat(topic_id || '/' || thread_id || '@' || last_activity_at || '+'" \
	" || helpful_total, ';') FROM (SELECT * FROM thread_topics ORDER BY topic_id, thread_id)"
#define SCRATCH_HELPFUL \
	"SELECT group_concat(id || '+' || (SELECT coalesce(sum(helpful_count), 0) FROM posts p" \
	" WHERE p.thread_id = t.id AND p.kind = 'reply' AND p.state = 'visible'), ';')" \
	" FROM (SELECT id FROM threads ORDER BY id) t"
#define KEPT_HELPFUL \
	"SELECT group_concat(id || '+' || helpful_total, ';') FROM (SELECT * FROM threads ORDER BY id)"

static char *one(const char *sql)
{
	return testdb_one(db, sql);
}

/* Runs sql in a transaction committed the way forumd commits (db_commit). */
static int exec(const char *sql)
{
	if (db_begin(db) != SQLITE_OK)
		return SQLITE_ERROR;
	int rc = testdb_exec(db, sql);
	if (rc == SQLITE_OK)
		rc = db_commit(db);
	db_rollback(db);
	return rc;
}

/* 1 when sql's first value is want. */
static int one_is(const char *sql, const char *want)
{
	char *got = one(sql);
	int eq = strcmp(got, want) == 0;
	if (!eq)
		printf("# %s: %s, want %s\n", sql, got, want);
	free(got);
	return eq;
}

static int equal(const char *scratch, const char *kept, const char *what)
{
	char *a = one(scratch), *b = one(kept);
	int eq = strcmp(a, b) == 0 && strcmp(a, "ERROR") != 0;
	if (!eq)
		printf("# %s from scratch: %s\n# %s kept:         %s\n", what, a, what, b);
	free(a);
	free(b);
	return eq;
}

#define SCRATCH_TOPIC_COUNTS \
	"SELECT group_concat(id || '=' || (SELECT count(*) FROM thread_topics tt JOIN threads t" \
	" ON t.id = tt.thread_id WHERE tt.topic_id = tp.id AND t.state = 'visible'), ';')" \
	" FROM (SELECT id FROM topics ORDER BY id) tp"
#define KEPT_TOPIC_COUNTS \
	"SELECT group_concat(id || '=' || thread_count, ';') FROM (SELECT * FROM topics ORDER BY id)"

/* Each indexed post's facets: as its thread's are now (the view), and as the index holds
 * (posts deleted here by hand, not by erase.c, are left out). */
#define SCRATCH_FACETS \
	"SELECT group_concat(id || '=' || facets, ';') FROM (SELECT f.rowid AS id, v.facets AS facets" \
	" FROM search_fts f JOIN posts p ON p.id = f.rowid JOIN search_facets v ON v.thread_id = p.thread_id" \
	" ORDER BY f.rowid)"
#define KEPT_FACETS \
	"SELECT group_concat(rowid || '=' || facets, ';') FROM (SELECT rowid, facets FROM search_fts" \
	" WHERE rowid IN (SELECT id FROM posts) ORDER BY rowid)"

static int lists_true(void)
{
	return equal(SCRATCH_TOPIC_COUNTS, KEPT_TOPIC_COUNTS, "topic counts") &
	       equal(SCRATCH_HELPFUL, KEPT_HELPFUL, "helpful") &
	       equal(SCRATCH_TOPICS, KEPT_TOPICS, "topics") &
	       equal(SCRATCH_SPECIALTIES, KEPT_SPECIALTIES, "specialties") &
	       equal(SCRATCH_FACETS, KEPT_FACETS, "search facets");
}

/* Threads 1-3 (thread 2 happened in specialty 5), each with a dilemma and replies by
 * members 1-4 tagged with specialties 1-3, one reply held. */
static void setup(void)
{
	CHECK(exec("INSERT INTO members (id, handle, password_hash, created_at) VALUES"
	           " (1, 'nurse1', '!', 0), (2, 'nurse2', '!', 0), (3, 'nurse3', '!', 0),"
	           " (4, 'nurse4', '!', 0)") == SQLITE_OK);
	CHECK(exec("INSERT INTO threads (id, title, member_id, specialty_id, created_at, last_activity_at)"
	           " VALUES (1, 'one', 1, NULL, 10, 10), (2, 'two', 2, 5, 20, 20), (3, 'three', 3, NULL, 30, 30)") == SQLITE_OK);
	CHECK(exec("INSERT INTO thread_topics (thread_id, topic_id) VALUES (1, 1), (1, 2), (2, 2), (3, 3)") == SQLITE_OK);
	CHECK(exec("INSERT INTO posts (id, thread_id, member_id, kind, body_md, body_html, created_at)"
	           " VALUES (1, 1, 1, 'dilemma', 'd', 'd', 10), (2, 2, 2, 'dilemma', 'd', 'd', 20),"
	           " (3, 3, 3, 'dilemma', 'd', 'd', 30), (4, 1, 2, 'reply', 'r', 'r', 11),"
	           " (5, 1, 3, 'reply', 'r', 'r', 12), (6, 2, 4, 'reply', 'r', 'r', 21)") == SQLITE_OK);
	CHECK(exec("INSERT INTO posts (id, thread_id, member_id, kind, body_md, body_html, created_at,"
	           " state, show_tags) VALUES (7, 3, 4, 'reply', 'r', 'r', 31, 'held', 1),"
	           " (8, 3, 1, 'reply', 'r', 'r', 32, 'visible', 0)") == SQLITE_OK);
	CHECK(exec("INSERT INTO post_specialties (post_id, specialty_id, position) VALUES"
	           " (4, 1, 1), (4, 2, 2), (5, 1, 1), (6, 3, 1), (7, 2, 1), (8, 3, 1)") == SQLITE_OK);
	CHECK(db_begin(db) == SQLITE_OK && search_index_all(db) == 0 && db_commit(db) == SQLITE_OK);
	CHECK(one_is("SELECT facets FROM search_fts WHERE rowid = 4", "xt1 xt2 xs1 xs2"));
	CHECK(lists_true());
}

static void votes_bumps_and_states(void)
{
	CHECK(exec("INSERT INTO helpful_votes (post_id, member_id, created_at) VALUES (4, 3, 1), (4, 4, 1),"
	           " (5, 2, 1), (6, 1, 1)") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("DELETE FROM helpful_votes WHERE post_id = 4 AND member_id = 3") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("UPDATE threads SET last_activity_at = 99, reply_count = 3 WHERE id = 1") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("UPDATE posts SET state = 'visible' WHERE id = 7") == SQLITE_OK);  /* approved */
	CHECK(lists_true());
	CHECK(exec("UPDATE posts SET state = 'hidden' WHERE id = 4") == SQLITE_OK);   /* hidden */
	CHECK(lists_true());
	CHECK(exec("UPDATE posts SET state = 'removed' WHERE id = 5") == SQLITE_OK);  /* deleted */
	CHECK(lists_true());
	CHECK(exec("UPDATE posts SET state = 'visible' WHERE id = 4") == SQLITE_OK);  /* restored */
	CHECK(lists_true());
	CHECK(exec("UPDATE posts SET show_tags = 1 WHERE id = 8") == SQLITE_OK);
	CHECK(lists_true());
}

static void picks(void)
{
	CHECK(exec("UPDATE posts SET mod_pick = 1 WHERE id = 6") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(one_is("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'facets : xpick'", "2"));
	CHECK(exec("UPDATE posts SET state = 'hidden' WHERE id = 6") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(one_is("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'facets : xpick'", "0"));
	CHECK(exec("UPDATE posts SET state = 'visible' WHERE id = 6") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("UPDATE posts SET mod_pick = 0 WHERE id = 6") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("UPDATE posts SET mod_pick = 1 WHERE id = 8") == SQLITE_OK);
	CHECK(lists_true());
}

static void settings_topics_and_deletions(void)
{
	CHECK(exec("UPDATE threads SET state = 'hidden' WHERE id = 2") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("INSERT INTO thread_topics (thread_id, topic_id) VALUES (2, 5)") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("UPDATE threads SET state = 'visible' WHERE id = 2") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("UPDATE threads SET specialty_id = 6 WHERE id = 2") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("UPDATE threads SET specialty_id = 1 WHERE id = 1") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("UPDATE threads SET specialty_id = NULL WHERE id = 1") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("DELETE FROM thread_topics WHERE thread_id = 1 AND topic_id = 1;"
	           " INSERT INTO thread_topics (thread_id, topic_id) VALUES (1, 4)") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("DELETE FROM post_specialties WHERE post_id = 6") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("DELETE FROM helpful_votes WHERE post_id = 5; DELETE FROM posts WHERE id = 5")
	      == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("DELETE FROM posts WHERE id = 4") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("DELETE FROM helpful_votes; DELETE FROM posts WHERE thread_id = 3;"
	           " DELETE FROM threads WHERE id = 3") == SQLITE_OK);
	CHECK(lists_true());
	CHECK(exec("UPDATE posts SET thread_id = 1 WHERE id = 6") != SQLITE_OK);  /* refused */
}

int main(void)
{
	db = testdb_open();
	RUN(setup);
	RUN(votes_bumps_and_states);
	RUN(picks);
	RUN(settings_topics_and_deletions);
	testdb_close(db);
	return DONE();
}
