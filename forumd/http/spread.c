/* spread.c: spreads accepted connections evenly across the workers (see spread.h). Each
 * worker's count and whether it is counted among the listeners are atomics the others
 * read; only the worker's own thread pauses or resumes its listener. A worker over its
 * share wakes a paused one with room by counting it among the listeners and activating its
 * wake event (event_active is safe across threads once libevent's threading is on), then
 * pauses unless it is the last one counted, so a busy machine that is slow to run the woken
 * thread does not leave the waker to accept the whole burst; if the woken one has not
 * enabled its listener within SPREAD_WAKE_WAIT_MS (stuck in a long request), the waker
 * listens again. The lock keeps a wake from reaching a worker that has stopped and freed
 * its event. */
#include "spread.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include <event2/event.h>
#include <event2/listener.h>

#include "limits.h"

struct slot {
	atomic_uint conns;
	/* counted among the listeners: listening, or woken and about to (a waker claims a
	 * paused worker by setting this, so that it may pause itself at once); false while
	 * paused and once detached */
	atomic_bool listening;
	/* the worker's own thread alone touches these: */
	struct evconnlistener *listener;  /* NULL before attach and after detach */
	bool paused;                      /* its listener is disabled */
	struct event *fallback;           /* listens again if no woken worker has yet */
	struct event *wake;               /* also read by others, under wake_lock */
};

static struct slot slots[MAX_WORKERS];
static int nworkers;
static atomic_int listeners;            /* slots whose `listening` is true */
static atomic_int enabled;              /* listeners actually enabled now */
static pthread_mutex_t wake_lock = PTHREAD_MUTEX_INITIALIZER;

unsigned spread_share(unsigned total, int workers)
{
	unsigned n = workers > 0 ? (unsigned)workers : 1;
	return (total + n - 1) / n + SPREAD_SLACK;
}

void spread_init(int workers)
{
	nworkers = workers < 1 ? 1 : workers > MAX_WORKERS ? MAX_WORKERS : workers;
	atomic_store(&listeners, 0);
	atomic_store(&enabled, 0);
	for (int i = 0; i < nworkers; i++) {
		atomic_store(&slots[i].conns, 0);
		atomic_store(&slots[i].listening, false);
	}
}

/* Sets s counted among the listeners; false if it was already (someone else claimed it). */
static bool claim(struct slot *s)
{
	bool was = false;
	if (!atomic_compare_exchange_strong(&s->listening, &was, true))
		return false;
	atomic_fetch_add(&listeners, 1);
	return true;
}

/* Pauses s's listener unless it is the last one counted (two workers deciding at once
 * must not both stop: the count is taken from with a compare-and-swap). */
static void pause_listener(struct slot *s)
{
	int n = atomic_load(&listeners);
	while (n > 1 && !atomic_compare_exchange_weak(&listeners, &n, n - 1))
		;
	if (n <= 1)
		return;
	atomic_store(&s->listening, false);
	s->paused = true;
	evconnlistener_disable(s->listener);
	if (atomic_fetch_sub(&enabled, 1) == 1) {
		/* the worker it woke has not enabled its listener yet: if it is stuck (a long
		 * request, a busy wait on the database), this one listens again */
		struct timeval wait = { 0, SPREAD_WAKE_WAIT_MS * 1000 };
		evtimer_add(s->fallback, &wait);
	}
}

static void enable_listener(struct slot *s)
{
	s->paused = false;
	evconnlistener_enable(s->listener);
	atomic_fetch_add(&enabled, 1);
}

static void resume_listener(struct slot *s)
{
	claim(s);                 /* or a waker has, and its wake is on its way */
	enable_listener(s);
}

/* In the woken worker's thread: a waker has already counted it. A wake that finds it not
 * counted is stale (it resumed and paused again since): it stays paused. */
static void wake_cb(evutil_socket_t fd, short what, void *arg)
{
	struct slot *s = arg;
	(void)fd;
	(void)what;
	if (s->paused && s->listener && atomic_load(&s->listening))
		enable_listener(s);
}

static void fallback_cb(evutil_socket_t fd, short what, void *arg)
{
	struct slot *s = arg;
	(void)fd;
	(void)what;
	if (s->paused && s->listener && atomic_load(&enabled) == 0)
		resume_listener(s);
}

int spread_attach(int i, struct event_base *base, struct evconnlistener *listener)
{
	struct slot *s = &slots[i];
	struct event *wake = event_new(base, -1, 0, wake_cb, s);
	s->fallback = evtimer_new(base, fallback_cb, s);
	if (!wake || !s->fallback) {
		if (wake)
			event_free(wake);
		if (s->fallback)
			event_free(s->fallback);
		s->fallback = NULL;
		return -1;
	}
	pthread_mutex_lock(&wake_lock);
	s->wake = wake;
	pthread_mutex_unlock(&wake_lock);
	s->listener = listener;
	s->paused = false;
	claim(s);
	atomic_fetch_add(&enabled, 1);
	return 0;
}

void spread_detach(int i)
{
	struct slot *s = &slots[i];
	pthread_mutex_lock(&wake_lock);   /* no claim by a waker after this */
	struct event *wake = s->wake;
	s->wake = NULL;
	if (atomic_exchange(&s->listening, false))
		atomic_fetch_sub(&listeners, 1);
	pthread_mutex_unlock(&wake_lock);
	if (wake)
		event_free(wake);
	if (s->fallback)
		event_free(s->fallback);
	s->fallback = NULL;
	if (s->listener && !s->paused)
		atomic_fetch_sub(&enabled, 1);
	s->listener = NULL;
	s->paused = false;
}

static unsigned total_connections(void)
{
	unsigned total = 0;
	for (int j = 0; j < nworkers; j++)
		total += atomic_load(&slots[j].conns);
	return total;
}

/* Wakes every paused worker with room, before `self` pauses: each is counted among the
 * listeners at once, so `self` may pause while the wake is on its way. */
static void wake_others(int self, unsigned share)
{
	for (int j = 0; j < nworkers; j++) {
		struct slot *o = &slots[j];
		if (j == self || atomic_load(&o->listening) || atomic_load(&o->conns) > share)
			continue;
		pthread_mutex_lock(&wake_lock);
		if (o->wake && claim(o))
			event_active(o->wake, EV_READ, 0);
		pthread_mutex_unlock(&wake_lock);
	}
}

void spread_count(int i, unsigned conns)
{
	struct slot *s = &slots[i];
	atomic_store(&s->conns, conns);
	if (!s->listener || nworkers < 2)
		return;
	unsigned share = spread_share(total_connections(), nworkers);
	if (!s->paused && conns > share) {
		wake_others(i, share);
		pause_listener(s);   /* stays listening if it is the last; its next accept asks again */
	}
	else if (s->paused && conns <= share)
		resume_listener(s);
}

unsigned spread_worker_connections(int i)
{
	return i >= 0 && i < nworkers ? atomic_load(&slots[i].conns) : 0;
}

int spread_workers(void)
{
	return nworkers;
}
