/* mem.h: allocation wrappers that abort on out-of-memory, so callers never check NULL. */
#ifndef FORUMD_MEM_H
#define FORUMD_MEM_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
#endif
