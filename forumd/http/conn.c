/* conn.c: the connection guard: caps, the request deadline and a raw-framing check. */
#include "conn.h"

#include <pthread.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/queue.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <sodium.h>

#include "framescan.h"
#include "keys.h"
#include "limits.h"
#include "mem.h"

#define CLIENT_ID_BYTES      16        /* keyed hash of a client's address */
#define CLIENT_BUCKETS       4096      /* hash table of clients with open connections */

#define CANNED_BYTES         1024      /* room for one canned reply */
#define SEND_IOVECS          64        /* buffer pieces per sendmsg */

#define SECURITY_HEADERS \
	"X-Content-Type-Options: nosniff\r\n" \
	"Referrer-Policy: no-referrer\r\n" \
	"Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'none'; " \
	"frame-ancestors 'none'; form-action 'self'\r\n"
#define HSTS_HEADER "Strict-Transport-Security: max-age=31536000\r\n"

/* ===================== Clients and counts, shared by all workers ===================== */

struct client {
	struct client *next;
	unsigned char id[CLIENT_ID_BYTES];
	unsigned open;
};

static struct {
	pthread_mutex_t lock;
	struct client *bucket[CLIENT_BUCKETS];
} clients = { .lock = PTHREAD_MUTEX_INITIALIZER };

static atomic_uint open_total;   /* connections admitted, all workers */
static atomic_ulong shed_total, refused_total;

struct conn_counts conn_counts(void)
{
	return (struct conn_counts){ atomic_load(&open_total), atomic_load(&shed_total),
	                             atomic_load(&refused_total) };
}

size_t client_address_part(const struct sockaddr *sa, unsigned char out[CLIENT_PART_BYTES])
{
	if (sa->sa_family == AF_INET) {
		out[0] = 4;
		memcpy(out + 1, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		return 5;
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(a)) {
			out[0] = 4;
			memcpy(out + 1, a->s6_addr + 12, 4);
			return 5;
		}
		out[0] = 6;
		memcpy(out + 1, a->s6_addr, 8);   /* the /64 */
		return 9;
	}
	out[0] = 0;
	return 1;
}

size_t client_address_part_text(const char *text, unsigned char out[CLIENT_PART_BYTES])
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, text, &sin->sin_addr) == 1)
		ss.ss_family = AF_INET;
	else if (inet_pton(AF_INET6, text, &sin6->sin6_addr) == 1)
		ss.ss_family = AF_INET6;
	size_t n = client_address_part((const struct sockaddr *)&ss, out);
	sodium_memzero(&ss, sizeof ss);
	return n;
}

/* The client part of the peer's address (client_address_part), or 0 if the peer is gone. */
static size_t peer_bytes(int fd, unsigned char out[CLIENT_PART_BYTES])
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0;
	size_t n = client_address_part((const struct sockaddr *)&ss, out);
	sodium_memzero(&ss, sizeof ss);
	return n;
}

/* The client's id: its address hashed with today's address key (keys.c), which is
 * random, in memory only and replaced daily. A connection keeps the id it opened with,
 * so the count it holds is released right across a change of key. */
static void client_id(const unsigned char *addr, size_t n, unsigned char id[CLIENT_ID_BYTES])
{
	unsigned char key[KEY_BYTES];
	keys_address_key(key);
	crypto_generichash(id, CLIENT_ID_BYTES, addr, n, key, sizeof key);
	sodium_memzero(key, sizeof key);
}

static struct client **client_slot(const unsigned char id[CLIENT_ID_BYTES])
{
	uint32_t h;
	memcpy(&h, id, sizeof h);
	struct client **pp = &clients.bucket[h & (CLIENT_BUCKETS - 1)];
	while (*pp && memcmp((*pp)->id, id, CLIENT_ID_BYTES) != 0)
		pp = &(*pp)->next;
	return pp;
}

