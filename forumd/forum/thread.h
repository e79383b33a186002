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
	json_t *errors;            /* {"body": "...", "specialty": "..."} or NULL */
	const char *message;       /* a summary of the problem, or NULL */
};

/* Answers the thread page for thread_id with status (200, or 4xx when re-showing a form).
 * form may be NULL. Does not take ownership of form's JSON. */
void thread_render(struct request *r, int64_t thread_id, const struct reply_form *form, int status);
#endif
