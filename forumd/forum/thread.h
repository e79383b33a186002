/* thread.h: the thread page, also re-shown by reply_create with the reply form's state. */
#ifndef FORUMD_THREAD_H
#define FORUMD_THREAD_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include "request.h"

/* What the reply form shows: the person's text and choices, and what is wrong with them. */
struct reply_form {
	const char *body;
	const char *quote_text;
	int64_t quote_post;
	bool anonymous;
	bool show_tags;
	bool show_tags_set;        /* false: take the member's default */
	json_t *chosen;            /* array of specialty slugs, or NULL for the default */
	const char *anon_tags;     /* what an anonymous reply shows (a submitted value), or NULL */
	const json_t *scripts;     /* the words you could say typed (strings), or NULL */
	const char *update;        /* the asker's update form as typed, or NULL */
	json_t *errors;            /* {"body": "...", "specialty": "..."} or NULL */
	const char *message;       /* a summary of the problem, or NULL */
	json_t *preview;           /* after "Preview": the post as it will read (posting.h), or NULL */
};

/* Who reads a thread page: a member's id (0 for a visitor), and whether a moderator. */
struct thread_reader {
	int64_t id;
	bool moderator;
};
/* The reader of the page every member sees: signed in, author of nothing, no votes. */
#define THREAD_ANY_MEMBER (-1)

/* Answers the thread page for thread_id with status (200, or 4xx when re-showing a form).
 * form may be NULL. Does not take ownership of form's JSON. */
void thread_render(struct request *r, int64_t thread_id, const struct reply_form *form, int status);

/* The page's model as any member sees it (THREAD_ANY_MEMBER), with no reply form and no
 * CSRF token, inside the caller's read transaction; *locked says whether it takes replies.
 * NULL when such a member may not see it (or on a database error). */
json_t *thread_shared_model(struct request *r, int64_t thread_id, bool *locked);

/* Where a reader stands toward a thread: took part in it (by name or anonymously), or follows
 * it. Either keeps their read mark; the follow button is for readers who did not take part. */
struct thread_follow {
	bool took_part, following;
};
/* Works it out with a look-up or two; took_part, when the caller knows it, saves one. */
struct thread_follow thread_follow_of(struct db *db, int64_t member, int64_t thread_id,
                                      const bool *took_part);

/* The reader's empty reply form (partials/reply_form's "reply_form"), its follow button as fw
 * says. */
json_t *thread_reply_form(struct request *r, int64_t thread_id, const struct thread_follow *fw);

/* Read marks: whether member's mark of the thread is behind its newest post (in a read
 * transaction), and moving it (a write, after the read transaction). */
bool thread_read_mark_due(struct db *db, int64_t member, int64_t thread_id);
void thread_mark_read(struct db *db, int64_t member, int64_t thread_id);
/* Whether viewer may post the thread's update now: they asked it (by name or anonymously),
 * it is listed and not locked, and it has none (update.c). */
bool update_form_open(struct db *db, int64_t viewer, int64_t thread);

/* Whether member wrote a post in the thread, by name or anonymously. */
bool thread_took_part(struct db *db, int64_t member, int64_t thread_id);
#endif
