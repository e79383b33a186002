/* pool.c: the bounded worker pool: a mutex-guarded FIFO of jobs, N threads, and the hand
 * back of each finished job to its event loop with event_base_once (thread-safe because
 * the server calls evthread_use_pthreads). */
#include "pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "limits.h"
#include "mem.h"

struct pool_job {
	struct pool_job *next;
	struct event_base *base;
	pool_work_fn work;
	pool_done_fn done;
	void *job;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t wake;          /* a job was queued, or stopping */
	pthread_cond_t idle;          /* a running job finished */
	struct pool_job *head, *tail;
	int queued, running, queue_max, nthreads;
	struct event_base **running_base; /* per thread: the base of its current job */
	bool stopping;
	pthread_t *threads;
};

struct thread_arg {
	struct pool *p;
	int index;
};

static void deliver(evutil_socket_t fd, short what, void *arg)
{
	struct pool_job *j = arg;
	j->done(j->job);
	free(j);
}

static void *pool_thread(void *arg)
{
	struct thread_arg *ta = arg;
	struct pool *p = ta->p;
	int me = ta->index;
	free(ta);
	/* Linux: the nice value is per thread. Slow work yields the CPU to the event loops,
	 * so pages keep answering while passwords hash. Failure only costs latency. */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), POOL_NICE);
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->head && !p->stopping)
			pthread_cond_wait(&p->wake, &p->lock);
		if (!p->head)
			break;
		struct pool_job *j = p->head;
		p->head = j->next;
		if (!p->head)
			p->tail = NULL;
		p->queued--;
		p->running++;
		p->running_base[me] = j->base;
		pthread_mutex_unlock(&p->lock);

		j->work(j->job);

		pthread_mutex_lock(&p->lock);
		/* a detached base has cleared our slot: its loop is gone, abandon the job */
		bool live = p->running_base[me] == j->base;
		p->running_base[me] = NULL;
		if (live && event_base_once(j->base, -1, EV_TIMEOUT, deliver, j, NULL) != 0)
			live = false;
		if (!live)
			free(j);
		p->running--;
		pthread_cond_broadcast(&p->idle);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct pool *pool_new(int threads, int queue_max)
{
	if (threads <= 0) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		threads = n < 1 ? 1 : (int)n;
	}
	if (threads > POOL_MAX_THREADS)
		threads = POOL_MAX_THREADS;
	struct pool *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	pthread_cond_init(&p->idle, NULL);
	p->queue_max = queue_max;
	p->threads = xcalloc((size_t)threads, sizeof *p->threads);
	p->running_base = xcalloc((size_t)threads, sizeof *p->running_base);
	for (int i = 0; i < threads; i++) {
		struct thread_arg *ta = xmalloc(sizeof *ta);
		ta->p = p;
		ta->index = i;
		if (pthread_create(&p->threads[i], NULL, pool_thread, ta) != 0) {
			free(ta);
			break;
		}
		p->nthreads++;
	}
	if (p->nthreads == 0) {
		pool_free(p);
		return NULL;
	}
	return p;
}

int pool_submit(struct pool *p, struct event_base *base, pool_work_fn work,
                pool_done_fn done, void *job)
{
	pthread_mutex_lock(&p->lock);
	if (p->stopping || p->queued >= p->queue_max) {
		pthread_mutex_unlock(&p->lock);
		return -1;
	}
	struct pool_job *j = xmalloc(sizeof *j);
	*j = (struct pool_job){NULL, base, work, done, job};
	if (p->tail)
		p->tail->next = j;
	else
		p->head = j;
	p->tail = j;
	p->queued++;
	pthread_cond_signal(&p->wake);
	pthread_mutex_unlock(&p->lock);
	return 0;
}

void pool_detach_base(struct pool *p, struct event_base *base)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	struct pool_job **pp = &p->head;
	p->tail = NULL;
	while (*pp) {
		struct pool_job *j = *pp;
		if (j->base == base) {
			*pp = j->next;
			p->queued--;
			free(j);
		} else {
			p->tail = j;
			pp = &j->next;
		}
	}
	for (int i = 0; i < p->nthreads; i++)
		if (p->running_base[i] == base)
			p->running_base[i] = NULL;
	pthread_mutex_unlock(&p->lock);
}

int pool_pending(struct pool *p)
{
	pthread_mutex_lock(&p->lock);
	int n = p->queued + p->running;
	pthread_mutex_unlock(&p->lock);
	return n;
}

void pool_free(struct pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (int i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	pthread_cond_destroy(&p->idle);
	free(p->running_base);
	free(p->threads);
	free(p);
}
