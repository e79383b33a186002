/* render.h: renders post markdown off the event loop (cmark 0.30.2 is quadratic on some
 * inputs: 20,000 characters of `![[]()` take about 12 ms), then continues on the loop. */
#ifndef FORUMD_RENDER_H
#define FORUMD_RENDER_H
#include <stddef.h>
#include <stdint.h>
#include "request.h"

#include <event2/event.h>

/* Starts the rendering pool (pool.h; one thread per core, RENDER_QUEUE_MAX waiting jobs).
 * Call in main before server_run. Returns 0 or -1. Until it runs, rendering is inline. */
int render_start(void);
/* Renderings waiting or running (metrics). */
int64_t render_queue_depth(void);
/* Call on each worker thread before it frees its event base (server.c). */
void render_worker_stop(struct event_base *base);
/* Call in main after server_run returns. */
void render_stop(void);

/* Called on r's event loop with the HTML (owned by render; valid during the call). */
typedef void (*render_done_fn)(struct request *r, const char *html, void *arg);

/* Renders md[0..len) (copied) on the pool, then calls done(r, html, arg) on r's worker loop.
 * Returns 0, or -1 when the pool's queue is full: the caller answers 503 + Retry-After. */
int render_markdown(struct request *r, const char *md, size_t len, render_done_fn done, void *arg);
#endif
