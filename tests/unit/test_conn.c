/* test_conn.c: the connection guard's raw-framing scanner, fed whole and byte by byte. */
#include <string.h>

#include "tap.h"
#include "../../forumd/http/conn.c"   /* the scanner is file-local: test it from inside */
#include "spread.h"

#define MAX_HEAD 8192

/* Feeds the request whole, and again one byte at a time; both must agree.
 * Returns the status (0 when accepted) and the requests seen whole in *completed. */
static int scan_all(const char *raw, size_t n, unsigned long *completed)
{
	struct frame_scan whole, bytes;
	frame_scan_init(&whole, MAX_HEAD);
	frame_scan_init(&bytes, MAX_HEAD);
	int rc_whole = frame_scan_feed(&whole, (const unsigned char *)raw, n) == 0 ? 0 : whole.status;
	int rc_bytes = 0;
	for (size_t i = 0; i < n && rc_bytes == 0; i++)
		if (frame_scan_feed(&bytes, (const unsigned char *)raw + i, 1) != 0)
			rc_bytes = bytes.status;
	if (rc_whole != rc_bytes || (rc_whole == 0 && whole.completed != bytes.completed))
		return -1;
	if (completed)
		*completed = whole.completed;
	return rc_whole;
}

#define SCAN(lit, done) scan_all(lit, sizeof(lit) - 1, done)

static void plain_requests_pass(void)
{
	unsigned long done = 0;
	CHECK(SCAN("GET / HTTP/1.1\r\nHost: x\r\n\r\n", &done) == 0 && done == 1);
	CHECK(SCAN("GET / HTTP/1.1\nHost: x\n\n", &done) == 0 && done == 1);
	CHECK(SCAN("GET / HTTP/1.1\r\nHost: x\r\nX-Tab:\tv\xc3\xa9\r\n\r\n", &done) == 0);
	CHECK(SCAN("HEAD / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", &done) == 0 && done == 1);
}

static void bodies_and_pipelining_are_followed(void)
{
	unsigned long done = 0;
	CHECK(SCAN("POST /a HTTP/1.1\r\nContent-Length:  5 \r\n\r\nhello"
	           "GET / HTTP/1.1\r\n\r\n", &done) == 0 && done == 2);
	/* a body that looks like a bad request is only a body */
	CHECK(SCAN("POST /a HTTP/1.1\r\ncontent-length: 11\r\n\r\n: x\r\n\0\r\n \r\n", &done) == 0 &&
	      done == 1);
	CHECK(SCAN("GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", &done) == 0 && done == 1);
}

static void partial_requests_wait(void)
{
	struct frame_scan s;
	frame_scan_init(&s, MAX_HEAD);
	const char *part = "POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab";
	CHECK(frame_scan_feed(&s, (const unsigned char *)part, strlen(part)) == 0);
	CHECK(frame_scan_in_request(&s) && s.completed == 0);
	CHECK(frame_scan_feed(&s, (const unsigned char *)"cd", 2) == 0);
	CHECK(!frame_scan_in_request(&s) && s.completed == 1);
}

static void content_length_must_be_one_plain_number(void)
{
	CHECK(SCAN("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", NULL) == 400);
	CHECK(SCAN("POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\nhello", NULL) == 400);
	CHECK(SCAN("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", NULL) == 400);
	CHECK(SCAN("POST / HTTP/1.1\r\nContent-Length: 5 5\r\n\r\nhello", NULL) == 400);
	CHECK(SCAN("POST / HTTP/1.1\r\nContent-Length: 0x5\r\n\r\nhello", NULL) == 400);
	CHECK(SCAN("POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", NULL) == 400);
	CHECK(SCAN("POST / HTTP/1.1\r\nContent-Length: 1234567890123456789\r\n\r\n", NULL) == 400);
	CHECK(SCAN("HEAD / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", NULL) == 400);
	/* names that only start like Content-Length are other headers */
	CHECK(SCAN("GET / HTTP/1.1\r\nContent-Lengthy: +5\r\nContent-Lengt: x\r\n\r\n", NULL) == 0);
}