/* Counts one more connection from the client at addr unless it already has cap.
 * Writes the client's id to id. Returns 0, or -1 over the cap. */
static int client_acquire(const unsigned char *addr, size_t n, unsigned cap,
                          unsigned char id[CLIENT_ID_BYTES])
{
	int rc = 0;
	client_id(addr, n, id);
	pthread_mutex_lock(&clients.lock);
	struct client **pp = client_slot(id);
	if (!*pp) {
		*pp = xcalloc(1, sizeof **pp);
		memcpy((*pp)->id, id, CLIENT_ID_BYTES);
	}
	if ((*pp)->open >= cap)
		rc = -1;
	else
		(*pp)->open++;
	if ((*pp)->open == 0) {
		struct client *c = *pp;
		*pp = c->next;
		free(c);
	}
	pthread_mutex_unlock(&clients.lock);
	return rc;
}

static void client_release(const unsigned char id[CLIENT_ID_BYTES])
{
	pthread_mutex_lock(&clients.lock);
	struct client **pp = client_slot(id);
	if (*pp && --(*pp)->open == 0) {
		struct client *c = *pp;
		*pp = c->next;
		free(c);
	}
	pthread_mutex_unlock(&clients.lock);
}

/* ===================== One connection ===================== */

/* Which of its guard's lists an admitted connection is on: the ones shed first when
 * connections run short. A connection answering a request is on neither. */
enum conn_wait { WAIT_NONE, WAIT_REQUEST, WAIT_IDLE };

TAILQ_HEAD(conn_list, conn);

struct conn_guard {
	struct event_base *base;
	const struct config *cfg;
	unsigned open;        /* connections admitted by this worker and not yet freed */
	unsigned states;      /* connection states alive (admitted or not) */
	unsigned long shed;   /* connections this worker shed to admit newcomers */
	bool freed;           /* conn_guard_free was called; the last state frees g */
	conn_count_fn on_count;     /* told each time `states` changes */
	void *on_count_arg;
	struct conn_list waiting;   /* no request whole yet, longest waiting first */
	struct conn_list idle;      /* keep-alive between requests, longest idle first */
};

struct conn {
	struct conn_guard *g;
	struct bufferevent *bev;     /* the filter evhttp owns */
	struct bufferevent *under;   /* the socket bufferevent under it */
	struct event *timer;         /* first the admission check, then the deadline */
	struct event *wev;           /* the socket can take more output */
	struct frame_scan scan;
	size_t cur_passed;           /* bytes of the current request handed to evhttp */
	unsigned char id[CLIENT_ID_BYTES];
	bool opened;                 /* admission decided */
	bool counted;                /* holds a place in the counts */
	bool armed;                  /* the deadline is pending */
	bool dead;                   /* all further input is dropped */
	bool write_failed;           /* the socket refused output; it has been shut */
	int pending_status;          /* a refusal not yet sent (0: none) */
	const char *pending_reason;
	enum conn_wait wait;         /* on g->waiting, g->idle or neither */
	bool answering;              /* a whole request went to evhttp and its answer has not
	                                drained yet: on neither list, whatever follows it */
	TAILQ_ENTRY(conn) link;
};

static int conn_fd(const struct conn *c)
{
	return (int)bufferevent_getfd(c->bev);
}

/* False once evhttp has freed the connection: bufferevent_free clears the callbacks
 * at once, while the memory (and this state) lives until the deferred finalizer. */
static bool conn_alive(const struct conn *c)
{
	bufferevent_event_cb eventcb = NULL;
	bufferevent_getcb(c->bev, NULL, NULL, &eventcb, NULL);
	return eventcb != NULL;
}

/* Takes c off the list it is on, if any. */
static void wait_leave(struct conn *c)
{
	if (c->wait == WAIT_REQUEST)
		TAILQ_REMOVE(&c->g->waiting, c, link);
	else if (c->wait == WAIT_IDLE)
		TAILQ_REMOVE(&c->g->idle, c, link);
	c->wait = WAIT_NONE;
}

