/* fuzz_framing.c: the raw-framing scanner (http/framescan.c) on any bytes. Property: the
 * bytes fed whole, in chunks the input chooses, and one at a time give the same verdict,
 * the same count of whole requests and the same position. The first byte picks the chunk
 * size; the rest is the connection's bytes. */
#include <stdbool.h>

#include "framescan.h"
#include "fuzz.h"

#define MAX_HEAD 8192
#define MAX_BODY (1 << 20)

struct verdict {
	int rc, status;
	unsigned long completed;
	uint64_t fed;
	enum scan_state state;
};

/* Feeds data in pieces of `step` bytes (0: all at once), stopping at a refusal. */
static struct verdict feed(const uint8_t *data, size_t size, size_t step)
{
	struct frame_scan s;
	frame_scan_init(&s, MAX_HEAD);
	s.max_body = MAX_BODY;
	int rc = 0;
	for (size_t at = 0; at < size && rc == 0;) {
		size_t n = step && step < size - at ? step : size - at;
		rc = frame_scan_feed(&s, data + at, n);
		at += n;
	}
	if (rc != 0)
		FUZZ_CHECK(s.status == 400 || s.status == 413 || s.status == 431 || s.status == 501);
	FUZZ_CHECK(rc != 0 || s.fed == size);
	FUZZ_CHECK(s.req_start <= s.fed);
	return (struct verdict){ rc, rc ? s.status : 0, s.completed, s.fed, s.state };
}

static bool same(struct verdict a, struct verdict b)
{
	return a.rc == b.rc && a.status == b.status && a.completed == b.completed &&
	       a.fed == b.fed && a.state == b.state;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	size_t step = (size_t)data[0] % 17 + 1;
	data++;
	size--;
	struct verdict whole = feed(data, size, 0);
	struct verdict chunks = feed(data, size, step);
	struct verdict bytes = feed(data, size, 1);
	FUZZ_CHECK(same(whole, chunks));
	FUZZ_CHECK(same(whole, bytes));
	return 0;
}
