/* test_jsonmem.c: unit tests for jsonmem.c, jansson's per-thread block cache (TAP output). */
#include "jsonmem.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "limits.h"
#include "tap.h"

static void freed_block_is_reused_for_the_same_size(void)
{
	jsonmem_flush();
	void *a = jsonmem_alloc(40);
	jsonmem_free(a);
	CHECK(jsonmem_cached() == 1);
	void *b = jsonmem_alloc(40);
	CHECK(b == a);
	CHECK(jsonmem_cached() == 0);
	jsonmem_free(b);
	jsonmem_flush();
}

static void reused_block_holds_the_requested_size(void)
{
	jsonmem_flush();
	for (size_t n = 1; n <= JSONMEM_MAX_BLOCK; n += 7) {
		void *p = jsonmem_alloc(n);
		CHECK(malloc_usable_size(p) >= n);
		jsonmem_free(p);
		void *q = jsonmem_alloc(n);
		CHECK(malloc_usable_size(q) >= n);
		memset(q, 0xab, n);
		jsonmem_free(q);
	}
	jsonmem_flush();
	CHECK(jsonmem_cached() == 0);
}

static void large_blocks_go_back_to_malloc(void)
{
	jsonmem_flush();
	void *p = jsonmem_alloc(JSONMEM_MAX_BLOCK * 4);
	CHECK(malloc_usable_size(p) >= JSONMEM_MAX_BLOCK * 4);
	jsonmem_free(p);
	CHECK(jsonmem_cached() == 0);
}

static void plain_malloc_blocks_are_accepted(void)
{
	jsonmem_flush();
	void *p = malloc(24);
	jsonmem_free(p);          /* a block from before the allocator was installed */
	CHECK(jsonmem_cached() == 1);
	void *q = jsonmem_alloc(16);
	CHECK(q == p);
	free(q);                  /* and a cached block is an ordinary malloc block */
}

static void cache_stops_at_its_byte_cap(void)
{
	jsonmem_flush();
	size_t n = JSONMEM_THREAD_BYTES / 32 + 100;
	void **v = malloc(n * sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = jsonmem_alloc(32);
	for (size_t i = 0; i < n; i++)
		jsonmem_free(v[i]);
	CHECK(jsonmem_cached() > 0);
	CHECK(jsonmem_cached() * 32 <= JSONMEM_THREAD_BYTES);
	CHECK(jsonmem_cached() < n);
	free(v);
	jsonmem_flush();
}

static void *churn(void *arg)
{
	(void)arg;
	for (int round = 0; round < 50; round++) {
		json_t *o = json_object();
		for (int i = 0; i < 100; i++)
			json_object_set_new(o, "k", json_sprintf("value %d", i));
		json_decref(o);
	}
	return NULL;
}

static void threads_build_and_free_json_through_it(void)
{
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		CHECK(pthread_create(&t[i], NULL, churn, NULL) == 0);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	json_t *v = json_pack("{s:s, s:[i, i]}", "name", "Critical Care", "n", 1, 2);
	char *s = json_dumps(v, JSON_COMPACT);
	CHECK(s && strcmp(s, "{\"name\":\"Critical Care\",\"n\":[1,2]}") == 0);
	free(s);                  /* json_dumps's result is freed with free() */
	json_decref(v);
}

int main(void)
{
	json_set_alloc_funcs(jsonmem_alloc, jsonmem_free);
	RUN(freed_block_is_reused_for_the_same_size);
	RUN(reused_block_holds_the_requested_size);
	RUN(large_blocks_go_back_to_malloc);
	RUN(plain_malloc_blocks_are_accepted);
	RUN(cache_stops_at_its_byte_cap);
	RUN(threads_build_and_free_json_through_it);
	jsonmem_flush();
	return DONE();
}
