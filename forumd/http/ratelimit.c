/* ratelimit.c: fixed-window attempt counters in one fixed-size table, keyed by keyed
 * hashes (never by the handle or address itself). */
#include "ratelimit.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>

#include <event2/http.h>
#include <sodium.h>

#include "conn.h"
#include "keys.h"
#include "limits.h"
#include "request.h"

#define BUCKET_KEY_BYTES 16

struct bucket {
	unsigned char key[BUCKET_KEY_BYTES];
	int64_t window_start;  /* 0: free */
	int count;
	uint32_t day;          /* the address key's day: buckets of older days are stale */
};

static struct bucket table[RATE_TABLE_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int limit_handle = DEFAULT_LOGIN_PER_HANDLE;
static int limit_client = DEFAULT_AUTH_PER_CLIENT;

void ratelimit_init(int per_handle, int per_client)
{
	limit_handle = per_handle;
	limit_client = per_client;
}

void ratelimit_reset(void)
{
	pthread_mutex_lock(&lock);
	sodium_memzero(table, sizeof table);
	pthread_mutex_unlock(&lock);
}

/* The bucket key: a keyed hash of kind + value (handles lower-cased), with today's key. */
static uint32_t bucket_key(enum rate_kind kind, const char *value, size_t len,
                           unsigned char out[BUCKET_KEY_BYTES])
{
	unsigned char key[KEY_BYTES];
	uint32_t day = keys_address_key(key);
	crypto_generichash_state st;
	unsigned char k = (unsigned char)kind;
	crypto_generichash_init(&st, key, sizeof key, BUCKET_KEY_BYTES);
	crypto_generichash_update(&st, &k, 1);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)value[i];
		if (kind == RATE_HANDLE)
			c = (unsigned char)tolower(c);
		crypto_generichash_update(&st, &c, 1);
	}
	crypto_generichash_final(&st, out, BUCKET_KEY_BYTES);
	sodium_memzero(key, sizeof key);
	return day;
}

static bool stale(const struct bucket *b, int64_t now, uint32_t day)
{
	return b->window_start == 0 || now - b->window_start >= RATE_WINDOW_SECONDS || b->day != day;
}

/* Finds the bucket for key, or the slot to reuse: a stale one, else the one with the fewest
 * attempts (the oldest of those). A flood of one-off keys so displaces its own buckets, never
 * a guessed handle's or a guessing client's count near its limit. */
static struct bucket *find_slot(const unsigned char key[BUCKET_KEY_BYTES], int64_t now, uint32_t day)
{
	uint32_t h;
	memcpy(&h, key, sizeof h);
	struct bucket *reuse = NULL;
	for (int i = 0; i < RATE_PROBE_SLOTS; i++) {
		struct bucket *b = &table[(h + (uint32_t)i) % RATE_TABLE_SLOTS];
		if (b->window_start && sodium_memcmp(b->key, key, BUCKET_KEY_BYTES) == 0)
			return b;
		if (stale(b, now, day)) {
			if (!reuse || !stale(reuse, now, day))
				reuse = b;
		} else if (!reuse || (!stale(reuse, now, day) &&
		                      (b->count < reuse->count ||
		                       (b->count == reuse->count && b->window_start < reuse->window_start)))) {
			reuse = b;
		}
	}
	memcpy(reuse->key, key, BUCKET_KEY_BYTES);
	reuse->window_start = 0;
	return reuse;
}

/* Counts an attempt (count) or only looks; returns 0 or the seconds to wait. */
static int attempt(enum rate_kind kind, const char *value, size_t len, int64_t now, bool count)
{
	unsigned char key[BUCKET_KEY_BYTES];
	uint32_t day = bucket_key(kind, value, len, key);
	int limit = kind == RATE_HANDLE ? limit_handle : limit_client;
	int wait = 0;
	pthread_mutex_lock(&lock);
	struct bucket *b = find_slot(key, now, day);
	if (stale(b, now, day)) {
		b->window_start = now;
		b->count = 0;
		b->day = day;
	}
	if (b->count >= limit) {
		wait = (int)(b->window_start + RATE_WINDOW_SECONDS - now);
		if (wait < 1)
			wait = 1;
	} else if (count) {
		b->count++;
	}
	pthread_mutex_unlock(&lock);
	return wait;
}

int ratelimit_hit(enum rate_kind kind, const char *value, size_t len, int64_t now)
{
	return attempt(kind, value, len, now, true);
}

int ratelimit_check(enum rate_kind kind, const char *value, size_t len, int64_t now)
{
	return attempt(kind, value, len, now, false);
}

/* The last address of an X-Forwarded-For value ("client, proxy1, ..., last") copied into
 * out, or false when it is not an IPv4 or IPv6 address. */
static bool forwarded_last(const char *value, char out[INET6_ADDRSTRLEN])
{
	const char *start = strrchr(value, ',');
	start = start ? start + 1 : value;
	while (*start == ' ' || *start == '\t')
		start++;
	size_t n = strlen(start);
	while (n && (start[n - 1] == ' ' || start[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= INET6_ADDRSTRLEN)
		return false;
	memcpy(out, start, n);
	out[n] = '\0';
	unsigned char bin[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, out, bin) == 1 || inet_pton(AF_INET6, out, bin) == 1;
}

void ratelimit_client_key(struct request *r, char out[33])
{
	char *addr = NULL, forwarded[INET6_ADDRSTRLEN];
	ev_uint16_t port = 0;
	struct evhttp_connection *conn = evhttp_request_get_connection(r->req);
	if (conn)
		evhttp_connection_get_peer(conn, &addr, &port);
	const char *a = addr ? addr : "";
	const char *xff = r->worker && r->worker->cfg->trust_proxy ? req_header(r, "X-Forwarded-For") : NULL;
	if (xff && forwarded_last(xff, forwarded))
		a = forwarded;
	unsigned char key[KEY_BYTES], h[16], part[CLIENT_PART_BYTES];
	size_t n = client_address_part_text(a, part);   /* an IPv6 client by its /64, as conn.c */
	keys_address_key(key);
	crypto_generichash(h, sizeof h, part, n, key, sizeof key);
	sodium_memzero(part, sizeof part);
	sodium_memzero(key, sizeof key);
	sodium_memzero(forwarded, sizeof forwarded);
	sodium_bin2hex(out, 33, h, sizeof h);
}
