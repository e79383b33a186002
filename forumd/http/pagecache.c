/* pagecache.c: a worker's kept anonymous pages: a chained hash table (SipHash with a key of
 * its own, so that chosen addresses cannot pile into one chain) and a least-recently-used
 * list within a byte budget. */
#include "pagecache.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "mem.h"

#define PAGE_BUCKETS 1024  /* a power of two */

struct page_cache {
	size_t max_bytes, bytes;
	uint64_t hits, misses;
	unsigned char hash_key[crypto_shorthash_KEYBYTES];
	struct cached_page *buckets[PAGE_BUCKETS];
	struct cached_page *newest, *oldest;
};

struct page_cache *page_cache_new(size_t max_bytes)
{
	struct page_cache *c = xcalloc(1, sizeof *c);
	c->max_bytes = max_bytes;
	crypto_shorthash_keygen(c->hash_key);
	return c;
}

static size_t bucket_of(const struct page_cache *c, const char *key, size_t key_len)
{
	unsigned char h[crypto_shorthash_BYTES];
	crypto_shorthash(h, (const unsigned char *)key, key_len, c->hash_key);
	uint64_t v;
	memcpy(&v, h, sizeof v);
	return (size_t)(v & (PAGE_BUCKETS - 1));
}

static size_t page_bytes(const struct cached_page *p)
{
	return sizeof *p + p->key_len + 1 + strlen(p->content_type) + 1 + p->len;
}

static void page_free(struct cached_page *p)
{
	free((void *)p->key);
	free((void *)p->content_type);
	free((void *)p->body);
	free(p);
}

void page_hold(struct cached_page *p)
{
	p->refs++;
}

void page_release(struct cached_page *p)
{
	if (--p->refs == 0 && p->evicted)
		page_free(p);
}

static void lru_unlink(struct page_cache *c, struct cached_page *p)
{
	if (p->lru_prev)
		p->lru_prev->lru_next = p->lru_next;
	else
		c->newest = p->lru_next;
	if (p->lru_next)
		p->lru_next->lru_prev = p->lru_prev;
	else
		c->oldest = p->lru_prev;
	p->lru_prev = p->lru_next = NULL;
}

static void lru_push(struct page_cache *c, struct cached_page *p)
{
	p->lru_next = c->newest;
	if (c->newest)
		c->newest->lru_prev = p;
	c->newest = p;
	if (!c->oldest)
		c->oldest = p;
}

/* Takes p out of the table and the list; its bytes go when nobody holds it. */
static void evict(struct page_cache *c, struct cached_page *p)
{
	struct cached_page **at = &c->buckets[bucket_of(c, p->key, p->key_len)];
	while (*at != p)
		at = &(*at)->chain;
	*at = p->chain;
	lru_unlink(c, p);
	c->bytes -= page_bytes(p);
	p->evicted = true;
	page_release(p);  /* the cache's own hold */
}

static struct cached_page *find(struct page_cache *c, const char *key, size_t key_len)
{
	for (struct cached_page *p = c->buckets[bucket_of(c, key, key_len)]; p; p = p->chain)
		if (p->key_len == key_len && memcmp(p->key, key, key_len) == 0)
			return p;
	return NULL;
}

static atomic_ulong all_hits, all_misses;   /* every worker's */

struct page_cache_totals page_cache_totals(void)
{
	return (struct page_cache_totals){ atomic_load(&all_hits), atomic_load(&all_misses) };
}

struct cached_page *page_cache_get(struct page_cache *c, const char *key, size_t key_len,
                                   const struct db_generation *gen, time_t now)
{
	struct cached_page *p = find(c, key, key_len);
	if (p && (!db_generation_same(&p->gen, gen) || now >= p->expires)) {
		evict(c, p);
		p = NULL;
	}
	if (!p) {
		c->misses++;
		atomic_fetch_add_explicit(&all_misses, 1, memory_order_relaxed);
		return NULL;
	}
	c->hits++;
	atomic_fetch_add_explicit(&all_hits, 1, memory_order_relaxed);
	lru_unlink(c, p);
	lru_push(c, p);
	return p;
}

static void set_etag(struct cached_page *p)
{
	unsigned char h[12];
	char hex[sizeof h * 2 + 1];
	crypto_generichash(h, sizeof h, p->body, p->len, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	p->etag[0] = '"';
	memcpy(p->etag + 1, hex, sizeof h * 2);
	p->etag[sizeof h * 2 + 1] = '"';
	p->etag[sizeof h * 2 + 2] = '\0';
}

struct cached_page *page_cache_put(struct page_cache *c, const char *key, size_t key_len,
                                   const struct db_generation *gen, time_t now, time_t expires,
                                   const char *content_type, const void *body, size_t len)
{
	struct cached_page *old = find(c, key, key_len);
	if (old)
		evict(c, old);
	struct cached_page *p = xcalloc(1, sizeof *p);
	p->key = xstrndup(key, key_len);
	p->key_len = key_len;
	p->content_type = xstrdup(content_type);
	p->len = len;
	if (page_bytes(p) > c->max_bytes / 8) {
		page_free(p);
		return NULL;
	}
	unsigned char *copy = xmalloc(len ? len : 1);
	memcpy(copy, body, len);
	p->body = copy;
	p->gen = *gen;
	p->modified = now;
	p->expires = expires;
	p->refs = 1;
	set_etag(p);
	while (c->oldest && c->bytes + page_bytes(p) > c->max_bytes)
		evict(c, c->oldest);
	size_t b = bucket_of(c, key, key_len);
	p->chain = c->buckets[b];
	c->buckets[b] = p;
	lru_push(c, p);
	c->bytes += page_bytes(p);
	return p;
}

void page_cache_counts(const struct page_cache *c, uint64_t *hits, uint64_t *misses,
                       size_t *bytes)
{
	*hits = c->hits;
	*misses = c->misses;
	*bytes = c->bytes;
}

void page_cache_free(struct page_cache *c)
{
	if (!c)
		return;
	while (c->oldest)
		evict(c, c->oldest);
	free(c);
}
