/* reqlog.c: the request log's buffer and its writer thread. Workers append under a mutex
 * held only for a memcpy; the writer takes what is there, writes it to fd 2 without the
 * lock, and reports lines dropped while the buffer was full. */
#include "reqlog.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "limits.h"

#define LINE_MAX_BYTES 512

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake, done;
	char buf[REQLOG_BUFFER_BYTES];
	size_t head, used;           /* a ring: `used` bytes from head - used */
	uint64_t dropped, reported;
	bool running, stopping, finished;
	pthread_t thread;
} lg = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER,
         .done = PTHREAD_COND_INITIALIZER };

/* Writes all of p to fd 2, waiting for it to take bytes in slices of 100 ms so that a stop
 * is noticed; gives up (false) once stopping and stderr takes nothing for two seconds. A
 * write that fails loses those bytes only: the writer goes on with the next. */
static bool write_all(const char *p, size_t n)
{
	int idle_ms = 0;
	while (n > 0) {
		struct pollfd pfd = { .fd = STDERR_FILENO, .events = POLLOUT };
		int ready = poll(&pfd, 1, 100);
		if (ready == 0) {
			pthread_mutex_lock(&lg.lock);
			bool stopping = lg.stopping;
			pthread_mutex_unlock(&lg.lock);
			if (stopping && (idle_ms += 100) >= 2000)
				return false;
			continue;
		}
		/* a pipe that polls writable takes a page at once without blocking */
		ssize_t w = write(STDERR_FILENO, p, n < 4096 ? n : 4096);
		if (w < 0 && (errno == EINTR || errno == EAGAIN))
			continue;  /* EAGAIN: a stderr left non-blocking; poll again */
		if (w <= 0)
			return true;  /* a stderr that fails (EPIPE): these bytes are lost, go on */
		p += w, n -= (size_t)w, idle_ms = 0;
	}
	return true;
}

/* The oldest contiguous run of queued bytes (the ring may wrap). Called locked. */
static size_t oldest_run(const char **start)
{
	size_t tail = (lg.head + REQLOG_BUFFER_BYTES - lg.used) % REQLOG_BUFFER_BYTES;
	*start = lg.buf + tail;
	return tail + lg.used <= REQLOG_BUFFER_BYTES ? lg.used : REQLOG_BUFFER_BYTES - tail;
}

static void report_dropped(void)
{
	char line[96];
	uint64_t n = lg.dropped - lg.reported;
	lg.reported = lg.dropped;
	pthread_mutex_unlock(&lg.lock);
	int len = snprintf(line, sizeof line, "forumd: %llu request log lines dropped: stderr "
	                   "did not keep up\n", (unsigned long long)n);
	write_all(line, (size_t)len);
	pthread_mutex_lock(&lg.lock);
}

static void *writer_main(void *arg)
{
	(void)arg;
	bool ok = true;
	pthread_mutex_lock(&lg.lock);
	while (ok) {
		while (lg.used == 0 && lg.dropped == lg.reported && !lg.stopping)
			pthread_cond_wait(&lg.wake, &lg.lock);
		if (lg.used == 0 && lg.dropped == lg.reported)
			break;  /* stopping, and all written */
		if (lg.used == 0) {
			report_dropped();
			continue;
		}
		const char *start;
		size_t n = oldest_run(&start);
		pthread_mutex_unlock(&lg.lock);
		ok = write_all(start, n);  /* the workers only append after head: start stays put */
		pthread_mutex_lock(&lg.lock);
		lg.used -= n;
	}
	lg.finished = true;
	pthread_cond_broadcast(&lg.done);
	pthread_mutex_unlock(&lg.lock);
	return NULL;
}

int reqlog_start(void)
{
	lg.running = pthread_create(&lg.thread, NULL, writer_main, NULL) == 0;
	return lg.running ? 0 : -1;
}

static void append(const char *line, size_t n)
{
	size_t first = REQLOG_BUFFER_BYTES - lg.head;
	if (first > n)
		first = n;
	memcpy(lg.buf + lg.head, line, first);
	memcpy(lg.buf, line + first, n - first);
	lg.head = (lg.head + n) % REQLOG_BUFFER_BYTES;
	lg.used += n;
}

void reqlog_line(const char *fmt, ...)
{
	char line[LINE_MAX_BYTES];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof line - 2)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	pthread_mutex_lock(&lg.lock);
	if (!lg.running || lg.stopping) {
		pthread_mutex_unlock(&lg.lock);
		fwrite(line, 1, (size_t)n, stderr);
		return;
	}
	if (lg.used + (size_t)n > REQLOG_BUFFER_BYTES) {
		lg.dropped++;
	} else {
		bool was_empty = lg.used == 0;
		append(line, (size_t)n);
		if (was_empty)
			pthread_cond_signal(&lg.wake);
	}
	pthread_mutex_unlock(&lg.lock);
}

void reqlog_stop(void)
{
	if (!lg.running)
		return;
	pthread_mutex_lock(&lg.lock);
	lg.stopping = true;
	pthread_cond_signal(&lg.wake);
	struct timespec deadline;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_sec += 3;
	while (!lg.finished)
		if (pthread_cond_timedwait(&lg.done, &lg.lock, &deadline) == ETIMEDOUT)
			break;
	bool finished = lg.finished;
	lg.running = false;
	pthread_mutex_unlock(&lg.lock);
	if (finished)
		pthread_join(lg.thread, NULL);
	else
		pthread_detach(lg.thread);  /* stderr takes nothing: leave it to the exit */
}
