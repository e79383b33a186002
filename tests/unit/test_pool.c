/* test_pool.c: the bounded pool runs work off the loop, hands results back on the
 * submitting loop's thread, refuses when full, and drops a detached base's jobs. */
#include <pthread.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "pool.h"
#include "tap.h"

struct job {
	pthread_t loop_thread, work_thread, done_thread;
	int done;
	struct event_base *base;
	int *remaining;
};

static void slow_work(void *arg)
{
	struct job *j = arg;
	j->work_thread = pthread_self();
	usleep(20000);
}

static void on_done(void *arg)
{
	struct job *j = arg;
	j->done_thread = pthread_self();
	j->done = 1;
	if (--*j->remaining == 0)
		event_base_loopbreak(j->base);
}

static void results_come_back_on_the_loop_thread(void)
{
	struct event_base *base = event_base_new();
	struct pool *p = pool_new(2, 8);
	struct job jobs[4] = {0};
	int remaining = 4;
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){.loop_thread = pthread_self(), .base = base, .remaining = &remaining};
		CHECK(pool_submit(p, base, slow_work, on_done, &jobs[i]) == 0);
	}
	struct timeval limit = {5, 0};
	event_base_loopexit(base, &limit);
	event_base_dispatch(base);
	for (int i = 0; i < 4; i++) {
		CHECK(jobs[i].done);
		CHECK(pthread_equal(jobs[i].done_thread, pthread_self()));
		CHECK(!pthread_equal(jobs[i].work_thread, pthread_self()));
	}
	pool_free(p);
	event_base_free(base);
}

static void a_full_queue_refuses(void)
{
	struct event_base *base = event_base_new();
	struct pool *p = pool_new(1, 2);
	struct job jobs[8] = {0};
	int remaining = 100, refused = 0;
	for (int i = 0; i < 8; i++) {
		jobs[i] = (struct job){.base = base, .remaining = &remaining};
		if (pool_submit(p, base, slow_work, on_done, &jobs[i]) != 0)
			refused++;
	}
	CHECK(refused >= 4);   /* one running, two queued, the rest refused */
	pool_detach_base(p, base);
	pool_free(p);
	event_base_free(base);
}

int main(void)
{
	evthread_use_pthreads();
	RUN(results_come_back_on_the_loop_thread);
	RUN(a_full_queue_refuses);
	return DONE();
}
