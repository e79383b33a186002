/* moderation_handlers.h: the moderators' and flagging handlers, by the file that holds each.
 * The route table (routes.c) is the only caller; each answers with exactly one respond_* call. */
#ifndef FORUMD_MODERATION_HANDLERS_H
#define FORUMD_MODERATION_HANDLERS_H
#include "request.h"

/* flag.c */
void flag_form(struct request *r);
void flag_create(struct request *r);
void flag_done(struct request *r);

/* moderation.c */
void moderation_queue(struct request *r);
void moderation_post_action(struct request *r);

/* modscript.c */
void moderation_script_action(struct request *r);

/* modthread.c */
void moderation_thread(struct request *r);
void moderation_thread_action(struct request *r);

/* modmember.c */
void moderation_member(struct request *r);
void moderation_member_action(struct request *r);
void moderation_log(struct request *r);
void moderation_audit(struct request *r);
#endif
