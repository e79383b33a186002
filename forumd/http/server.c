/* server.c: the worker threads. One listening socket is shared by N workers, each with
 * its own event_base, evhttp, connection guard and SQLite connection, and spread.c keeps
 * their connections even; the main thread waits for SIGTERM/SIGINT and then stops them
 * gracefully. */
#include "server.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <event2/listener.h>
#include <event2/thread.h>

#include "conn.h"
#include "limits.h"
#include "mem.h"
#include "pagecache.h"
#include "spread.h"
#include "timefmt.h"

struct worker_thread {
	struct worker w;
	const struct server_hooks *hooks;
	pthread_t tid;
	evutil_socket_t listen_fd;        /* this worker's dup of the shared socket */
	struct evconnlistener *listener;
	struct event *stop_event;         /* activated from the main thread */
	struct event *drain_timer;        /* polls in-flight requests while stopping */
	uint64_t stop_deadline_us;
	unsigned long unflushed;          /* dispatched requests whose reply has not left yet */
	int started;                      /* 1 ready, -1 failed */
	size_t page_budget;               /* its share of the page cache, in bytes */
};

static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t start_cond = PTHREAD_COND_INITIALIZER;

static evutil_socket_t open_listen_socket(const struct config *cfg)
{
	char addr[300];
	struct sockaddr_storage ss;
	int sslen = sizeof ss;
	if (strchr(cfg->listen_host, ':'))
		snprintf(addr, sizeof addr, "[%s]:%d", cfg->listen_host, cfg->listen_port);
	else
		snprintf(addr, sizeof addr, "%s:%d", cfg->listen_host, cfg->listen_port);
	if (evutil_parse_sockaddr_port(addr, (struct sockaddr *)&ss, &sslen) != 0) {
		fprintf(stderr, "forumd: listen: cannot parse address %s\n", addr);
		return -1;
	}
	evutil_socket_t fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0 || evutil_make_listen_socket_reuseable(fd) != 0 ||
	    bind(fd, (struct sockaddr *)&ss, (socklen_t)sslen) != 0 || listen(fd, LISTEN_BACKLOG) != 0) {
		fprintf(stderr, "forumd: listen %s: %s\n", addr, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void drain_check(evutil_socket_t fd, short what, void *arg)
{
	struct worker_thread *t = arg;
	if ((t->w.inflight == 0 && t->unflushed == 0) || now_us() >= t->stop_deadline_us) {
		event_base_loopexit(t->w.base, NULL);
		return;
	}
	struct timeval tick = {0, 10000};
	evtimer_add(t->drain_timer, &tick);
}

/* Runs in the worker's thread: stop accepting, let in-flight requests finish. */
static void on_stop(evutil_socket_t fd, short what, void *arg)
{
	struct worker_thread *t = arg;
	spread_detach(t->w.index);
	if (t->listener)
		evconnlistener_disable(t->listener);
	t->stop_deadline_us = now_us() + (uint64_t)SHUTDOWN_GRACE_SECONDS * 1000000u * 3 / 4;
	drain_check(-1, 0, t);
}

/* A dispatched request counts in t->unflushed until its reply is written out
 * (evhttp's on-complete callback) or, if the connection goes first, until the
 * connection is freed (its close callback); exactly one of the two releases it.
 * evhttp reads a connection's next request only after the reply before it is out,
 * so a connection holds at most one such request. */
static void unflushed_release_on_close(struct evhttp_connection *evcon, void *arg)
{
	struct worker_thread *t = arg;
	t->unflushed--;
}

static void unflushed_release_on_reply(struct evhttp_request *req, void *arg)
{
	struct worker_thread *t = arg;
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	if (evcon)
		evhttp_connection_set_closecb(evcon, NULL, NULL);
	t->unflushed--;
}

/* evhttp's request callback: counts the request until its reply has left (so a stop
 * does not free a connection with a reply still in its buffer), then dispatches. */
static void dispatch_counted(struct evhttp_request *req, void *arg)
{
	struct worker_thread *t = arg;
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	if (evcon) {
		t->unflushed++;
		evhttp_request_set_on_complete_cb(req, unflushed_release_on_reply, t);
		evhttp_connection_set_closecb(evcon, unflushed_release_on_close, t);
	}
	t->hooks->dispatch(req, &t->w);
}

static void configure_http(struct worker_thread *t)
{
	const struct config *cfg = t->w.cfg;
	struct evhttp *http = t->w.http;
	evhttp_set_max_headers_size(http, (ev_ssize_t)cfg->max_headers);
	evhttp_set_max_body_size(http, (ev_ssize_t)cfg->max_body);
	evhttp_set_timeout(http, cfg->idle_timeout);
	evhttp_set_default_content_type(http, "text/html; charset=utf-8");
	/* PUT/DELETE/PATCH/OPTIONS reach the router to get a proper 405 with Allow;
	 * anything else (TRACE, CONNECT) gets evhttp's 501. */
	evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD | EVHTTP_REQ_POST |
	                                 EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE | EVHTTP_REQ_PATCH |
	                                 EVHTTP_REQ_OPTIONS);
	evhttp_set_gencb(http, dispatch_counted, t);
}

static void count_changed(unsigned conns, void *arg)
{
	struct worker_thread *t = arg;
	spread_count(t->w.index, conns);
}

static int worker_setup(struct worker_thread *t)
{
	char err[512];
	t->w.db = db_open(t->w.cfg->db_path, err, sizeof err);
	if (!t->w.db) {
		fprintf(stderr, "forumd: worker %d: %s\n", t->w.index, err);
		return -1;
	}
	t->w.base = event_base_new();
	t->w.http = t->w.base ? evhttp_new(t->w.base) : NULL;
	if (!t->w.http)
		return -1;
	configure_http(t);
	t->w.guard = conn_guard_new(t->w.base, t->w.http, t->w.cfg);
	t->w.pages = t->page_budget ? page_cache_new(t->page_budget) : NULL;  /* 0: off */
	t->listener = evconnlistener_new(t->w.base, NULL, NULL,
	                                 LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1,
	                                 t->listen_fd);
	if (!t->listener || !evhttp_bind_listener(t->w.http, t->listener))
		return -1;
	if (!t->w.guard || spread_attach(t->w.index, t->w.base, t->listener) != 0)
		return -1;
	conn_guard_on_count(t->w.guard, count_changed, t);
	t->stop_event = event_new(t->w.base, -1, 0, on_stop, t);
	t->drain_timer = evtimer_new(t->w.base, drain_check, t);
	return 0;
}

static void worker_teardown(struct worker_thread *t)
{
	if (t->stop_event)
		event_free(t->stop_event);
	if (t->drain_timer)
		event_free(t->drain_timer);
	spread_detach(t->w.index);
	if (t->w.base)
		t->hooks->worker_stopping(t->w.base); /* no pool job may call back into this base */
	if (t->w.http)
		evhttp_free(t->w.http); /* frees the bound listener and open connections */
	else if (t->listener)
		evconnlistener_free(t->listener);
	if (t->w.guard)
		conn_guard_free(t->w.guard);
	page_cache_free(t->w.pages);
	if (t->w.base)
		event_base_free(t->w.base);
	if (t->w.db)
		db_close(t->w.db);
}

static void *worker_main(void *arg)
{
	struct worker_thread *t = arg;
	int ok = worker_setup(t) == 0;
	pthread_mutex_lock(&start_lock);
	t->started = ok ? 1 : -1;
	pthread_cond_broadcast(&start_cond);
	pthread_mutex_unlock(&start_lock);
	if (ok)
		event_base_dispatch(t->w.base);
	worker_teardown(t);
	return NULL;
}

static int wait_started(struct worker_thread *t)
{
	pthread_mutex_lock(&start_lock);
	while (t->started == 0)
		pthread_cond_wait(&start_cond, &start_lock);
	int ok = t->started == 1;
	pthread_mutex_unlock(&start_lock);
	return ok ? 0 : -1;
}

static int worker_count(const struct config *cfg)
{
	if (cfg->workers > 0)
		return cfg->workers;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_WORKERS ? MAX_WORKERS : (int)n;
}

/* Starts the threads; returns how many started (all, or fewer on failure). */
static int start_workers(struct worker_thread *ts, int n, const struct config *cfg,
                         const struct server_hooks *hooks, evutil_socket_t fd)
{
	for (int i = 0; i < n; i++) {
		ts[i].w.index = i;
		ts[i].w.cfg = cfg;
		ts[i].hooks = hooks;
		ts[i].page_budget = cfg->page_cache / (size_t)n;
		ts[i].listen_fd = dup(fd);
		if (ts[i].listen_fd < 0 || pthread_create(&ts[i].tid, NULL, worker_main, &ts[i]) != 0)
			return i;
		if (wait_started(&ts[i]) != 0)
			return i + 1;
	}
	return n;
}

static void stop_workers(struct worker_thread *ts, int n)
{
	for (int i = 0; i < n; i++)
		if (ts[i].started == 1)
			event_active(ts[i].stop_event, EV_READ, 0);
		else if (ts[i].w.base)
			event_base_loopexit(ts[i].w.base, NULL);
	for (int i = 0; i < n; i++)
		pthread_join(ts[i].tid, NULL);
}

static void stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
}

void server_block_signals(void)
{
	sigset_t set;
	stop_signals(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int server_run(const struct config *cfg, const struct server_hooks *hooks)
{
	sigset_t set;
	stop_signals(&set); /* main blocked them before any thread started */
	if (evthread_use_pthreads() != 0) {
		fprintf(stderr, "forumd: libevent threading unavailable\n");
		return -1;
	}
	evutil_socket_t fd = open_listen_socket(cfg);
	if (fd < 0)
		return -1;
	int n = worker_count(cfg);
	spread_init(n);
	struct worker_thread *ts = xcalloc((size_t)n, sizeof *ts);
	int started = start_workers(ts, n, cfg, hooks, fd);
	close(fd);
	int rc = 0;
	if (started == n && ts[n - 1].started == 1) {
		fprintf(stderr, "forumd: listening on http://%s:%d (%d workers)\n",
		        cfg->listen_host, cfg->listen_port, n);
		int sig = 0;
		sigwait(&set, &sig);
		fprintf(stderr, "forumd: %s received, stopping\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
	} else {
		fprintf(stderr, "forumd: a worker failed to start\n");
		rc = -1;
	}
	stop_workers(ts, started);
	free(ts);
	return rc;
}
