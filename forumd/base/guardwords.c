/* guardwords.c: the privacy guard's embedded word lists (guardwords.h): each list is its
 * asset's lines, found through a hash table (open addressing, FNV-1a) built at start-up:
 * a look-up costs one hash and a compare or two, whatever the list's length. */
#include "guardwords.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "assets.h"
#include "mem.h"

extern const struct asset asset_names[];   /* tools/namelists.py's four lists */

#define GUARD_WORD_MAX 64

struct entry {
	const char *s;
	size_t len;
};

struct list {
	struct entry *v;
	size_t n;
	uint32_t *slots;    /* index + 1 into v; 0 is empty */
	size_t mask;        /* slots - 1, a power of two at least twice n */
};

static const char *const files[GUARD_LISTS] = {
	"names_first.txt", "names_surnames.txt", "names_words.txt", "names_proper.txt",
	"names_places.txt",
};
static struct list lists[GUARD_LISTS];
static int init_rc = -1;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* The asset's lines as entries (pointers into the embedded bytes). */
static void load(struct list *l, const struct asset *a)
{
	size_t cap = 0;
	const char *p = (const char *)a->data, *end = p + a->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (n > 0) {
			if (l->n == cap)
				l->v = xrealloc(l->v, (cap = cap ? cap * 2 : 4096) * sizeof *l->v);
			l->v[l->n++] = (struct entry){ p, n };
		}
		p += n + 1;
	}
}

static uint32_t hash(const char *w, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

static void index_list(struct list *l)
{
	size_t size = 1024;
	while (size < l->n * 2)
		size *= 2;
	l->slots = xcalloc(size, sizeof *l->slots);
	l->mask = size - 1;
	for (size_t i = 0; i < l->n; i++) {
		size_t at = hash(l->v[i].s, l->v[i].len) & l->mask;
		while (l->slots[at])
			at = (at + 1) & l->mask;
		l->slots[at] = (uint32_t)(i + 1);
	}
}

static void load_all(void)
{
	for (int i = 0; i < GUARD_LISTS; i++) {
		const struct asset *a = asset_find(asset_names, files[i]);
		if (!a)
			return;
		load(&lists[i], a);
		index_list(&lists[i]);
	}
	init_rc = 0;
}

int guardwords_init(void)
{
	pthread_once(&init_once, load_all);
	return init_rc;
}

bool guardwords_has(enum guard_list l, const char *w, size_t len)
{
	char low[GUARD_WORD_MAX];
	if (guardwords_init() != 0 || len == 0 || len > sizeof low)
		return false;
	for (size_t i = 0; i < len; i++)
		low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
	const struct list *li = &lists[l];
	for (size_t at = hash(low, len) & li->mask; li->slots[at]; at = (at + 1) & li->mask) {
		const struct entry *e = &li->v[li->slots[at] - 1];
		if (e->len == len && memcmp(e->s, low, len) == 0)
			return true;
	}
	return false;
}