/* Puts c at the end (the newest) of list w. */
static void wait_enter(struct conn *c, enum conn_wait w)
{
	wait_leave(c);
	TAILQ_INSERT_TAIL(w == WAIT_REQUEST ? &c->g->waiting : &c->g->idle, c, link);
	c->wait = w;
}

static void arm(struct conn *c)
{
	struct timeval tv = { c->g->cfg->request_deadline, 0 };
	event_add(c->timer, &tv);
	c->armed = true;
}

static void disarm(struct conn *c)
{
	event_del(c->timer);
	c->armed = false;
}

static const char *status_text(int status)
{
	switch (status) {
	case 413: return "Content Too Large";
	case 431: return "Request Header Fields Too Large";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	default:  return "Bad Request";
	}
}

/* Writes a complete close-delimited reply into buf. Returns its length. */
static size_t canned_reply(const struct conn *c, int status, const char *reason,
                           char *buf, size_t cap)
{
	char body[256];
	char retry[64] = "";
	int nb;
	if (status == 400)
		nb = snprintf(body, sizeof body, "bad request: %s\n", reason);
	else
		nb = snprintf(body, sizeof body, "%s\n", reason);
	if (status == 503)
		snprintf(retry, sizeof retry, "Retry-After: %d\r\n", CONN_RETRY_AFTER_SECONDS);
	int n = snprintf(buf, cap,
		"HTTP/1.1 %d %s\r\n"
		"Connection: close\r\n"
		"Content-Type: text/plain; charset=utf-8\r\n"
		"Content-Length: %d\r\n"
		"%s" SECURITY_HEADERS "%s"
		"\r\n%s",
		status, status_text(status), nb, retry,
		c->g->cfg->tls ? HSTS_HEADER : "", body);
	return (n > 0 && (size_t)n < cap) ? (size_t)n : 0;
}

/* Sends a canned reply straight to the socket, bypassing evhttp. It is small enough
 * for an empty socket buffer; if it does not fit, the client sees only the close. */
static void send_canned(const struct conn *c, int fd, int status, const char *reason)
{
	char buf[CANNED_BYTES];
	size_t n = canned_reply(c, status, reason, buf, sizeof buf);
	if (n > 0)
		(void)send(fd, buf, n, MSG_NOSIGNAL | MSG_DONTWAIT);
}

static bool output_empty(const struct conn *c)
{
	return evbuffer_get_length(bufferevent_get_output(c->bev)) == 0 &&
	       evbuffer_get_length(bufferevent_get_output(c->under)) == 0;
}

/* The socket can take more output: run the output filter. bufferevent_flush holds a
 * reference on the filter while evhttp's write callback may free the connection. */
static void on_writable(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	(void)fd;
	(void)what;
	if (conn_alive(c) && !c->write_failed)
		bufferevent_flush(c->bev, EV_WRITE, BEV_NORMAL);
}

/* Connections ran short: closes this worker's connection that has waited longest for a
 * request to arrive whole, else its longest idle keep-alive. Its count is released when
 * evhttp frees it, a moment later. Returns false when it has neither. */
static bool shed_one(struct conn_guard *g)
{
	struct conn *v;
	for (;;) {
		v = TAILQ_FIRST(&g->waiting);
		if (!v)
			v = TAILQ_FIRST(&g->idle);
		if (!v)
			return false;
		if (conn_alive(v))
			break;
		wait_leave(v);   /* evhttp freed it already; its finalizer has not run yet */
	}
	wait_leave(v);
	disarm(v);
	v->dead = true;
	int fd = conn_fd(v);
	if (fd >= 0)
		shutdown(fd, SHUT_RDWR);
	g->shed++;
	atomic_fetch_add_explicit(&shed_total, 1, memory_order_relaxed);
	return true;
}

