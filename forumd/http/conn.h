/* conn.h: the connection guard. evhttp 2.1 has no connection cap, only an idle timeout,
 * and accepts some malformed framing; the guard wraps each connection's bufferevent in a
 * filter that sees the raw bytes before evhttp does and
 *  - caps open connections in total (across all workers) and per client (keyed hash of the
 *    address, never the address itself), answering 503 and closing over a cap;
 *  - closes a connection whose request has not arrived whole within the deadline;
 *  - answers 400 + Connection: close to two Content-Length headers, a non-digit
 *    Content-Length ("+5"), a space before a header's colon, an empty or malformed
 *    header name, a NUL or control character in a header, folded header lines, and any
 *    Transfer-Encoding, and a request line that is not "METHOD SP target SP HTTP/1.x";
 *    431 to a header block over the limit; 413 to a Content-Length over max_body; 501
 *    to a method evhttp does not accept. (evhttp's own replies to these lack the
 *    security headers and the UTF-8 charset.) */
#ifndef FORUMD_CONN_H
#define FORUMD_CONN_H
#include <stddef.h>
#include <event2/event.h>
#include <event2/http.h>
#include "config.h"

struct conn_guard;

/* Creates the guard for one worker and installs it with evhttp_set_bevcb(http, ...).
 * Caller owns the result; free after evhttp_free with conn_guard_free. */
struct conn_guard *conn_guard_new(struct event_base *base, struct evhttp *http,
                                  const struct config *cfg);
void conn_guard_free(struct conn_guard *g);

/* Calls fn(n, arg) in the worker's thread each time the guard's number of connections
 * changes: one accepted (called while the listener's accept loop runs, so fn may pause it)
 * or one freed. */
typedef void (*conn_count_fn)(unsigned n, void *arg);
void conn_guard_on_count(struct conn_guard *g, conn_count_fn fn, void *arg);

/* Number of connections this guard currently tracks (for tests/metrics). */
unsigned conn_guard_open(const struct conn_guard *g);

/* All workers' connections: open now, shed to make room, refused over a cap (metrics). */
struct conn_counts {
	unsigned open;
	unsigned long shed, refused;
};
struct conn_counts conn_counts(void);

/* Connections this guard closed to make room for newcomers (for metrics). */
unsigned long conn_guard_shed(const struct conn_guard *g);

/* At start-up, before the workers: raises the open-file limit (RLIMIT_NOFILE) to the hard
 * limit, and sizes the caps left at 0 from what it got (max_connections: the limit less
 * a reserve for the database, the workers and the pools, at most CONN_DEFAULT_CEILING;
 * per client: a CONN_CLIENT_SHARE of that, at least CONN_CLIENT_FLOOR); a configured
 * max_connections the files cannot hold is lowered to fit. Writes what it chose (one line)
 * to msg. */
void conn_size_caps(struct config *cfg, char *msg, size_t msglen);

/* The one way an address names a client, for the connection caps and the rate limits alike:
 * an IPv4 address, or an IPv6 address's /64 (one home or office gets a whole /64), with a
 * family tag; an IPv4-mapped IPv6 address is its IPv4 one. Writes it to out and returns
 * its length (1 for another family or text that is no address). */
#define CLIENT_PART_BYTES 9
struct sockaddr;
size_t client_address_part(const struct sockaddr *sa, unsigned char out[CLIENT_PART_BYTES]);
size_t client_address_part_text(const char *text, unsigned char out[CLIENT_PART_BYTES]);
#endif
