/* jsonmem.c: jansson's allocator: per-thread caches of small freed blocks (see jsonmem.h). */
#include "jsonmem.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>

#include <jansson.h>

#include "limits.h"
#include "mem.h"

/* Blocks are kept by size class: class c holds blocks whose usable size u has
 * u / JSONMEM_CLASS_BYTES == c, so any of them serves a request of up to c * that. */
#define JSONMEM_CLASSES (JSONMEM_MAX_BLOCK / JSONMEM_CLASS_BYTES + 1)

struct free_block {
	struct free_block *next;
};

struct block_cache {
	struct free_block *head[JSONMEM_CLASSES];
	size_t bytes;              /* usable bytes held, at most JSONMEM_THREAD_BYTES */
	size_t count;
};

static pthread_key_t cache_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;
static _Thread_local struct block_cache *my_cache;

/* At thread exit: hand the blocks back to malloc. */
static void cache_release(void *p)
{
	struct block_cache *c = p;
	for (size_t i = 0; i < JSONMEM_CLASSES; i++) {
		while (c->head[i]) {
			struct free_block *b = c->head[i];
			c->head[i] = b->next;
			free(b);
		}
	}
	free(c);
}

static void make_key(void)
{
	if (pthread_key_create(&cache_key, cache_release) != 0)
		abort();
}

/* The calling thread's cache, made on first use. */
static struct block_cache *cache_get(void)
{
	if (!my_cache) {
		pthread_once(&key_once, make_key);
		my_cache = xcalloc(1, sizeof *my_cache);
		pthread_setspecific(cache_key, my_cache);
	}
	return my_cache;
}

void *jsonmem_alloc(size_t n)
{
	size_t c = n ? (n + JSONMEM_CLASS_BYTES - 1) / JSONMEM_CLASS_BYTES : 1;
	if (c >= JSONMEM_CLASSES)
		return xmalloc(n);
	struct block_cache *cache = cache_get();
	struct free_block *b = cache->head[c];
	if (!b)
		return xmalloc(c * JSONMEM_CLASS_BYTES);
	cache->head[c] = b->next;
	cache->bytes -= malloc_usable_size(b);
	cache->count--;
	return b;
}

void jsonmem_free(void *p)
{
	if (!p)
		return;
	size_t usable = malloc_usable_size(p);
	size_t c = usable / JSONMEM_CLASS_BYTES;
	struct block_cache *cache = cache_get();
	if (c >= JSONMEM_CLASSES || cache->bytes + usable > JSONMEM_THREAD_BYTES) {
		free(p);
		return;
	}
	struct free_block *b = p;
	b->next = cache->head[c];
	cache->head[c] = b;
	cache->bytes += usable;
	cache->count++;
}

size_t jsonmem_cached(void)
{
	return my_cache ? my_cache->count : 0;
}

void jsonmem_flush(void)
{
	if (!my_cache)
		return;
	pthread_setspecific(cache_key, NULL);
	cache_release(my_cache);
	my_cache = NULL;
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

void jsonmem_init(void)
{
#ifndef UNDER_ASAN
	json_set_alloc_funcs(jsonmem_alloc, jsonmem_free);
#endif
}
