/* slugs.c: topics and specialties by slug (slugs.h). */
#include "slugs.h"

#include <string.h>

int64_t slug_lookup(struct db *db, const char *sql, const char *slug, json_t **name)
{
	sqlite3_stmt *st = slug && *slug ? db_stmt(db, sql) : NULL;
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, slug, -1, SQLITE_STATIC);
	int64_t id = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*name = json_string((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return id;
}

json_t *slug_options(struct db *db, const char *sql, const char *current)
{
	json_t *list = json_array();
	sqlite3_stmt *st = db_stmt(db, sql);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *slug = (const char *)sqlite3_column_text(st, 0);
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "slug", slug,
		    "name", (const char *)sqlite3_column_text(st, 1),
		    "selected", current && strcmp(current, slug) == 0));
	}
	if (st)
		sqlite3_reset(st);
	return list;
}
