/* assets.c: lookup in the embedded file tables (the tables themselves are generated). */
#include "assets.h"

#include <string.h>

/* A linear scan: the tables hold tens of entries, and this does not depend on their order. */
const struct asset *asset_find(const struct asset *table, const char *name)
{
	for (const struct asset *a = table; a->name; a++) {
		if (strcmp(a->name, name) == 0)
			return a;
	}
	return NULL;
}
