/* pool.h: a small bounded thread pool for slow work (Argon2id) kept off the event loops.
 * work_fn runs on a pool thread; done_fn then runs on the submitting worker's event loop. */
#ifndef FORUMD_POOL_H
#define FORUMD_POOL_H
#include <event2/event.h>

struct pool;

/* Runs on a pool thread: must not touch the request, the database or the event loop. */
typedef void (*pool_work_fn)(void *job);
/* Runs on the event loop of the base given to pool_submit, after work_fn. */
typedef void (*pool_done_fn)(void *job);

/* Starts `threads` threads (0: one per core, at most POOL_MAX_THREADS) with a queue of at
 * most `queue_max` waiting jobs. The caller owns the pool; stop it with pool_free. */
struct pool *pool_new(int threads, int queue_max);

/* Queues a job. Returns 0, or -1 when the queue is full or the pool is stopping (the
 * caller then answers 503 + Retry-After and still owns job). The base's thread must be
 * running an event loop until done_fn has run, or call pool_detach_base first. */
int pool_submit(struct pool *p, struct event_base *base, pool_work_fn work,
                pool_done_fn done, void *job);

/* Called on a worker's thread before it frees `base`: drops its queued jobs and waits for
 * its running ones, whose done_fn will then never run (their jobs are abandoned: only at
 * shutdown, after the grace period). */
void pool_detach_base(struct pool *p, struct event_base *base);

/* Jobs waiting + running (for tests and the benchmark). */
int pool_pending(struct pool *p);

/* Finishes the queued jobs, joins the threads and frees the pool. NULL is a no-op. */
void pool_free(struct pool *p);
#endif
