/* mentions.c: @handle mentions of members (mentions.h). */
#include "mentions.h"

#include <string.h>

#include "handle.h"
#include "limits.h"

static const char SQL_FORGET[] = "DELETE FROM mentions WHERE post_id = ?1";
static const char SQL_MENTION[] =
	"INSERT OR IGNORE INTO mentions (member_id, post_id)"
	" SELECT id, ?1 FROM members WHERE handle = ?2 AND deleted_at IS NULL";
static const char SQL_MEMBER[] = "SELECT 1 FROM members WHERE handle = ?1 AND deleted_at IS NULL";

int mentions_write(struct db *db, int64_t post_id, const char *md)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FORGET);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, post_id);
	if (db_step_done(st) != SQLITE_DONE)
		return -1;
	struct handle_mention m[MENTIONS_MAX];
	size_t n = handle_mentions(md, m, MENTIONS_MAX);
	for (size_t i = 0; i < n; i++) {
		if (!(st = db_stmt(db, SQL_MENTION)))
			return -1;
		sqlite3_bind_int64(st, 1, post_id);
		sqlite3_bind_text(st, 2, md + m[i].start + 1, (int)(m[i].end - m[i].start - 1),
		                  SQLITE_STATIC);
		if (db_step_done(st) != SQLITE_DONE)
			return -1;
	}
	return 0;
}

/* True when md's @handle m names an existing member. */
static bool names_member(struct db *db, const char *md, const struct handle_mention *m)
{
	sqlite3_stmt *st = db_stmt(db, SQL_MEMBER);
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, md + m->start + 1, (int)(m->end - m->start - 1), SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

/* True when passage p lies inside one of the n mentions of members, and is no handle on a
 * network ("her insta is @jsmith" stays, whoever here is called jsmith). */
static bool inside(const json_t *p, const struct handle_mention *m, size_t n)
{
	if (json_object_get(p, "field"))   /* a title's passage: offsets into the title */
		return false;
	const char *rule = json_string_value(json_object_get(p, "rule"));
	if (rule && strcmp(rule, "social") == 0)
		return false;
	json_int_t start = json_integer_value(json_object_get(p, "start")),
	           end = json_integer_value(json_object_get(p, "end"));
	for (size_t i = 0; i < n; i++)
		if (start >= (json_int_t)m[i].start && end <= (json_int_t)m[i].end)
			return true;
	return false;
}

json_t *mentions_unguard(struct db *db, const char *md, json_t *passages)
{
	if (!json_array_size(passages))
		return passages;
	struct handle_mention all[MENTIONS_MAX], known[MENTIONS_MAX];
	size_t n = handle_mentions(md, all, MENTIONS_MAX), k = 0;
	for (size_t i = 0; i < n; i++)
		if (names_member(db, md, &all[i]))
			known[k++] = all[i];
	for (size_t i = json_array_size(passages); k > 0 && i-- > 0;)
		if (inside(json_array_get(passages, i), known, k))
			json_array_remove(passages, i);
	return passages;
}
