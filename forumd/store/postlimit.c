/* postlimit.c: counts a member's posts (named and anonymous) in the last window against
 * their limit. */
#include "postlimit.h"

#include <string.h>
#include <time.h>

#include "authorship.h"
#include "limits.h"

/* Each count stops at ?4, the larger of the two limits: a member who posts a great deal
 * costs no more to check than one at their limit. CROSS JOIN keeps the member's ledger the
 * outer loop (as in authorship.h's POSTS_OF), not every anonymous post. */
static const char SQL_RECENT[] =
	"SELECT (SELECT count(*) FROM (SELECT 1 FROM posts"
	"         WHERE member_id = ?1 AND kind = ?2 AND created_at > ?3 LIMIT ?4))"
	"     + (SELECT count(*) FROM (SELECT 1 FROM json_each(" LEDGER_THREADS("?1") ") j CROSS JOIN posts p"
	"         ON p.thread_id = j.value AND p.author_tag = author_tag(?1, j.value)"
	"        WHERE p.kind = ?2 AND p.created_at > ?3 LIMIT ?4)),"
	"       (SELECT created_at FROM members WHERE id = ?1)";

/* The limit of kind for a newcomer or not: the config's, or the defaults without one. */
static int64_t limit_of(const struct config *cfg, bool thread, bool newcomer)
{
	if (cfg)
		return thread ? (newcomer ? cfg->new_member_limit_threads : cfg->post_limit_threads)
		              : (newcomer ? cfg->new_member_limit_replies : cfg->post_limit_replies);
	return thread ? (newcomer ? NEW_MEMBER_LIMIT_THREADS : POST_LIMIT_THREADS)
	              : (newcomer ? NEW_MEMBER_LIMIT_REPLIES : POST_LIMIT_REPLIES);
}

bool postlimit_allows(struct db *db, const struct config *cfg, int64_t member, const char *kind,
                      bool *db_error)
{
	time_t now = time(NULL);
	*db_error = false;
	sqlite3_stmt *st = db_stmt(db, SQL_RECENT);
	if (!st) {
		*db_error = true;
		return false;
	}
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	bool thread = strcmp(kind, "dilemma") == 0;
	int64_t most = limit_of(cfg, thread, true), regular = limit_of(cfg, thread, false);
	sqlite3_bind_int64(st, 3, (int64_t)now - POST_LIMIT_WINDOW_SECONDS);
	sqlite3_bind_int64(st, 4, most > regular ? most : regular);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		*db_error = true;
		return false;
	}
	int64_t recent = sqlite3_column_int64(st, 0), joined = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	bool newcomer = (int64_t)now - joined < NEW_MEMBER_SECONDS;
	return recent < limit_of(cfg, thread, newcomer);
}
