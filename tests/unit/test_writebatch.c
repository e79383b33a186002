/* test_writebatch.c: group commit (http/writebatch.c): writes queued in one turn of a
 * worker's loop commit together, in one COMMIT; a write that fails is undone alone and told
 * so, the others hold; an error that ends the transaction fails them all, none written; a
 * write queued by a done callback goes to the next batch; without a worker a write commits
 * alone at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "request.h"
#include "server.h"
#include "tap.h"
#include "testdb.h"
#include "writebatch.h"

static struct db *db;
static int commits;
static struct request *again;   /* queued once more by its done callback */

static int count_commit(void *arg)
{
	(void)arg;
	commits++;
	return 0;
}

/* arg: "n" writes row n; "-n" writes row n, then fails; "rollback" fails the way an I/O
 * error does, taking the whole transaction with it. */
static int write_row(struct request *r, void *arg)
{
	if (strcmp(arg, "rollback") == 0) {
		testdb_exec(r->db, "ROLLBACK");
		return -1;
	}
	int n = atoi(arg);
	char sql[64];
	snprintf(sql, sizeof sql, "INSERT INTO batch_t VALUES (%d)", abs(n));
	return testdb_exec(r->db, sql) == SQLITE_OK && n > 0 ? 0 : -1;
}

static char told[64];

static void done(struct request *r, void *arg, bool committed)
{
	char one[16];
	snprintf(one, sizeof one, "%s%s;", (const char *)arg, committed ? "+" : "x");
	strncat(told, one, sizeof told - strlen(told) - 1);
	if (r == again) {
		again = NULL;
		write_batch_add(r, write_row, done, "9");
	}
}

static char *rows(void)
{
	return testdb_one(db, "SELECT group_concat(x, ',') FROM (SELECT x FROM batch_t ORDER BY x)");
}

static void one_turn_one_commit(void)
{
	struct event_base *base = event_base_new();
	struct worker w = { .base = base, .db = db };
	struct request r[4] = { { .worker = &w, .db = db }, { .worker = &w, .db = db },
	                        { .worker = &w, .db = db }, { .worker = &w, .db = db } };
	CHECK(testdb_exec(db, "CREATE TABLE batch_t (x INTEGER)") == SQLITE_OK);
	sqlite3_commit_hook(db_handle(db), count_commit, NULL);
	commits = 0;
	again = &r[3];
	write_batch_add(&r[0], write_row, done, "1");
	write_batch_add(&r[1], write_row, done, "-2");
	write_batch_add(&r[2], write_row, done, "3");
	write_batch_add(&r[3], write_row, done, "4");
	CHECK(commits == 0);                        /* nothing before the loop turns */
	event_base_loop(base, EVLOOP_NONBLOCK);
	CHECK(strncmp(told, "1+;-2x;3+;4+;", 13) == 0);
	char *got = rows();
	CHECK(strcmp(got, "1,3,4") == 0 || strcmp(got, "1,3,4,9") == 0);
	free(got);
	event_base_loop(base, EVLOOP_NONBLOCK);     /* the write queued by a done callback */
	CHECK(strcmp(told, "1+;-2x;3+;4+;9+;") == 0);
	CHECK(commits == 2);
	got = rows();
	CHECK(strcmp(got, "1,3,4,9") == 0);
	free(got);
	printf("# told %s, %d commits\n", told, commits);
	write_batch_worker_stop();
	event_base_free(base);
}

static void alone_without_a_worker(void)
{
	struct request r = { .db = db };
	told[0] = '\0';
	commits = 0;
	write_batch_add(&r, write_row, done, "5");
	write_batch_add(&r, write_row, done, "-6");
	CHECK(strcmp(told, "5+;-6x;") == 0);
	CHECK(commits == 1);
	char *got = rows();
	CHECK(strcmp(got, "1,3,4,5,9") == 0);
	free(got);
}

static void an_error_that_ends_the_transaction_fails_the_batch(void)
{
	struct event_base *base = event_base_new();
	struct worker w = { .base = base, .db = db };
	struct request r[3] = { { .worker = &w, .db = db }, { .worker = &w, .db = db },
	                        { .worker = &w, .db = db } };
	told[0] = '\0';
	commits = 0;
	write_batch_add(&r[0], write_row, done, "7");
	write_batch_add(&r[1], write_row, done, "rollback");
	write_batch_add(&r[2], write_row, done, "8");
	event_base_loop(base, EVLOOP_NONBLOCK);
	CHECK(strcmp(told, "7x;rollbackx;8x;") == 0);
	CHECK(commits == 0);
	char *got = rows();
	CHECK(strcmp(got, "1,3,4,5,9") == 0);
	free(got);
	write_batch_worker_stop();
	event_base_free(base);
}

int main(void)
{
	db = testdb_open();
	RUN(one_turn_one_commit);
	RUN(alone_without_a_worker);
	RUN(an_error_that_ends_the_transaction_fails_the_batch);
	testdb_close(db);
	return DONE();
}
