/* writebatch.c: a worker's queue of writes, committed together at the end of the loop's
 * turn (see writebatch.h). The flush is an event made active when the first write joins
 * the queue: libevent runs it after the callbacks already active, so every render that
 * came back in the same turn is in the batch. */
#include "writebatch.h"

#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "db.h"
#include "mem.h"
#include "server.h"

struct batch_job {
	struct request *r;
	batch_write_fn write;
	batch_done_fn done;
	void *arg;
	bool ok;
};

struct write_batch {
	struct event *flush;
	struct db *db;
	struct batch_job *v;
	size_t n, cap;
};

static _Thread_local struct write_batch *batch;

/* Runs jobs v[0..n) in one transaction and answers each. */
static void run_jobs(struct db *db, struct batch_job *v, size_t n)
{
	bool open = db_begin(db) == SQLITE_OK, any = false;
	for (size_t i = 0; i < n; i++) {
		v[i].ok = false;
		/* an error that rolled the whole transaction back ends the batch: a SAVEPOINT
		 * outside one would begin and commit on its own */
		open = open && !sqlite3_get_autocommit(db_handle(db));
		if (open && db_savepoint(db) == SQLITE_OK) {
			bool wrote = v[i].write(v[i].r, v[i].arg) == 0;
			v[i].ok = db_savepoint_end(db, wrote) == SQLITE_OK && wrote;
		}
		any |= v[i].ok;
	}
	open = open && !sqlite3_get_autocommit(db_handle(db));
	bool committed = open && any && db_commit(db) == SQLITE_OK;
	if (!committed)
		db_rollback(db);
	for (size_t i = 0; i < n; i++)
		v[i].done(v[i].r, v[i].arg, committed && v[i].ok);
}

static void flush(evutil_socket_t fd, short what, void *arg)
{
	(void)fd, (void)what, (void)arg;
	/* taken out first: a done callback may queue a new write, for the next batch */
	struct batch_job *v = batch->v;
	size_t n = batch->n;
	batch->v = NULL;
	batch->n = batch->cap = 0;
	if (n)
		run_jobs(batch->db, v, n);
	free(v);
}

void write_batch_add(struct request *r, batch_write_fn write, batch_done_fn done, void *arg)
{
	struct batch_job job = { r, write, done, arg, false };
	if (!r->worker) {
		run_jobs(r->db, &job, 1);
		return;
	}
	if (!batch) {
		batch = xcalloc(1, sizeof *batch);
		batch->flush = event_new(r->worker->base, -1, 0, flush, NULL);
		batch->db = r->worker->db;
	}
	if (batch->n == batch->cap)
		batch->v = xrealloc(batch->v, (batch->cap = batch->cap ? batch->cap * 2 : 8) * sizeof *batch->v);
	batch->v[batch->n++] = job;
	if (batch->n == 1)
		event_active(batch->flush, EV_TIMEOUT, 0);
}

void write_batch_worker_stop(void)
{
	if (!batch)
		return;
	event_free(batch->flush);
	free(batch->v);
	free(batch);
	batch = NULL;
}
