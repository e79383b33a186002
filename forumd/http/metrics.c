/* metrics.c: forumd's counters (atomics the workers bump), the Prometheus text format, and
 * the metrics listener: a thread of its own with an evhttp that answers GET /metrics and
 * nothing else, on metrics_listen only. */
#include "metrics.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>

#include "conn.h"
#include "db.h"
#include "mem.h"
#include "pagecache.h"
#include "router.h"
#include "spread.h"

/* The statuses counted one by one; any other is counted as "other". */
static const int statuses[] = { 200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405,
	409, 413, 414, 415, 422, 429, 431, 500, 501, 503 };
#define NSTATUS (sizeof statuses / sizeof statuses[0] + 1)
static const char *const method_names[] = { "GET", "HEAD", "POST", "other" };
#define NMETHOD 4
/* Latency buckets, in microseconds (the exposition gives them in seconds). */
static const uint64_t buckets_us[] = { 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000,
	500000, 1000000, 2500000 };
#define NBUCKET (sizeof buckets_us / sizeof buckets_us[0])

static struct {
	const struct route *routes;
	size_t nroutes;
	atomic_ulong *requests;               /* [(nroutes + 1) * NMETHOD * NSTATUS] */
	atomic_ulong bucket[NBUCKET + 1];      /* the last: +Inf */
	atomic_ulong micros_sum;
	atomic_ulong counter[METRIC_COUNTERS];
	metric_gauge_fn gauge[METRIC_GAUGES];
} m;

void metrics_init(const struct route *table, size_t n)
{
	m.routes = table;
	m.nroutes = n;
	m.requests = xcalloc((n + 1) * NMETHOD * NSTATUS, sizeof *m.requests);
}

void metrics_set_gauge(enum metric_gauge g, metric_gauge_fn fn)
{
	m.gauge[g] = fn;
}

