/* pagecache.h: a worker's store of the anonymous pages it rendered: the bytes as sent,
 * keyed by the request (HTML or JSON, path and query), good while the database stays at the
 * generation they were read at and the page's relative times ("3 hours ago") still read
 * true. Bounded in bytes; the least recently used page goes first. One per worker thread,
 * used only on it: no locks. */
#ifndef FORUMD_PAGECACHE_H
#define FORUMD_PAGECACHE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "db.h"

#define PAGE_ETAG_LEN 27  /* "\"" + 24 hex digits + "\"" + NUL */

/* One kept page. Hold it (page_hold) while its bytes are in flight; page_release lets go. */
struct cached_page {
	const char *key;
	size_t key_len;
	const char *content_type;
	const unsigned char *body;
	size_t len;
	char etag[PAGE_ETAG_LEN];  /* a hash of the bytes: the same page has the same tag on
	                              every worker and after a restart */
	time_t modified;           /* when it was rendered */
	/* the cache's own */
	struct db_generation gen;
	time_t expires;
	unsigned refs;
	bool evicted;
	struct cached_page *lru_prev, *lru_next, *chain;
};

struct page_cache;

/* A cache of at most max_bytes (0: one that keeps nothing). */
struct page_cache *page_cache_new(size_t max_bytes);
void page_cache_free(struct page_cache *c);

/* The page kept for key, rendered at generation gen and good at now; NULL otherwise (a
 * stale one is dropped). Counts a hit or a miss. */
struct cached_page *page_cache_get(struct page_cache *c, const char *key, size_t key_len,
                                   const struct db_generation *gen, time_t now);

/* Keeps a copy of body as key's page (replacing any), good until expires; drops the least
 * recently used pages to make room. Returns it, or NULL when it is not kept (larger than
 * an eighth of the cache, or the cache keeps nothing). */
struct cached_page *page_cache_put(struct page_cache *c, const char *key, size_t key_len,
                                   const struct db_generation *gen, time_t now, time_t expires,
                                   const char *content_type, const void *body, size_t len);

/* Every worker's hits and misses so far (metrics). */
struct page_cache_totals {
	unsigned long hits, misses;
};
struct page_cache_totals page_cache_totals(void);

/* Hits, misses and bytes kept so far. */
void page_cache_counts(const struct page_cache *c, uint64_t *hits, uint64_t *misses,
                       size_t *bytes);

/* A page's bytes outlive its eviction while someone holds it. */
void page_hold(struct cached_page *p);
void page_release(struct cached_page *p);
#endif
