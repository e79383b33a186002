/* guardwords.c: the privacy guard's embedded word lists (guardwords.h): their assets' lines
 * in one hash table (open addressing, FNV-1a) built at start-up, each word with the lists it
 * is on: a look-up answers for every list with one hash and a compare or two. */
#include "guardwords.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "assets.h"
#include "mem.h"

extern const struct asset asset_names[];   /* tools/namelists.py's four lists */

#define GUARD_WORD_MAX 64

/* One hash table over the words of all lists, each with the bits of the lists it is on. */
struct entry {
	const char *s;
	uint32_t len;
	uint8_t lists;      /* bit l: on list l */
};

static const char *const files[GUARD_LISTS] = {
	"names_first.txt", "names_surnames.txt", "names_words.txt", "names_proper.txt",
	"names_places.txt",
};
static struct entry *entries;
static size_t n_entries, cap_entries;
static uint32_t *slots;     /* index + 1 into entries; 0 is empty */
static size_t slot_mask;    /* slots - 1, a power of two at least twice the words */
static int init_rc = -1;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static uint32_t hash(const char *w, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)w[i]) * 16777619u;
	return h;
}

/* The slot of w[0..len): where it is, or the empty slot where it goes. */
static size_t slot_of(const char *w, size_t len)
{
	size_t at = hash(w, len) & slot_mask;
	while (slots[at]) {
		const struct entry *e = &entries[slots[at] - 1];
		if (e->len == len && memcmp(e->s, w, len) == 0)
			break;
		at = (at + 1) & slot_mask;
	}
	return at;
}

/* Adds the asset's lines (pointers into the embedded bytes) to list l. */
static void load(int l, const struct asset *a)
{
	const char *p = (const char *)a->data, *end = p + a->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (n > 0 && n <= GUARD_WORD_MAX) {
			size_t at = slot_of(p, n);
			if (!slots[at]) {
				if (n_entries == cap_entries)
					entries = xrealloc(entries, (cap_entries = cap_entries ? cap_entries * 2 : 65536) *
					                   sizeof *entries);
				entries[n_entries++] = (struct entry){ p, (uint32_t)n, 0 };
				slots[at] = (uint32_t)n_entries;
			}
			entries[slots[at] - 1].lists |= (uint8_t)(1u << l);
		}
		p += n + 1;
	}
}

static void load_all(void)
{
	const struct asset *a[GUARD_LISTS];
	size_t lines = 0;
	for (int i = 0; i < GUARD_LISTS; i++) {
		if (!(a[i] = asset_find(asset_names, files[i])))
			return;
		lines += a[i]->len / 4 + 1;   /* at least four bytes a line, its newline too */
	}
	size_t size = 1024;
	while (size < lines * 2)
		size *= 2;
	slots = xcalloc(size, sizeof *slots);
	slot_mask = size - 1;
	for (int i = 0; i < GUARD_LISTS; i++)
		load(i, a[i]);
	init_rc = 0;
}

int guardwords_init(void)
{
	pthread_once(&init_once, load_all);
	return init_rc;
}

unsigned guardwords_lists(const char *w, size_t len)
{
	char low[GUARD_WORD_MAX];
	if (guardwords_init() != 0 || len == 0 || len > sizeof low)
		return 0;
	for (size_t i = 0; i < len; i++)
		low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] - 'A' + 'a' : w[i]);
	size_t at = slot_of(low, len);
	return slots[at] ? entries[slots[at] - 1].lists : 0;
}

bool guardwords_has(enum guard_list l, const char *w, size_t len)
{
	return (guardwords_lists(w, len) >> l) & 1u;
}
