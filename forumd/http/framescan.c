/* framescan.c: the raw-framing scanner, a byte at a time: the request line, header names
 * and values, Content-Length and the body it announces (see framescan.h). */
#include "framescan.h"

#include <string.h>

static const char CL_NAME[] = "content-length";
static const char TE_NAME[] = "transfer-encoding";

void frame_scan_init(struct frame_scan *s, size_t max_headers)
{
	memset(s, 0, sizeof *s);
	s->state = S_START;
	s->max_headers = max_headers;
}

bool frame_scan_in_request(const struct frame_scan *s)
{
	return s->state != S_START;
}

static bool is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* NUL, the C0 controls and DEL; HT and CR are handled by the caller. */
static bool is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static int scan_fail(struct frame_scan *s, int status, const char *reason)
{
	s->status = status;
	s->reason = reason;
	return -1;
}

/* HEAD and TRACE never have a body for evhttp, which would read a Content-Length body
 * as the next request; the scanner refuses that rather than disagree with it. */
static bool method_takes_body(const struct frame_scan *s)
{
	static const char *const with_body[] = {
		"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT"
	};
	for (size_t i = 0; i < sizeof with_body / sizeof with_body[0]; i++)
		if (strlen(with_body[i]) == s->method_len &&
		    memcmp(with_body[i], s->method, s->method_len) == 0)
			return true;
	return false;
}

static void request_done(struct frame_scan *s)
{
	s->state = S_START;
	s->completed++;
}

/* The blank line ended the head: start the body, or finish the request. */
static int head_done(struct frame_scan *s)
{
	if (s->has_cl && s->content_length > 0) {
		if (s->max_body && s->content_length > s->max_body)
			return scan_fail(s, 413, "request body too large");
		if (!method_takes_body(s))
			return scan_fail(s, 400, "Content-Length on a method without a body");
		s->body_left = s->content_length;
		s->state = S_BODY;
		return 0;
	}
	request_done(s);
	return 0;
}

static void begin_request(struct frame_scan *s, uint64_t pos)
{
	s->req_start = pos;
	s->head_bytes = 0;
	s->method_len = 0;
	s->rl_spaces = 0;
	s->rl_target = 0;
	s->rl_vlen = 0;
	s->has_cl = false;
	s->content_length = 0;
	s->started = true;
	s->state = S_METHOD;
}

static void begin_name(struct frame_scan *s)
{
	s->name_len = 0;
	s->maybe_cl = s->maybe_te = true;
	s->state = S_NAME;
}

