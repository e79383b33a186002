/* metrics.h: forumd's counters and gauges, and the Prometheus text format served on a
 * listener of its own (metrics_listen; off by default), never on the public port. Labels are
 * route patterns ("/d/:id"), methods and statuses only: no handle, id, address or token. */
#ifndef FORUMD_METRICS_H
#define FORUMD_METRICS_H
#include <stddef.h>
#include <stdint.h>
#include "config.h"

/* Counters the features bump. */
enum metric_counter {
	METRIC_POSTS,               /* dilemmas and replies committed */
	METRIC_REGISTRATIONS,       /* accounts made */
	METRIC_COUNTERS
};

/* Gauges read at each scrape, from the layers above (app/main.c registers them). */
enum metric_gauge {
	METRIC_HASH_QUEUE,          /* password jobs waiting or running */
	METRIC_RENDER_QUEUE,        /* markdown renderings waiting or running */
	METRIC_REVIEW_QUEUE,        /* posts waiting for a moderator */
	METRIC_GAUGES
};
typedef int64_t (*metric_gauge_fn)(void);

/* Before the workers start: the route table requests are counted by (route i of table). */
struct route;
void metrics_init(const struct route *table, size_t n);
void metrics_set_gauge(enum metric_gauge g, metric_gauge_fn fn);

/* One answered request: its route's index (-1: none matched), method, status and time. */
void metrics_request(int route, int method, int status, uint64_t micros);
void metrics_count(enum metric_counter c);

/* Starts the listener on cfg->metrics_listen (nothing when it is empty). 0, or -1 with a
 * message in err. metrics_stop ends it. */
int metrics_start(const struct config *cfg, char *err, size_t errlen);
void metrics_stop(void);
#endif
