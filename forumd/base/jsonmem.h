/* jsonmem.h: jansson's allocator: per-thread caches of small freed blocks, so a page's
 * model (thousands of small values built and freed per request) skips malloc's slow paths. */
#ifndef FORUMD_JSONMEM_H
#define FORUMD_JSONMEM_H
#include <stddef.h>

/* Installs the allocator with json_set_alloc_funcs. Call once in main before any thread
 * starts. Blocks stay ordinary malloc blocks (cached ones are found by their usable size),
 * so values allocated before the call are freed correctly after it. Under AddressSanitizer
 * it installs nothing, so use-after-free of JSON values is still caught. */
void jsonmem_init(void);

/* For tests: the allocator's functions, and the calling thread's cached block count. */
void *jsonmem_alloc(size_t n);
void jsonmem_free(void *p);
size_t jsonmem_cached(void);
/* Frees the calling thread's cached blocks (threads also do it when they exit). */
void jsonmem_flush(void);
#endif