/* Admission: over the per-client cap the newcomer gets a 503 and the socket is shut, so
 * evhttp reads EOF and frees the connection on its own path; over the total cap an older
 * connection that is not being answered makes room (shed_one), or, with none, the
 * newcomer gets the 503. */
static void admit(struct conn *c)
{
	const struct config *cfg = c->g->cfg;
	unsigned char addr[CLIENT_PART_BYTES];
	int fd = conn_fd(c);
	size_t n;

	c->opened = true;
	event_del(c->timer);   /* the input filter may run this before the timer does */
	if (fd >= 0) {
		c->wev = event_new(c->g->base, fd, EV_WRITE, on_writable, c);
		/* an answer is written whole: its last piece must not wait for the peer's delayed
		 * ACK of the first (Nagle's algorithm: 40 ms) */
		int on = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	}
	if (fd < 0 || !c->wev || (n = peer_bytes(fd, addr)) == 0) {
		c->dead = true;
		if (fd >= 0)
			shutdown(fd, SHUT_RDWR);
		return;
	}
	int over_client = client_acquire(addr, n, (unsigned)cfg->max_connections_per_client, c->id);
	sodium_memzero(addr, sizeof addr);
	unsigned total = atomic_fetch_add(&open_total, 1) + 1;
	if (over_client != 0 || (total > (unsigned)cfg->max_connections && !shed_one(c->g))) {
		atomic_fetch_sub(&open_total, 1);
		if (over_client == 0)
			client_release(c->id);
		atomic_fetch_add_explicit(&refused_total, 1, memory_order_relaxed);
		send_canned(c, fd, 503, "server busy, retry later");
		shutdown(fd, SHUT_RDWR);
		c->dead = true;
		return;
	}
	c->counted = true;
	c->g->open++;
	wait_enter(c, WAIT_REQUEST);
	arm(c);
}

/* The timer: first the admission check, then the request deadline (or, after a
 * refusal, the end of lingering). Either way the socket is shut and evhttp frees it. */
static void timer_cb(evutil_socket_t unused_fd, short what, void *arg)
{
	struct conn *c = arg;
	(void)unused_fd;
	(void)what;
	if (!conn_alive(c))
		return;
	if (!c->opened) {
		admit(c);
		return;
	}
	c->armed = false;
	int fd = conn_fd(c);
	if (fd < 0)
		return;
	if (c->pending_status && output_empty(c))
		send_canned(c, fd, c->pending_status, c->pending_reason);
	c->pending_status = 0;
	c->dead = true;
	wait_leave(c);
	shutdown(fd, SHUT_RDWR);
}

/* After a violation answered later: once evhttp has sent every reply it owes and
 * holds no unread request, the refusal goes out and the socket is shut for writing. */
static void send_pending(struct conn *c, int fd)
{
	if (!c->pending_status || evbuffer_get_length(bufferevent_get_input(c->bev)) > 0)
		return;
	send_canned(c, fd, c->pending_status, c->pending_reason);
	c->pending_status = 0;
	shutdown(fd, SHUT_WR);
}

/* A framing violation: answer it now if nothing evhttp holds or writes would come
 * before it, else when the timer fires; drop all later input either way. */
static void refuse(struct conn *c, struct evbuffer *dst, size_t prefix_passed)
{
	int fd = conn_fd(c);
	c->dead = true;
	wait_leave(c);
	if (fd >= 0 && evbuffer_get_length(dst) <= prefix_passed && output_empty(c)) {
		send_canned(c, fd, c->scan.status, c->scan.reason);
		shutdown(fd, SHUT_WR);
	} else {
		c->pending_status = c->scan.status;
		c->pending_reason = c->scan.reason;
	}
	arm(c);
}

