/* places.c: the places table for forms and checks (places.h). */
#include "places.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char SQL_PLACE_KNOWN[] = "SELECT 1 FROM places WHERE code = ?1";
static const char SQL_PLACE_NAME[] =
	"SELECT p.name, CASE WHEN p.country = p.code THEN p.name ELSE p.name || ', ' || c.name END"
	"  FROM places p JOIN places c ON c.code = p.country WHERE p.code = ?1";
/* every place in list order, with whether it is a country that has states */
static const char SQL_PLACES[] =
	"SELECT p.code, p.name, p.code = p.country,"
	"       EXISTS (SELECT 1 FROM places s WHERE s.country = p.code AND s.code <> p.code)"
	"  FROM places p ORDER BY p.sort";

/* A code's shape: 2 to PLACE_CODE_MAX capital letters, digits or '-'. */
static bool code_shape(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n < 2 || n > PLACE_CODE_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9') ||
		      code[i] == '-'))
			return false;
	return true;
}

int place_known(struct db *db, const char *code)
{
	if (!code_shape(code))
		return 0;
	sqlite3_stmt *st = db_stmt(db, SQL_PLACE_KNOWN);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static json_t *option(const char *value, const char *label, const char *selected)
{
	return json_pack("{s:s, s:s, s:b}", "value", value, "label", label,
	                 "selected", selected && strcmp(selected, value) == 0);
}

static json_t *group(const char *label)
{
	return json_pack("{s:s, s:[]}", "label", label, "options");
}

json_t *place_options(struct db *db, const char *selected)
{
	json_t *groups = json_array(), *others = group("Other countries"), *current = NULL;
	sqlite3_stmt *st = db_stmt(db, SQL_PLACES);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		bool country = sqlite3_column_int(st, 2), has_states = sqlite3_column_int(st, 3);
		if (country && has_states) {
			char label[128];
			snprintf(label, sizeof label, "%s, no state or province", name);
			current = group(name);
			json_array_append_new(json_object_get(current, "options"), option(code, label, selected));
			json_array_append_new(groups, current);
		} else if (country) {
			json_array_append_new(json_object_get(others, "options"), option(code, name, selected));
		} else if (current) {
			json_array_append_new(json_object_get(current, "options"), option(code, name, selected));
		}
	}
	if (st)
		sqlite3_reset(st);
	json_array_append_new(groups, others);
	return groups;
}

json_t *place_json(struct db *db, const char *code)
{
	if (!code_shape(code))
		return NULL;
	sqlite3_stmt *st = db_stmt(db, SQL_PLACE_NAME);
	if (!st)
		return NULL;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	json_t *out = sqlite3_step(st) == SQLITE_ROW
		? json_pack("{s:s, s:s, s:s}", "code", code, "name", (const char *)sqlite3_column_text(st, 0),
		            "full_name", (const char *)sqlite3_column_text(st, 1))
		: NULL;
	sqlite3_reset(st);
	return out;
}
