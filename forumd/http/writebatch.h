/* writebatch.h: group commit. Writes that become ready in one turn of a worker's event loop
 * (posts whose markdown came back from the render pool together) are written in one
 * transaction, each in a savepoint of its own, and committed with one COMMIT: one fsync
 * (synchronous=FULL) and one turn of the write lock for all of them, where each took its
 * own. Every write still answers only after the commit that holds it; a write that fails
 * is undone alone, and a COMMIT that fails fails them all. */
#ifndef FORUMD_WRITEBATCH_H
#define FORUMD_WRITEBATCH_H
#include <stdbool.h>
#include "request.h"

/* Writes inside the open transaction (in a savepoint). Returns 0, or -1 to undo it. */
typedef int (*batch_write_fn)(struct request *r, void *arg);
/* Called after the commit (or its failure): committed says whether what write did holds.
 * Answers the request. */
typedef void (*batch_done_fn)(struct request *r, void *arg, bool committed);

/* Queues a write on r's worker; it runs when the loop has run the callbacks already due.
 * Without a worker (unit tests) it runs at once in a transaction of its own. */
void write_batch_add(struct request *r, batch_write_fn write, batch_done_fn done, void *arg);

/* Call on each worker thread before it frees its event base: drops the worker's queue
 * (only at shutdown, after the grace period; its writes never ran). */
void write_batch_worker_stop(void);
#endif