/* Runs the scanner over the first n bytes of src. Returns 0 or -1 (violation). */
static int scan_buffer(struct conn *c, struct evbuffer *src, size_t n)
{
	struct evbuffer_ptr pos;
	struct evbuffer_iovec v[8];
	size_t done = 0;

	evbuffer_ptr_set(src, &pos, 0, EVBUFFER_PTR_SET);
	while (done < n) {
		int k = evbuffer_peek(src, (ev_ssize_t)(n - done), &pos, v, 8);
		if (k <= 0)
			break;
		size_t step = 0;
		for (int i = 0; i < k && i < 8 && done + step < n; i++) {
			size_t len = v[i].iov_len;
			if (len > n - done - step)
				len = n - done - step;
			if (frame_scan_feed(&c->scan, v[i].iov_base, len) != 0)
				return -1;
			step += len;
		}
		done += step;
		evbuffer_ptr_set(src, &pos, step, EVBUFFER_PTR_ADD);
	}
	return 0;
}

/* After a chunk passed: a request begun in it gets a fresh deadline (the first one
 * keeps the deadline set when the connection opened); a finished one none. */
static void update_deadline(struct conn *c, unsigned long completed_before)
{
	if (c->scan.completed != completed_before) {
		c->answering = true;   /* until its answer drains (output_filter) */
		wait_leave(c);
	}
	if (!frame_scan_in_request(&c->scan)) {
		if (c->armed)
			disarm(c);
		return;
	}
	if (c->scan.started && !c->answering && c->wait != WAIT_REQUEST)
		wait_enter(c, WAIT_REQUEST);
	if (!c->armed || (c->scan.started && c->scan.completed > 0))
		arm(c);
}

/* A violation in the chunk: the requests before the bad one go to evhttp, the bad
 * one and all that follows are dropped, and the client is refused. Returns what the
 * input filter returns: BEV_OK only if evhttp has new requests to read. */
static enum bufferevent_filter_result
violation(struct conn *c, struct evbuffer *src, struct evbuffer *dst, uint64_t fed_before)
{
	size_t prefix_passed = c->cur_passed;
	size_t keep = 0;
	if (c->scan.started) {
		keep = (size_t)(c->scan.req_start - fed_before);
		evbuffer_remove_buffer(src, dst, keep);
		prefix_passed = 0;
	}
	evbuffer_drain(src, evbuffer_get_length(src));
	refuse(c, dst, prefix_passed);
	return keep > 0 ? BEV_OK : BEV_NEED_MORE;
}

/* The input filter: hands raw bytes to evhttp unchanged, after the scanner saw them. */
static enum bufferevent_filter_result
input_filter(struct evbuffer *src, struct evbuffer *dst, ev_ssize_t lim,
             enum bufferevent_flush_mode mode, void *ctx)
{
	struct conn *c = ctx;
	(void)mode;
	if (!c->opened)
		admit(c);
	if (c->dead) {
		evbuffer_drain(src, evbuffer_get_length(src));
		return BEV_NEED_MORE;
	}
	size_t n = evbuffer_get_length(src);
	if (lim >= 0 && (size_t)lim < n)
		n = (size_t)lim;
	if (n == 0)
		return BEV_NEED_MORE;

	uint64_t fed_before = c->scan.fed;
	unsigned long completed_before = c->scan.completed;
	c->scan.started = false;
	if (scan_buffer(c, src, n) != 0)
		return violation(c, src, dst, fed_before);
	if (evbuffer_remove_buffer(src, dst, n) < 0)
		return BEV_ERROR;
	c->cur_passed = frame_scan_in_request(&c->scan) ? (size_t)(c->scan.fed - c->scan.req_start) : 0;
	update_deadline(c, completed_before);
	return BEV_OK;
}

