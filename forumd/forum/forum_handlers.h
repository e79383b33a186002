/* forum_handlers.h: the forum's page handlers, by the file that holds each.
 * The route table (routes.c) is the only caller; each answers with exactly one respond_* call. */
#ifndef FORUMD_FORUM_HANDLERS_H
#define FORUMD_FORUM_HANDLERS_H
#include "request.h"

/* front.c */
void front_show(struct request *r);

/* thread.c */
void thread_show(struct request *r);

/* post.c */
void dilemma_new(struct request *r);
void dilemma_create(struct request *r);
void reply_create(struct request *r);

/* postedit.c */
void post_edit(struct request *r);
void post_update(struct request *r);
void post_delete_form(struct request *r);
void post_delete(struct request *r);

/* follow.c */
void thread_follow(struct request *r);

/* posthistory.c */
void post_history(struct request *r);

/* vote.c */
void vote_helpful(struct request *r);
void vote_op_mark(struct request *r);

/* lists.c */
void unanswered_show(struct request *r);
void updated_show(struct request *r);
void topics_show(struct request *r);
void topic_show(struct request *r);
void specialties_show(struct request *r);
void specialty_show(struct request *r);

/* search.c */
void search_show(struct request *r);

/* feed.c */
void feed_updated(struct request *r);
void feed_latest(struct request *r);
void feed_topic(struct request *r);
void feed_specialty(struct request *r);

/* inbox.c */
void inbox_show(struct request *r);

/* draft.c: POST /drafts/delete */
void draft_remove(struct request *r);

/* notifications.c */
void notifications_show(struct request *r);

/* notifyfeed.c: the private feed; notify_feed_model adds the page's "feed" part */
void notify_feed_show(struct request *r);
void notify_feed_change(struct request *r);
void notify_feed_model(struct request *r, int64_t me, json_t *model);

/* update.c */
void update_create(struct request *r);

/* suggested.c */
void scripts_show(struct request *r);
void scripts_feed(struct request *r);

/* curated.c */
void curated_show(struct request *r);
void curated_feed(struct request *r);
#endif
