/* server.h: the worker threads, each with its own event_base, evhttp and database. */
#ifndef FORUMD_SERVER_H
#define FORUMD_SERVER_H
#include <event2/event.h>
#include <event2/http.h>
#include "config.h"
#include "db.h"

struct conn_guard;
struct page_cache;

struct worker {
	int index;
	struct event_base *base;
	struct evhttp *http;
	struct db *db;
	struct conn_guard *guard;     /* per-thread connection guard (conn.c) */
	struct page_cache *pages;     /* the anonymous pages it rendered (pagecache.h) */
	const struct config *cfg;
	unsigned long inflight;       /* requests dispatched and not yet answered */
};

/* Blocks SIGTERM/SIGINT (and ignores SIGPIPE) in the calling thread and so in every
 * thread it starts later: call first in main, before any thread exists, so that only
 * server_run's sigwait ever takes a stop signal. */
void server_block_signals(void);

/* What the application plugs into the server (the server knows no page or pool). */
struct server_hooks {
	/* evhttp's request callback; its argument is the worker (struct worker *). */
	void (*dispatch)(struct evhttp_request *req, void *worker);
	/* Called on each worker thread before it frees its event base: detach every pool that
	 * could still call back into it. */
	void (*worker_stopping)(struct event_base *base);
};

/* Starts cfg->workers threads serving cfg->listen and blocks until SIGTERM/SIGINT has
 * stopped them all. Returns 0 on a clean stop, -1 if start-up failed (message printed). */
int server_run(const struct config *cfg, const struct server_hooks *hooks);
#endif
