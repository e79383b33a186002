/* spread.h: spreads accepted connections evenly across the workers. The workers share one
 * listening socket, and libevent's listener accepts until the backlog is empty, so a burst
 * of connections (a proxy's pool, a benchmark's) could land on one worker and leave the
 * other cores idle for as long as those connections stay open. Each worker reports its
 * number of connections as it changes; one holding more than its share pauses its
 * listener (which also ends the accept loop it is in) and wakes any paused worker with
 * room; a paused worker listens again once it holds no more than its share. At least one
 * worker always listens. */
#ifndef FORUMD_SPREAD_H
#define FORUMD_SPREAD_H
#include <stdbool.h>

struct event_base;
struct evconnlistener;

/* A worker's share of `total` connections among `workers`: an even split, rounded up, plus
 * SPREAD_SLACK (so that one connection more or less does not pause and wake a listener). */
unsigned spread_share(unsigned total, int workers);

/* Before the workers start. With one worker nothing is ever paused. */
void spread_init(int workers);

/* In worker i's thread, once its listener exists; wakes come through its base. 0 or -1. */
int spread_attach(int i, struct event_base *base, struct evconnlistener *listener);

/* In worker i's thread, each time its number of connections changes: may pause or resume
 * its listener and wake another worker's. */
void spread_count(int i, unsigned conns);

/* In worker i's thread as it stops: it is never resumed or woken again. */
void spread_detach(int i);

/* Worker i's connections now, and how many workers there are (for metrics). */
unsigned spread_worker_connections(int i);
int spread_workers(void);
#endif