static size_t status_slot(int status)
{
	for (size_t i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

void metrics_request(int route, int method, int status, uint64_t micros)
{
	if (!m.requests)
		return;
	size_t r = route >= 0 && (size_t)route < m.nroutes ? (size_t)route + 1 : 0;
	size_t k = method == EVHTTP_REQ_GET ? 0 : method == EVHTTP_REQ_HEAD ? 1
	         : method == EVHTTP_REQ_POST ? 2 : 3;
	atomic_fetch_add_explicit(&m.requests[(r * NMETHOD + k) * NSTATUS + status_slot(status)], 1,
	                          memory_order_relaxed);
	size_t b = 0;
	while (b < NBUCKET && micros > buckets_us[b])
		b++;
	atomic_fetch_add_explicit(&m.bucket[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&m.micros_sum, micros, memory_order_relaxed);
}

void metrics_count(enum metric_counter c)
{
	atomic_fetch_add_explicit(&m.counter[c], 1, memory_order_relaxed);
}

/* ---------------------------------------------------------------- the exposition */

static void family(struct evbuffer *out, const char *name, const char *type, const char *help)
{
	evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void one(struct evbuffer *out, const char *name, const char *type, const char *help,
                double value)
{
	family(out, name, type, help);
	evbuffer_add_printf(out, "%s %.17g\n", name, value);
}

static void requests(struct evbuffer *out)
{
	family(out, "forumd_http_requests_total", "counter",
	       "Requests answered, by route pattern, method and status.");
	for (size_t r = 0; r <= m.nroutes; r++)
		for (size_t k = 0; k < NMETHOD; k++)
			for (size_t s = 0; s < NSTATUS; s++) {
				unsigned long n = atomic_load_explicit(
					&m.requests[(r * NMETHOD + k) * NSTATUS + s], memory_order_relaxed);
				if (!n)
					continue;
				char status[8];
				if (s < NSTATUS - 1)
					snprintf(status, sizeof status, "%d", statuses[s]);
				else
					snprintf(status, sizeof status, "other");
				evbuffer_add_printf(out,
					"forumd_http_requests_total{route=\"%s\",method=\"%s\",status=\"%s\"} %lu\n",
					r ? m.routes[r - 1].pattern : "none", method_names[k], status, n);
			}
	family(out, "forumd_http_request_duration_seconds", "histogram",
	       "Time from a request's arrival to its answer being queued.");
	unsigned long total = 0;
	for (size_t b = 0; b <= NBUCKET; b++) {
		total += atomic_load_explicit(&m.bucket[b], memory_order_relaxed);
		if (b < NBUCKET)
			evbuffer_add_printf(out, "forumd_http_request_duration_seconds_bucket{le=\"%g\"} %lu\n",
			                    (double)buckets_us[b] / 1e6, total);
		else
			evbuffer_add_printf(out, "forumd_http_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n",
			                    total);
	}
	evbuffer_add_printf(out, "forumd_http_request_duration_seconds_sum %.6f\n"
	                    "forumd_http_request_duration_seconds_count %lu\n",
	                    (double)atomic_load(&m.micros_sum) / 1e6, total);
}

static void exposition(struct evbuffer *out)
{
	requests(out);
	struct conn_counts cc = conn_counts();
	one(out, "forumd_connections_open", "gauge", "Connections open now.", cc.open);
	family(out, "forumd_worker_connections", "gauge",
	       "Connections each worker holds now (one over its share pauses accepting).");
	for (int i = 0; i < spread_workers(); i++)
		evbuffer_add_printf(out, "forumd_worker_connections{worker=\"%d\"} %u\n", i,
		                    spread_worker_connections(i));
	one(out, "forumd_connections_shed_total", "counter",
	    "Connections closed to make room for newcomers.", (double)cc.shed);
	one(out, "forumd_connections_refused_total", "counter",
	    "Connections refused with 503 over a connection cap.", (double)cc.refused);
	struct page_cache_totals pc = page_cache_totals();
	one(out, "forumd_page_cache_hits_total", "counter", "Anonymous pages served from the page cache.",
	    (double)pc.hits);
	one(out, "forumd_page_cache_misses_total", "counter", "Anonymous pages looked for and not found.",
	    (double)pc.misses);
	struct db_totals dt = db_totals();
	one(out, "forumd_db_busy_total", "counter",
	    "Statements that failed on a locked database (a wait that ended in time is not counted).",
	    (double)dt.busy);
	one(out, "forumd_db_errors_total", "counter",
	    "Statements that failed because the storage did (I/O error, full disk, damage).",
	    (double)dt.failures);
	if (m.gauge[METRIC_RENDER_QUEUE])
		one(out, "forumd_render_queue_depth", "gauge", "Markdown renderings waiting or running.",
		    (double)m.gauge[METRIC_RENDER_QUEUE]());
	if (m.gauge[METRIC_HASH_QUEUE])
		one(out, "forumd_hash_queue_depth", "gauge", "Password hashing jobs waiting or running.",
		    (double)m.gauge[METRIC_HASH_QUEUE]());
	if (m.gauge[METRIC_REVIEW_QUEUE])
		one(out, "forumd_review_queue_length", "gauge", "Posts waiting for a moderator's review.",
		    (double)m.gauge[METRIC_REVIEW_QUEUE]());
	one(out, "forumd_posts_total", "counter", "Dilemmas and replies posted.",
	    (double)atomic_load(&m.counter[METRIC_POSTS]));
	one(out, "forumd_registrations_total", "counter", "Accounts made.",
	    (double)atomic_load(&m.counter[METRIC_REGISTRATIONS]));
}

/* ---------------------------------------------------------------- the listener */

static struct {
	pthread_t thread;
	struct event_base *base;
	struct evhttp *http;
	bool running;
} srv;

static void answer(struct evhttp_request *req, void *arg)
{
	(void)arg;
	struct evbuffer *out = evbuffer_new();
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	const char *path = evhttp_uri_get_path(evhttp_request_get_evhttp_uri(req));
	enum evhttp_cmd_type method = evhttp_request_get_command(req);
	if (!path || strcmp(path, "/metrics") != 0 || method != EVHTTP_REQ_GET) {
		evhttp_add_header(h, "Content-Type", "text/plain; charset=utf-8");
		evbuffer_add_printf(out, "not found: metrics are at /metrics\n");
		evhttp_send_reply(req, 404, "Not Found", out);
		evbuffer_free(out);
		return;
	}
	exposition(out);
	evhttp_add_header(h, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
	evhttp_add_header(h, "Cache-Control", "no-store");
	evhttp_send_reply(req, 200, "OK", out);
	evbuffer_free(out);
}

static void *serve(void *arg)
{
	(void)arg;
	event_base_dispatch(srv.base);
	return NULL;
}

int metrics_start(const struct config *cfg, char *err, size_t errlen)
{
	if (!cfg->metrics_listen[0])
		return 0;
	char host[256];
	const char *colon = strrchr(cfg->metrics_listen, ':');
	long port = colon ? strtol(colon + 1, NULL, 10) : 0;
	size_t hlen = colon ? (size_t)(colon - cfg->metrics_listen) : 0;
	if (!colon || port < 1 || port > 65535 || hlen == 0 || hlen >= sizeof host) {
		snprintf(err, errlen, "metrics_listen: expected HOST:PORT");
		return -1;
	}
	memcpy(host, cfg->metrics_listen, hlen);
	host[hlen] = '\0';
	if (host[0] == '[' && hlen > 2 && host[hlen - 1] == ']') {
		memmove(host, host + 1, hlen - 2);
		host[hlen - 2] = '\0';
	}
	if (evthread_use_pthreads() != 0) {   /* metrics_stop ends the loop from another thread */
		snprintf(err, errlen, "metrics: libevent has no thread support");
		return -1;
	}
	srv.base = event_base_new();
	srv.http = srv.base ? evhttp_new(srv.base) : NULL;
	if (!srv.http || evhttp_bind_socket(srv.http, host, (ev_uint16_t)port) != 0) {
		snprintf(err, errlen, "metrics_listen %s: cannot listen there", cfg->metrics_listen);
		metrics_stop();
		return -1;
	}
	/* GET only: libevent 2.1 would send a body to a HEAD here */
	evhttp_set_allowed_methods(srv.http, EVHTTP_REQ_GET);
	evhttp_set_timeout(srv.http, 10);
	evhttp_set_gencb(srv.http, answer, NULL);
	if (pthread_create(&srv.thread, NULL, serve, NULL) != 0) {
		snprintf(err, errlen, "metrics: cannot start its thread");
		metrics_stop();
		return -1;
	}
	srv.running = true;
	return 0;
}

void metrics_stop(void)
{
	if (srv.running) {
		event_base_loopexit(srv.base, NULL);
		pthread_join(srv.thread, NULL);
		srv.running = false;
	}
	if (srv.http)
		evhttp_free(srv.http);
	if (srv.base)
		event_base_free(srv.base);
	srv.http = NULL;
	srv.base = NULL;
}
