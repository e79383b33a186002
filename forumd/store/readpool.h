/* readpool.h: slow read-only queries (search) on threads of their own, each with its own
 * database connection, so no worker's event loop ever waits on them: a search for a word
 * in most posts cannot hold up the thread pages served beside it. The queue is bounded: a
 * full queue refuses at once (the caller answers 503 with Retry-After). */
#ifndef FORUMD_READPOOL_H
#define FORUMD_READPOOL_H
#include <event2/event.h>
#include "db.h"

/* Starts `threads` threads reading db_path (opened on each thread when first needed, after
 * keys_init), with at most queue_max jobs waiting. Returns 0 or -1. */
int readpool_start(const char *db_path, int threads, int queue_max);
/* Call on each worker thread before it frees its event base. */
void readpool_worker_stop(struct event_base *base);
/* Finishes the queued jobs and stops the threads (their connections close). */
void readpool_stop(void);

/* Runs on a pool thread with that thread's own connection (NULL when it cannot open):
 * reads only, and touches nothing of the request or the event loop. */
typedef void (*readpool_work_fn)(struct db *db, void *job);
/* Runs afterwards on the event loop of the base the job was submitted from. */
typedef void (*readpool_done_fn)(void *job);

/* Queues a job. Returns 0, or -1 when the queue is full. Without a started pool (or base
 * NULL) it runs at once: work with here_db, then done. */
int readpool_submit(struct event_base *base, struct db *here_db, readpool_work_fn work,
                    readpool_done_fn done, void *job);
#endif
