/* assets.h: files compiled into the binary at build time (templates, static files,
 * migrations, demo content). tools/embed.c generates the tables. */
#ifndef FORUMD_ASSETS_H
#define FORUMD_ASSETS_H
#include <stddef.h>

struct asset {
	const char *name;          /* path relative to its folder, e.g. "layout.html" */
	const unsigned char *data; /* NUL-terminated for convenience; len excludes the NUL */
	size_t len;
};

/* Each table is sorted by name and ends with an entry whose name is NULL. */
extern const struct asset asset_templates[];   /* web/templates/ */
extern const struct asset asset_static[];      /* web/static/ */
extern const struct asset asset_migrations[];  /* migrations/ */
extern const struct asset asset_demo[];        /* web/demo/ */

/* Returns the entry named `name` in `table`, or NULL. */
const struct asset *asset_find(const struct asset *table, const char *name);
#endif
