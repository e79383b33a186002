/* posting.h: the one posting pipeline. Each way of writing a post (a new dilemma, a reply,
 * an author's edit, a moderator's edit) checks its own form, then hands the text to
 * post_submit, which runs the same steps in the same order for all of them:
 *
 *   privacy guard (one scan: title, text, scripts) -> posting limit (new posts) -> markdown
 *   on the render pool -> one transaction: the path's write (a new post, or a revision and
 *   the new text), a reply's scripts, the search index, its @handle mentions, held or visible (one decision), the audit
 *      row -> commit -> answer
 *
 * The guard's passages inside an @handle of an existing member are dropped first
 * (store/mentions.h): naming a member of the forum is not naming someone elsewhere.
 */
#ifndef FORUMD_POSTING_H
#define FORUMD_POSTING_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "request.h"
#include "sharedtags.h"

enum post_path {
	POST_NEW_DILEMMA,   /* a new thread and its opening post */
	POST_NEW_REPLY,     /* a reply in a thread */
	POST_NEW_UPDATE,    /* the asker's update to their dilemma */
	POST_AUTHOR_EDIT,   /* the author changes their post (and a dilemma's title) */
	POST_MOD_EDIT,      /* a moderator changes a post, with a note */
};

struct submission;

/* What a path adds to the pipeline. */
struct submission_ops {
	/* New posts only: writes the thread and/or post for html inside the pipeline's
	 * transaction, sets s->post_id and s->thread_id. Returns 0 or -1 (rolled back). */
	int (*write_new)(struct request *r, struct submission *s, const char *html);
	/* Answers when the post was not written: the path's form again with the person's text
	 * and message, with this status (429 posting limit, 503 database or busy). */
	void (*refused)(struct request *r, struct submission *s, int status, const char *message);
	/* Answers after the commit (a redirect, usually). */
	void (*done)(struct request *r, struct submission *s);
	/* Frees s->input. */
	void (*free_input)(void *input);
};

struct submission {
	enum post_path path;
	const struct submission_ops *ops;
	void *input;              /* the path's own checked input (ops->free_input frees it) */
	int64_t author;           /* the post's author (the member writing, but for a moderator's edit) */
	int64_t thread_id;        /* replies and edits: the thread; a new dilemma: set by write_new */
	int64_t post_id;          /* edits: the post; new posts: set by write_new */
	char *title;              /* a dilemma's title (new, or an author's edit), else NULL; owned */
	char *md;                 /* the markdown to post; owned */
	char *mod_note;           /* a moderator's edit: why, kept with its (textless) revision and audited; owned */
	/* The form fields md was composed from besides body (a new dilemma's prompts), NULL
	 * ended; the guard page then shows md whole as the text to edit and does not carry
	 * them. NULL: md is body (and a reply's quote, carried apart). */
	const char *const *folded;
	/* A reply's scripts (words you could say: checked strings), scanned by the guard with
	 * the text, shown on the guard page to edit, and written in the post's transaction;
	 * NULL when the path has none. Owned. */
	json_t *scripts;
	/* While the form is shown again after "Preview": {body_html, preview_title, passages, highlighted_html,
	 * title_highlighted_html} (partials/preview); ops->refused puts it in its form's model
	 * as "preview". NULL otherwise. Owned. */
	json_t *preview;
};

/* Runs s through the pipeline and answers the request in every case; takes s. The privacy
 * guard stops a post whose title or text holds identifiers with the guard page (422), unless
 * the form says guard_ack=1: then the post is written and held for review. A moderator's
 * edit is a redaction: it is neither guarded nor held, and keeps none of the text it
 * replaces (its revision row holds the times and the note; earlier versions are blanked),
 * then purges it from the search index and the WAL (store/erase.h). With preview=1 (the
 * forms' "Preview" button) nothing is written nor counted: the text is rendered and the
 * path's form comes back (ops->refused, 200) with it above, and what the guard would say. */
void post_submit(struct request *r, struct submission *s);

/* Why member may not post anonymously yet, or NULL when they may. A new member's first
 * posts (new_member_review) wait for a moderator under their handle; an anonymous post is
 * never held for being among an account's first, so no moderator can tell from a hold that
 * its author is new (docs/PRIVACY.md). */
const char *posting_anonymous_refusal(struct request *r, int64_t member);

/* What an anonymous post may show (store/sharedtags.h, k = anon_tag_k), for the forms: the
 * radio choices under "If you post anonymously, show:", "Nothing" first, each
 * {id, value, label, checked}, with `chosen` (a submitted value; NULL: "Nothing") checked.
 * with_specialty false: credentials only (a dilemma's byline shows no specialty). With no
 * choice it comes from the member memo (membermemo.h), shared: render it, never change it. */
json_t *posting_anon_tag_choices(struct request *r, int64_t member, bool with_specialty,
                                 const char *chosen);

/* Reads the submitted choice into out; returns NULL, or the message for the field anon_tags
 * when it is not open to member now (forged, or no longer shared by anon_tag_k members). */
const char *posting_anon_tags_refusal(struct request *r, int64_t member, bool with_specialty,
                                      const char *value, struct shared_tags *out);

/* A submission_ops.done that redirects to the written post: /d/THREAD#pPOST. */
void submission_show_post(struct request *r, struct submission *s);

/* A new submission for path with ops and input; title and md are copied (title may be NULL). */
struct submission *submission_new(enum post_path path, const struct submission_ops *ops,
                                  void *input, int64_t author, const char *title, const char *md);
#endif