static void malformed_header_lines_are_refused(void)
{
	CHECK(SCAN("POST / HTTP/1.1\r\nContent-Length : 5\r\n\r\nhello", NULL) == 400);
	CHECK(SCAN("GET / HTTP/1.1\r\n: x\r\n\r\n", NULL) == 400);
	CHECK(SCAN("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n", NULL) == 400);
	CHECK(SCAN("GET / HTTP/1.1\r\nX-A: a\r\n\tb\r\n\r\n", NULL) == 400);
	CHECK(SCAN("GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n", NULL) == 400);
	CHECK(SCAN("GET / HTTP/1.1\r\nX-A: a\x7f\r\n\r\n", NULL) == 400);
	CHECK(SCAN("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n", NULL) == 400);
	CHECK(SCAN("GET / HTTP/1.1\r\nX(A): a\r\n\r\n", NULL) == 400);
	CHECK(SCAN("GET / HTTP/1.1\r\nno colon here\r\n\r\n", NULL) == 400);
	CHECK(SCAN("GET /\0 HTTP/1.1\r\n\r\n", NULL) == 400);
	CHECK(SCAN("\r\nGET / HTTP/1.1\r\n\r\n", NULL) == 400);
}

static void transfer_encoding_is_refused(void)
{
	CHECK(SCAN("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", NULL) == 400);
	CHECK(SCAN("POST / HTTP/1.1\r\ntransfer-encoding: identity\r\n\r\n", NULL) == 400);
}

static void a_head_over_the_limit_gets_431(void)
{
	static char big[MAX_HEAD + 64];
	const char *start = "GET / HTTP/1.1\r\nX-Big: ";
	size_t n = strlen(start);
	memcpy(big, start, n);
	memset(big + n, 'a', sizeof big - n);
	CHECK(scan_all(big, sizeof big, NULL) == 431);

	static char fits[MAX_HEAD];
	memcpy(fits, start, n);
	memset(fits + n, 'a', sizeof fits - n - 4);
	memcpy(fits + sizeof fits - 4, "\r\n\r\n", 4);
	CHECK(scan_all(fits, sizeof fits, NULL) == 0);
}

/* The one way an address names a client: an IPv6 /64 is one client, for the caps and the
 * rate limits alike; an IPv4-mapped address is its IPv4 one. */
static bool same_client(const char *a, const char *b)
{
	unsigned char x[CLIENT_PART_BYTES], y[CLIENT_PART_BYTES];
	size_t n = client_address_part_text(a, x), m = client_address_part_text(b, y);
	return n == m && memcmp(x, y, n) == 0;
}

static void clients_are_named_by_ipv4_or_ipv6_64(void)
{
	CHECK(same_client("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:fffe"));
	CHECK(!same_client("2001:db8:1:2::1", "2001:db8:1:3::1"));
	CHECK(same_client("::ffff:192.0.2.7", "192.0.2.7"));
	CHECK(!same_client("192.0.2.7", "192.0.2.8"));
	unsigned char x[CLIENT_PART_BYTES];
	CHECK(client_address_part_text("not an address", x) == 1 && x[0] == 0);
}

/* A worker pauses accepting once it holds more than an even split (rounded up) plus the
 * slack; the burst itself is tested on the real server (connections.test.mjs). */
static void a_workers_share_is_an_even_split_plus_slack(void)
{
	CHECK(spread_share(64, 2) == 32 + SPREAD_SLACK);
	CHECK(spread_share(65, 2) == 33 + SPREAD_SLACK);
	CHECK(spread_share(0, 2) == SPREAD_SLACK);
	CHECK(spread_share(10, 3) == 4 + SPREAD_SLACK);
	CHECK(spread_share(7, 0) == 7 + SPREAD_SLACK);
}

int main(void)
{
	RUN(a_workers_share_is_an_even_split_plus_slack);
	RUN(clients_are_named_by_ipv4_or_ipv6_64);
	RUN(plain_requests_pass);
	RUN(bodies_and_pipelining_are_followed);
	RUN(partial_requests_wait);
	RUN(content_length_must_be_one_plain_number);
	RUN(malformed_header_lines_are_refused);
	RUN(transfer_encoding_is_refused);
	RUN(a_head_over_the_limit_gets_431);
	return DONE();
}
