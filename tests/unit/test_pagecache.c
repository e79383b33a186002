/* test_pagecache.c: the page cache keeps a page only while the database generation and its
 * relative times hold, stays within its byte budget by dropping the least recently used
 * page, and lets a page's bytes outlive its eviction while a response still sends them. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "pagecache.h"
#include "tap.h"

static const struct db_generation G1 = { 5, 100, 0 }, G2 = { 6, 100, 0 }, G3 = { 5, 101, 0 },
	G4 = { 5, 100, 1 };   /* G1 after a storage failure on the thread */
static char page[4000];

static struct cached_page *put(struct page_cache *c, const char *key, const struct db_generation *g,
                               time_t expires)
{
	return page_cache_put(c, key, strlen(key), g, 1000, expires, "text/html; charset=utf-8",
	                      page, sizeof page);
}

static struct cached_page *get(struct page_cache *c, const char *key, const struct db_generation *g,
                               time_t now)
{
	return page_cache_get(c, key, strlen(key), g, now);
}

static void a_page_holds_while_nothing_changed(void)
{
	struct page_cache *c = page_cache_new(1 << 20);
	struct cached_page *p = put(c, "H/d/1", &G1, 1060);
	CHECK(p && p->len == sizeof page && strcmp(p->content_type, "text/html; charset=utf-8") == 0);
	CHECK(p && p->etag[0] == '"' && strlen(p->etag) == PAGE_ETAG_LEN - 1);
	CHECK(get(c, "H/d/1", &G1, 1059) == p);
	CHECK(get(c, "J/d/1", &G1, 1059) == NULL);  /* JSON is another page */
	CHECK(get(c, "H/d/1", &G2, 1001) == NULL);  /* another connection committed */
	CHECK(get(c, "H/d/1", &G1, 1001) == NULL);  /* and the stale page went */
	put(c, "H/d/1", &G1, 1060);
	CHECK(get(c, "H/d/1", &G3, 1001) == NULL);  /* this connection changed a row */
	put(c, "H/d/1", &G1, 1060);
	CHECK(get(c, "H/d/1", &G4, 1001) == NULL);  /* read around a storage failure */
	put(c, "H/d/1", &G1, 1060);
	CHECK(get(c, "H/d/1", &G1, 1060) == NULL);  /* "just now" is no longer true */
	uint64_t hits, misses;
	size_t bytes;
	page_cache_counts(c, &hits, &misses, &bytes);
	CHECK(hits == 1 && misses == 6);
	page_cache_free(c);
}

static void the_least_recently_used_goes_first(void)
{
	const size_t budget = 9 * (sizeof page + 400);  /* nine pages: each under an eighth */
	struct page_cache *c = page_cache_new(budget);
	char key[8];
	for (char k = 'a'; k <= 'i'; k++) {
		snprintf(key, sizeof key, "H/%c", k);
		CHECK(put(c, key, &G1, 2000) != NULL);
	}
	CHECK(get(c, "H/a", &G1, 1001) != NULL);  /* a is now the most recent */
	put(c, "H/j", &G1, 2000);                 /* over budget: b goes, not a */
	CHECK(get(c, "H/b", &G1, 1001) == NULL);
	CHECK(get(c, "H/a", &G1, 1001) != NULL);
	CHECK(get(c, "H/c", &G1, 1001) != NULL);
	CHECK(get(c, "H/j", &G1, 1001) != NULL);
	size_t bytes;
	uint64_t hits, misses;
	page_cache_counts(c, &hits, &misses, &bytes);
	CHECK(bytes <= budget);
	page_cache_free(c);
}

static void a_page_too_large_or_a_cache_of_nothing_keeps_nothing(void)
{
	struct page_cache *c = page_cache_new(4 * sizeof page);  /* a page is over an eighth */
	CHECK(put(c, "H/big", &G1, 2000) == NULL);
	page_cache_free(c);
	c = page_cache_new(0);
	CHECK(put(c, "H/x", &G1, 2000) == NULL);
	CHECK(get(c, "H/x", &G1, 1001) == NULL);
	page_cache_free(c);
}

static void a_held_page_outlives_its_eviction(void)
{
	struct page_cache *c = page_cache_new(1 << 20);
	struct cached_page *p = put(c, "H/d/7", &G1, 2000);
	page_hold(p);                               /* a response is sending it */
	put(c, "H/d/7", &G2, 2000);                 /* replaced */
	CHECK(p->evicted && p->len == sizeof page && p->body[0] == 'x');
	page_release(p);                            /* freed now (valgrind/ASan would see) */
	page_cache_free(c);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	memset(page, 'x', sizeof page);
	RUN(a_page_holds_while_nothing_changed);
	RUN(the_least_recently_used_goes_first);
	RUN(a_page_too_large_or_a_cache_of_nothing_keeps_nothing);
	RUN(a_held_page_outlives_its_eviction);
	return DONE();
}
