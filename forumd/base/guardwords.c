/* guardwords.c: the privacy guard's embedded word lists (guardwords.h): each list is its
 * asset's lines, sorted bytewise at build time, searched by halves. */
#include "guardwords.h"

#include <pthread.h>
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
};

static const char *const files[GUARD_LISTS] = {
	"names_first.txt", "names_surnames.txt", "names_words.txt", "names_proper.txt",
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

static void load_all(void)
{
	for (int i = 0; i < GUARD_LISTS; i++) {
		const struct asset *a = asset_find(asset_names, files[i]);
		if (!a)
			return;
		load(&lists[i], a);
	}
	init_rc = 0;
}

int guardwords_init(void)
{
	pthread_once(&init_once, load_all);
	return init_rc;
}

static int compare(const struct entry *e, const char *w, size_t len)
{
	size_t n = e->len < len ? e->len : len;
	int c = memcmp(e->s, w, n);
	return c ? c : (e->len > len) - (e->len < len);
}

bool guardwords_has(enum guard_list l, const char *w, size_t len)
{
	char low[GUARD_WORD_MAX];
	if (guardwords_init() != 0 || len == 0 || len > sizeof low)
		return false;
	for (size_t i = 0; i < len; i++)
		low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
	size_t lo = 0, hi = lists[l].n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = compare(&lists[l].v[mid], low, len);
		if (c == 0)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}