static int name_byte(struct frame_scan *s, unsigned char c)
{
	if (c == ':') {
		if (s->name_len == 0)
			return scan_fail(s, 400, "empty header name");
		if (s->maybe_te && s->name_len == sizeof TE_NAME - 1)
			return scan_fail(s, 400, "Transfer-Encoding is not accepted");
		s->in_cl = s->maybe_cl && s->name_len == sizeof CL_NAME - 1;
		if (s->in_cl) {
			if (s->has_cl)
				return scan_fail(s, 400, "duplicate Content-Length");
			s->has_cl = true;
			s->cl_phase = CL_LEAD;
			s->cl_digits = 0;
			s->content_length = 0;
		}
		s->state = S_VALUE;
		return 0;
	}
	if (!is_tchar(c))
		return scan_fail(s, 400, "malformed header name");
	unsigned char lc = (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
	if (s->maybe_cl && (s->name_len >= sizeof CL_NAME - 1 || CL_NAME[s->name_len] != lc))
		s->maybe_cl = false;
	if (s->maybe_te && (s->name_len >= sizeof TE_NAME - 1 || TE_NAME[s->name_len] != lc))
		s->maybe_te = false;
	s->name_len++;
	return 0;
}

/* One byte of a Content-Length value: OWS, digits, OWS and nothing else. */
static int cl_byte(struct frame_scan *s, unsigned char c)
{
	bool ows = c == ' ' || c == '\t';
	if (c >= '0' && c <= '9' && s->cl_phase != CL_TRAIL) {
		if (++s->cl_digits > MAX_CONTENT_LENGTH_DIGITS)
			return scan_fail(s, 400, "Content-Length too large");
		s->content_length = s->content_length * 10 + (uint64_t)(c - '0');
		s->cl_phase = CL_DIGITS;
		return 0;
	}
	if (ows) {
		if (s->cl_phase == CL_DIGITS)
			s->cl_phase = CL_TRAIL;
		return 0;
	}
	return scan_fail(s, 400, "malformed Content-Length");
}

static int value_end(struct frame_scan *s)
{
	if (s->in_cl && s->cl_digits == 0)
		return scan_fail(s, 400, "malformed Content-Length");
	s->in_cl = false;
	s->state = S_HSTART;
	return 0;
}

static int value_byte(struct frame_scan *s, unsigned char c)
{
	if (c == '\r') {
		s->state = S_VALUE_CR;
		return 0;
	}
	if (c == '\n')
		return value_end(s);
	if (is_ctl(c) && c != '\t')
		return scan_fail(s, 400, "control character in a header");
	return s->in_cl ? cl_byte(s, c) : 0;
}

static int hstart_byte(struct frame_scan *s, unsigned char c)
{
	if (c == '\r') {
		s->state = S_HEND_CR;
		return 0;
	}
	if (c == '\n')
		return head_done(s);
	if (c == ' ' || c == '\t')
		return scan_fail(s, 400, "folded header line");
	begin_name(s);
	return name_byte(s, c);
}

/* True for the methods evhttp is set to accept (server.c); evhttp answers others
 * itself, without the security headers, so the scanner refuses them first. */
static bool method_known(const struct frame_scan *s)
{
	static const char *const known[] = {
		"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strlen(known[i]) == s->method_len && memcmp(known[i], s->method, s->method_len) == 0)
			return true;
	return false;
}

/* The request line ended: it must be "METHOD SP target SP HTTP/1.x" with a known
 * method, else evhttp would refuse it with a reply of its own. */
static int rline_end(struct frame_scan *s)
{
	if (s->state == S_METHOD || s->rl_spaces != 2 || s->rl_target == 0 ||
	    s->rl_vlen != VERSION_BYTES ||
	    (memcmp(s->rl_version, "HTTP/1.1", VERSION_BYTES) != 0 &&
	     memcmp(s->rl_version, "HTTP/1.0", VERSION_BYTES) != 0))
		return scan_fail(s, 400, "malformed request line");
	if (!method_known(s))
		return scan_fail(s, 501, "method not implemented");
	return 0;
}

/* One byte of the request line after the method's first space. */
static void rline_rest_byte(struct frame_scan *s, unsigned char c)
{
	if (c == ' ') {
		s->rl_spaces++;
		return;
	}
	if (s->rl_spaces == 1)
		s->rl_target++;
	else if (s->rl_vlen < VERSION_BYTES)
		s->rl_version[s->rl_vlen++] = (char)c;
	else
		s->rl_vlen = VERSION_BYTES + 1;  /* too long to be a version */
}

static int rline_byte(struct frame_scan *s, unsigned char c)
{
	if ((c == '\r' || c == '\n') && s->head_bytes == 1)
		return scan_fail(s, 400, "empty request line");
	if (c == '\r' || c == '\n') {
		if (rline_end(s) != 0)
			return -1;
		s->state = c == '\r' ? S_RLINE_CR : S_HSTART;
		return 0;
	}
	if (is_ctl(c) && c != '\t')
		return scan_fail(s, 400, "control character in the request line");
	if (s->state == S_METHOD) {
		if (c == ' ') {
			s->state = S_RLINE;
			s->rl_spaces = 1;
		} else if (s->method_len < METHOD_BYTES) {
			s->method[s->method_len++] = (char)c;
		} else {
			s->method_len = METHOD_BYTES + 1;  /* too long to be one we know */
		}
		return 0;
	}
	rline_rest_byte(s, c);
	return 0;
}

/* Feeds one byte of a request head. Returns 0, or -1 with s->status and s->reason. */
static int head_byte(struct frame_scan *s, unsigned char c)
{
	if (++s->head_bytes > s->max_headers)
		return scan_fail(s, 431, "request header fields too large");
	switch (s->state) {
	case S_METHOD:
	case S_RLINE:
		return rline_byte(s, c);
	case S_RLINE_CR:
		if (c != '\n')
			return scan_fail(s, 400, "CR without LF in the request line");
		s->state = S_HSTART;
		return 0;
	case S_HSTART:
		return hstart_byte(s, c);
	case S_HEND_CR:
		if (c != '\n')
			return scan_fail(s, 400, "CR without LF after the headers");
		return head_done(s);
	case S_NAME:
		return name_byte(s, c);
	case S_VALUE:
		return value_byte(s, c);
	case S_VALUE_CR:
		if (c != '\n')
			return scan_fail(s, 400, "CR without LF in a header");
		return value_end(s);
	case S_START:
	case S_BODY:
		break;
	}
	return scan_fail(s, 400, "internal scanner state");
}

int frame_scan_feed(struct frame_scan *s, const unsigned char *p, size_t n)
{
	size_t i = 0;
	int rc = 0;
	while (i < n && rc == 0) {
		if (s->state == S_BODY) {
			size_t take = n - i;
			if ((uint64_t)take > s->body_left)
				take = (size_t)s->body_left;
			s->body_left -= take;
			i += take;
			if (s->body_left == 0)
				request_done(s);
			continue;
		}
		if (s->state == S_START)
			begin_request(s, s->fed + i);
		rc = head_byte(s, p[i++]);
	}
	s->fed += i;
	return rc;
}
