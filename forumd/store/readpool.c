/* readpool.c: the read pool (readpool.h): base/pool.c's bounded threads, each with a
 * database connection of its own, opened when first needed and closed when it exits. */
#include "readpool.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "mem.h"
#include "pool.h"

static struct pool *read_pool;
static char *read_path;
static pthread_key_t thread_db_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

struct read_job {
	readpool_work_fn work;
	readpool_done_fn done;
	void *job;
	unsigned long failures;   /* storage failures while it ran (db.h) */
};

static void close_thread_db(void *db)
{
	db_close(db);
}

static void make_key(void)
{
	pthread_key_create(&thread_db_key, close_thread_db);
}

/* The calling pool thread's connection, opened on first use; NULL when it cannot open. */
static struct db *thread_db(void)
{
	struct db *db = pthread_getspecific(thread_db_key);
	if (!db && read_path) {
		char err[256];
		db = db_open(read_path, err, sizeof err);
		if (!db)
			fprintf(stderr, "forumd: read pool: %s\n", err);
		else
			pthread_setspecific(thread_db_key, db);
	}
	return db;
}

static void read_work(void *p)
{
	struct read_job *j = p;
	unsigned long before = db_failures();
	j->work(thread_db(), j->job);
	j->failures = db_failures() - before;
}

/* On the worker: the job's storage failures become the worker's, so the request that asked
 * for it is answered 503 (db.h). */
static void read_done(void *p)
{
	struct read_job *j = p;
	db_failures_add(j->failures);
	j->done(j->job);
	free(j);
}

int readpool_start(const char *db_path, int threads, int queue_max)
{
	pthread_once(&key_once, make_key);
	read_path = xstrdup(db_path);
	read_pool = pool_new(threads, queue_max);
	return read_pool ? 0 : -1;
}

void readpool_worker_stop(struct event_base *base)
{
	if (read_pool)
		pool_detach_base(read_pool, base);
}

void readpool_stop(void)
{
	pool_free(read_pool);
	read_pool = NULL;
	free(read_path);
	read_path = NULL;
}

int readpool_submit(struct event_base *base, struct db *here_db, readpool_work_fn work,
                    readpool_done_fn done, void *job)
{
	if (!read_pool || !base) {
		work(here_db, job);
		done(job);
		return 0;
	}
	struct read_job *j = xmalloc(sizeof *j);
	*j = (struct read_job){ work, done, job, 0 };
	if (pool_submit(read_pool, base, read_work, read_done, j) != 0) {
		free(j);
		return -1;
	}
	return 0;
}