/* One sendmsg of src's first SEND_IOVECS pieces. Returns what sendmsg does. */
static ssize_t send_some(int fd, struct evbuffer *src)
{
	struct evbuffer_iovec v[SEND_IOVECS];
	struct iovec iov[SEND_IOVECS];
	int k = evbuffer_peek(src, -1, NULL, v, SEND_IOVECS);
	if (k > SEND_IOVECS)
		k = SEND_IOVECS;
	for (int i = 0; i < k; i++) {
		iov[i].iov_base = v[i].iov_base;
		iov[i].iov_len = v[i].iov_len;
	}
	struct msghdr msg = { .msg_iov = iov, .msg_iovlen = (size_t)(k > 0 ? k : 0) };
	return sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* The output filter: writes evhttp's output to the socket itself. Passing it on to
 * the socket bufferevent would empty evhttp's buffer before the bytes were sent, and
 * evhttp, taking that as sent, would free a "Connection: close" connection with its
 * reply unsent. Here the buffer empties only as the kernel takes the bytes; when the
 * socket is full, c->wev calls the filter again once it can take more. (The socket
 * bufferevent's own write side stays disabled: libevent 2.1's filter runs its output
 * from that write callback without holding a reference, and evhttp freeing the
 * connection inside it leaves a freed timer scheduled.) */
static enum bufferevent_filter_result
output_filter(struct evbuffer *src, struct evbuffer *dst, ev_ssize_t lim,
              enum bufferevent_flush_mode mode, void *ctx)
{
	struct conn *c = ctx;
	int fd = conn_fd(c);
	(void)dst;
	(void)lim;
	(void)mode;

	if (fd < 0 || !c->wev || c->write_failed)
		return BEV_ERROR;
	if (evbuffer_get_length(src) == 0)
		return BEV_NEED_MORE;
	/* as much as the kernel takes now, SEND_IOVECS pieces a call: an answer in many pieces
	 * (a page assembled from shared spans) goes out in one turn, not one call a turn */
	bool sent = false;
	while (evbuffer_get_length(src) > 0) {
		ssize_t n = send_some(fd, src);
		if (n > 0) {
			evbuffer_drain(src, (size_t)n);
			sent = true;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
			event_add(c->wev, NULL);   /* the rest when the socket can take it */
			return sent ? BEV_OK : BEV_NEED_MORE;
		}
		/* The peer is gone: shut the socket so that evhttp reads EOF and frees it. */
		c->write_failed = true;
		wait_leave(c);
		shutdown(fd, SHUT_RDWR);
		return BEV_ERROR;
	}
	send_pending(c, fd);
	/* answered, and evhttp holds no further request: waiting for the rest of the next one,
	 * or an idle keep-alive */
	if (c->counted && !c->dead && evbuffer_get_length(bufferevent_get_input(c->bev)) == 0) {
		c->answering = false;
		if (c->wait == WAIT_NONE)
			wait_enter(c, frame_scan_in_request(&c->scan) ? WAIT_REQUEST : WAIT_IDLE);
	}
	return BEV_OK;
}

/* evhttp adds its reply to the filter's output and only then enables writing on the
 * filter, which alone does not run the output filter: c->wev does, next time round. */
static void output_added(struct evbuffer *buf, const struct evbuffer_cb_info *info, void *arg)
{
	struct conn *c = arg;
	(void)buf;
	if (info->n_added > 0 && c->wev && !c->write_failed)
		event_add(c->wev, NULL);
}

/* free_context of the filter: runs when evhttp's connection is finalized. */
static void conn_free(void *ctx)
{
	struct conn *c = ctx;
	struct conn_guard *g = c->g;
	wait_leave(c);
	if (c->counted) {
		atomic_fetch_sub(&open_total, 1);
		client_release(c->id);
		g->open--;
	}
	event_free(c->timer);
	if (c->wev)
		event_free(c->wev);
	sodium_memzero(c->id, sizeof c->id);
	free(c);
	g->states--;
	if (g->on_count && !g->freed)
		g->on_count(g->states, g->on_count_arg);
	if (g->states == 0 && g->freed)
		free(g);
}

/* evhttp's bufferevent factory: called for each accepted connection, before its fd
 * is set; evhttp then sets the fd through the filter on the socket bufferevent. */
static struct bufferevent *make_bev(struct event_base *base, void *arg)
{
	struct conn_guard *g = arg;
	struct bufferevent *under = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (!under)
		return NULL;
	struct conn *c = xcalloc(1, sizeof *c);
	c->g = g;
	c->under = under;
	frame_scan_init(&c->scan, g->cfg->max_headers);
	c->scan.max_body = g->cfg->max_body;
	c->timer = evtimer_new(base, timer_cb, c);
	if (!c->timer) {
		bufferevent_free(under);
		free(c);
		return NULL;
	}
	c->bev = bufferevent_filter_new(under, input_filter, output_filter, BEV_OPT_CLOSE_ON_FREE,
	                                conn_free, c);
	if (!c->bev) {
		event_free(c->timer);
		bufferevent_free(under);
		free(c);
		return NULL;
	}
	bufferevent_disable(under, EV_WRITE);
	evbuffer_add_cb(bufferevent_get_output(c->bev), output_added, c);
	g->states++;
	event_active(c->timer, EV_TIMEOUT, 0);
	if (g->on_count)
		g->on_count(g->states, g->on_count_arg); /* may pause the listener accepting this */
	return c->bev;
}

struct conn_guard *conn_guard_new(struct event_base *base, struct evhttp *http,
                                  const struct config *cfg)
{
	if (sodium_init() < 0)
		return NULL;
	struct conn_guard *g = xcalloc(1, sizeof *g);
	g->base = base;
	g->cfg = cfg;
	TAILQ_INIT(&g->waiting);
	TAILQ_INIT(&g->idle);
	evhttp_set_bevcb(http, make_bev, g);
	return g;
}

void conn_guard_on_count(struct conn_guard *g, conn_count_fn fn, void *arg)
{
	g->on_count = fn;
	g->on_count_arg = arg;
}

void conn_guard_free(struct conn_guard *g)
{
	if (!g)
		return;
	g->freed = true;
	if (g->states == 0)
		free(g);
}

unsigned conn_guard_open(const struct conn_guard *g)
{
	return g->open;
}

unsigned long conn_guard_shed(const struct conn_guard *g)
{
	return g->shed;
}

/* The open-file limit, raised to the hard limit when it can be. */
static rlim_t raise_file_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1024;
	if (rl.rlim_cur < rl.rlim_max) {
		struct rlimit want = { rl.rlim_max, rl.rlim_max };
		if (setrlimit(RLIMIT_NOFILE, &want) == 0)
			rl.rlim_cur = rl.rlim_max;
	}
	return rl.rlim_cur;
}

