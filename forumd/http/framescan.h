/* framescan.h: the raw-framing scanner: sees a connection's bytes before evhttp does and
 * finds where each request begins and ends, and any framing evhttp would accept or answer
 * itself (see conn.h for the list). Pure: bytes in, a state out; no I/O. */
#ifndef FORUMD_FRAMESCAN_H
#define FORUMD_FRAMESCAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_CONTENT_LENGTH_DIGITS 18   /* below INT64_MAX, as evhttp parses it */
#define METHOD_BYTES         8         /* longest method the scanner tells apart */
#define VERSION_BYTES        8         /* "HTTP/1.1" */

enum scan_state {
	S_START,        /* between requests */
	S_METHOD,       /* request line: the method */
	S_RLINE,        /* request line: the rest */
	S_RLINE_CR,     /* request line: CR seen, LF due */
	S_HSTART,       /* first byte of a header line (or of the blank line) */
	S_HEND_CR,      /* blank line: CR seen, LF due */
	S_NAME,         /* header name */
	S_VALUE,        /* header value */
	S_VALUE_CR,     /* header value: CR seen, LF due */
	S_BODY          /* Content-Length body bytes */
};

enum cl_phase { CL_LEAD, CL_DIGITS, CL_TRAIL };

struct frame_scan {
	enum scan_state state;
	size_t max_headers;
	uint64_t max_body;        /* larger Content-Length: 413 (0: no limit) */
	size_t head_bytes;        /* bytes of this request's head so far */
	char method[METHOD_BYTES];
	size_t method_len;
	unsigned rl_spaces;       /* spaces seen in the request line */
	size_t rl_target;         /* bytes of the request target */
	char rl_version[VERSION_BYTES];
	size_t rl_vlen;           /* bytes after the second space */
	size_t name_len;
	bool maybe_cl, maybe_te;  /* the name read so far is a prefix of these */
	bool in_cl;               /* the value being read is a Content-Length */
	enum cl_phase cl_phase;
	unsigned cl_digits;
	bool has_cl;
	uint64_t content_length;
	uint64_t body_left;
	bool started;             /* a request began since the caller cleared this */
	uint64_t fed;             /* bytes fed so far */
	uint64_t req_start;       /* value of fed where the current request began */
	unsigned long completed;  /* requests seen whole */
	int status;               /* after a violation: 400, 413, 431 or 501 */
	const char *reason;       /* after a violation: constant text */
};

/* Starts a scanner for a new connection; a head over max_headers bytes is refused (431). */
void frame_scan_init(struct frame_scan *s, size_t max_headers);

/* True while part, not all, of a request has been seen. */
bool frame_scan_in_request(const struct frame_scan *s);

/* Feeds n raw bytes of the connection. Returns 0, or -1 with s->status and s->reason;
 * after -1 the scanner must not be fed again. s->started tells whether a request
 * began within these bytes. */
int frame_scan_feed(struct frame_scan *s, const unsigned char *p, size_t n);
#endif
