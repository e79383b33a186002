/* handlers.h: every page handler, grouped by the file that holds it. The route table in
 * router.c is the only caller. Each answers with exactly one reply_* call. */
#ifndef FORUMD_HANDLERS_H
#define FORUMD_HANDLERS_H
#include "request.h"

/* front.c */
void front_show(struct request *r);

/* pages.c */
void health_show(struct request *r);
void privacy_show(struct request *r);
void guidelines_show(struct request *r);

/* static.c */
void static_show(struct request *r);
/* thread.c */
void thread_show(struct request *r);

/* post.c */
void dilemma_new(struct request *r);
void dilemma_create(struct request *r);
void reply_create(struct request *r);

/* postedit.c */
void post_edit(struct request *r);
void post_update(struct request *r);
void post_delete(struct request *r);

/* vote.c */
void vote_helpful(struct request *r);
void vote_op_mark(struct request *r);

/* lists.c */
void unanswered_show(struct request *r);
void topics_show(struct request *r);
void topic_show(struct request *r);
void specialties_show(struct request *r);
void specialty_show(struct request *r);

/* search.c */
void search_show(struct request *r);

/* feed.c */
void feed_latest(struct request *r);
void feed_topic(struct request *r);
void feed_specialty(struct request *r);

/* inbox.c */
void inbox_show(struct request *r);

/* account.c */
void account_register_form(struct request *r);
void account_register(struct request *r);
void account_login_form(struct request *r);
void account_login(struct request *r);
void account_logout(struct request *r);
void account_password_form(struct request *r);
void account_password(struct request *r);
void account_sessions(struct request *r);
void account_sessions_end(struct request *r);

/* recovery.c */
void account_recover_form(struct request *r);
void account_recover(struct request *r);
void account_codes(struct request *r);

/* account_delete.c */
void account_export(struct request *r);
void account_delete_form(struct request *r);
void account_delete(struct request *r);

/* profile.c */
void profile_edit_form(struct request *r);
void profile_edit(struct request *r);
void profile_show(struct request *r);

/* ---- moderation (issue 5) ---- */
/* flag.c */
void flag_form(struct request *r);
void flag_create(struct request *r);
/* moderation.c */
void moderation_queue(struct request *r);
void moderation_post_action(struct request *r);
/* modthread.c */
void moderation_thread(struct request *r);
void moderation_thread_action(struct request *r);
/* modmember.c */
void moderation_member(struct request *r);
void moderation_member_action(struct request *r);
void moderation_log(struct request *r);
void moderation_audit(struct request *r);
/* curated.c */
void curated_show(struct request *r);
void curated_feed(struct request *r);
#endif