void conn_size_caps(struct config *cfg, char *msg, size_t msglen)
{
	rlim_t files = raise_file_limit();
	rlim_t reserve = files / CONN_FILES_RESERVED_SHARE;
	if (reserve < CONN_FILES_RESERVED)
		reserve = CONN_FILES_RESERVED;
	rlim_t room = files > reserve + CONN_CLIENT_FLOOR ? files - reserve : CONN_CLIENT_FLOOR;
	const char *how = "configured";
	if (cfg->max_connections == 0) {
		cfg->max_connections = (int)(room < CONN_DEFAULT_CEILING ? room : CONN_DEFAULT_CEILING);
		how = "from the file limit";
	} else if ((rlim_t)cfg->max_connections > room) {
		cfg->max_connections = (int)room;
		how = "lowered to fit the file limit";
	}
	if (cfg->max_connections_per_client == 0) {
		int share = cfg->max_connections / CONN_CLIENT_SHARE;
		cfg->max_connections_per_client = share > CONN_CLIENT_FLOOR ? share : CONN_CLIENT_FLOOR;
	}
	snprintf(msg, msglen, "open-file limit %llu: at most %d connections (%s), %d per client",
	         (unsigned long long)files, cfg->max_connections, how,
	         cfg->max_connections_per_client);
}
