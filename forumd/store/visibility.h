/* visibility.h: the one owner of what a reader may see of threads and posts. Every
 * reader-facing query (thread page, lists, feeds, search, profiles, inbox, curated page,
 * flag form, quotes, votes) takes its conditions and text columns from these macros, so a
 * hidden, held or removed text is never loaded for a reader who may not see it.
 *
 * The macros name two SQL parameters, bound with visibility_bind: ?90, the viewer (the
 * member's id), and ?91, 1 for moderators and admins. They are numbered, not named, because
 * a named parameter takes the next free number where it first appears and would then alias
 * a query's own ?1. A query that leaves them unbound (a feed, a public list) gets the most
 * private answer: a visitor's. Queries number their own parameters below 90. "The reader's
 * own" covers anonymous posts through their sealed authorship (authorship.h).
 *
 * The states: 'visible'; 'held' (waiting for review: its author's and the moderators' to
 * see); 'hidden' (by a moderator: a placeholder with the public reason); 'removed' (by its
 * author: a placeholder). */
#ifndef FORUMD_VISIBILITY_H
#define FORUMD_VISIBILITY_H
#include <stdbool.h>
#include <stdint.h>
#include <sqlite3.h>
#include "authorship.h"

#define VIS_VIEWER_INDEX 90
#define VIS_MODERATOR_INDEX 91
#define VIS_VIEWER "?90"
#define VIS_MODERATOR "?91"

/* A thread listed in lists, feeds, search, profiles and counts: visible to everyone. */
#define VIS_THREAD_LISTED(t) "(" t ".state = 'visible')"

/* A thread the reader may open: listed, or held and theirs or a moderator's. */
#define VIS_THREAD_OPEN(t) \
	"(" t ".state = 'visible' OR (" t ".state = 'held' AND (" THREAD_BY(t, VIS_VIEWER) " OR " VIS_MODERATOR ")))"

/* A post listed and counted outside its thread page (lists, feeds, search, profiles,
 * tag counts, votes, flags, quotes): visible to everyone. */
#define VIS_POST_LISTED(p) "(" p ".state = 'visible')"

/* A reply shown in its thread, as text or placeholder: visible or hidden; held and the
 * reader's own; removed by its author but quoted by a visible post. */
#define VIS_REPLY_IN_THREAD(p) \
	"(" p ".state IN ('visible', 'hidden') OR (" p ".state = 'held' AND " AUTHORED_BY(p, VIS_VIEWER) ")" \
	" OR (" p ".state = 'removed' AND EXISTS (SELECT 1 FROM posts q" \
	"     WHERE q.quote_post_id = " p ".id AND q.state = 'visible')))"

/* True (1) when the reader may see the post's own text: visible, or held and theirs or a
 * moderator's (a held dilemma is shown to moderators on its page). */
#define VIS_POST_TEXT_SEEN(p) \
	"(" p ".state = 'visible' OR (" p ".state = 'held' AND (" AUTHORED_BY(p, VIS_VIEWER) " OR " VIS_MODERATOR ")))"

/* A script (post_scripts s) listed outside its reply: the thread's "Words nurses suggested",
 * /scripts, feeds and search: not hidden, of a listed reply in a listed thread. */
#define VIS_SCRIPT_LISTED(s, p, t) \
	"(" s ".state = 'visible' AND " p ".kind = 'reply' AND " VIS_POST_LISTED(p) " AND " VIS_THREAD_LISTED(t) ")"

/* A script shown with its reply: where the reader sees the reply's text, unless a moderator
 * hid it (moderators see a hidden one, marked). */
#define VIS_SCRIPT_WITH_POST(s, p) \
	"((" s ".state = 'visible' OR " VIS_MODERATOR ") AND " VIS_POST_TEXT_SEEN(p) ")"

/* A text column of the post (body_html, body_md), or NULL when the reader may not see it. */
#define VIS_TEXT(p, column) "CASE WHEN " VIS_POST_TEXT_SEEN(p) " THEN " p "." column " END"

/* 1 when the newest post of thread t, in any state (a held reply moves last activity too),
 * is anonymous: then its last activity is shown to the hour, like the post (PRIVACY.md). */
#define VIS_LAST_POST_ANONYMOUS(t) \
	"coalesce((SELECT lp.anonymous FROM posts lp WHERE lp.thread_id = " t ".id" \
	"          ORDER BY lp.id DESC LIMIT 1), 0)"

/* Binds ?90 and ?91 in st where it uses them (a visitor: 0 and 0). */
void visibility_bind(sqlite3_stmt *st, int64_t viewer, bool moderator);

/* The placeholder HTML a reader sees instead of a post's text, by state: "removed by a
 * moderator: REASON" (the reason escaped) for 'hidden', "[removed by author]" for
 * 'removed'. Caller frees. */
char *visibility_placeholder_html(const char *state, const char *mod_reason);
#endif
