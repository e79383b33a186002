/* postview.h: view models shared by the dilemma pages: authors, posts, topics, ids. */
#ifndef FORUMD_POSTVIEW_H
#define FORUMD_POSTVIEW_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "db.h"
#include "visibility.h"

/* Columns every post query selects, in this order; the text only where the reader may see
 * it (visibility.h: bind the reader with visibility_bind). */
#define POST_COLUMNS \
	"p.id, p.thread_id, " AUTHORED_BY("p", VIS_VIEWER) ", p.kind, p.anonymous, p.anon_alias," \
	" p.credentials, p.show_tags, " VIS_TEXT("p", "body_html") ", p.created_at, p.edited_at, p.state," \
	" p.helpful_count, p.op_marked, p.mod_pick, m.handle, p.mod_reason, p.by_op," \
	" CASE WHEN p.edited_at IS NOT NULL THEN (SELECT coalesce(r.mod_note, '') FROM post_revisions r" \
	"  WHERE r.post_id = p.id ORDER BY r.id DESC LIMIT 1) END," \
	" p.place, (SELECT pl.name FROM places pl WHERE pl.code = p.place)," \
	" (SELECT json_group_array(json_array(s.id, s.text, s.mod_pick, s.state = 'hidden'))" \
	"    FROM (SELECT * FROM post_scripts s WHERE s.post_id = p.id AND " VIS_SCRIPT_WITH_POST("s", "p") \
	"          ORDER BY s.position) s)"
/* PC_EDIT_NOTE: for an edited post, its last edit's moderator note ('' for its author's own
 * edit); NULL when never edited. PC_PLACE, PC_PLACE_NAME: where its author practises, as
 * shown with its tags (a snapshot), or NULL. PC_SCRIPTS: its scripts the reader sees, as the
 * JSON text [[id, text, mod_pick, hidden], ...] in position order ("[]" for none) */
enum {
	PC_ID, PC_THREAD, PC_OWN, PC_KIND, PC_ANON, PC_ALIAS, PC_CREDENTIALS, PC_SHOW_TAGS,
	PC_BODY_HTML, PC_CREATED, PC_EDITED, PC_STATE, PC_HELPFUL, PC_OP_MARKED, PC_MOD_PICK,
	PC_HANDLE, PC_MOD_REASON, PC_BY_OP, PC_EDIT_NOTE, PC_PLACE, PC_PLACE_NAME, PC_SCRIPTS, PC_NEXT
};

struct post_tags;

/* Who is looking at a thread, and whether it is theirs (member ids never leave the server;
 * PC_OWN and PC_BY_OP answer "the viewer's" and "the thread author's" in SQL, through
 * sealed authorship for anonymous posts). */
struct post_ctx {
	int64_t viewer;            /* 0 for a visitor */
	bool moderator;            /* the viewer is a moderator or admin */
	bool thread_own;           /* the viewer wrote the thread */
	time_t now;
	const struct post_tags *tags;  /* the thread's tags loaded at once, or NULL: one query a post */
};

/* A specialty's number of tagged, visible replies in a thread (see post_tags_counts). */
struct tag_count {
	const char *slug, *name;   /* owned by the post_tags they came from */
	int64_t sort;
	int count;
};

/* json_string(s), faster for ASCII text (which needs no UTF-8 check): a new string, or
 * NULL when s is NULL or not valid UTF-8. */
json_t *text_json(const char *s);


/* {"name", "anonymous", "alias"?, "url"?}: never a handle or id for an anonymous post. */
json_t *author_json(bool anonymous, const char *alias, const char *handle);

/* The model of the post on the current row of st (selected with POST_COLUMNS; column
 * PC_NEXT, when present as an integer, says whether the viewer marked it helpful). */
json_t *post_json(struct db *db, sqlite3_stmt *st, const struct post_ctx *ctx);

/* A post's "actions": what the reader may do with it (own, can_edit, can_vote, voted,
 * can_op_mark), from their relation to it and to its thread. */
json_t *post_viewer_flags(bool signed_in, bool reply, bool own, bool removed, bool voted,
                          bool thread_own);

/* The specialty tags of every post of thread_id, with one query, for post_json to use
 * through post_ctx.tags. Returns NULL on a database error. Free with post_tags_free. */
struct post_tags *post_tags_load(struct db *db, int64_t thread_id);
void post_tags_free(struct post_tags *tags);

/* The specialties tagged on the thread's visible replies that show their tags, most
 * replies first (then the specialties' own order). Returns the count of entries in *out,
 * an array the caller frees (its strings belong to tags). */
size_t post_tags_counts(const struct post_tags *tags, struct tag_count **out);

/* [{slug, name, url}] of a thread's topics. */
json_t *thread_topics_json(struct db *db, int64_t thread_id);

/* The display name of post_id's author ("Anonymous Heron", a handle, "former member"),
 * copied into out. Returns 0, or -1 when there is no such visible post in thread_id. */
int post_author_name(struct db *db, int64_t post_id, int64_t thread_id, char *out, size_t outlen);
#endif
