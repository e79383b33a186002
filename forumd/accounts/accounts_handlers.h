/* accounts_handlers.h: the account pages' handlers, by the file that holds each.
 * The route table (routes.c) is the only caller; each answers with exactly one respond_* call. */
#ifndef FORUMD_ACCOUNTS_HANDLERS_H
#define FORUMD_ACCOUNTS_HANDLERS_H
#include "request.h"

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
void account_codes_form(struct request *r);
void account_codes(struct request *r);

/* account_delete.c */
void account_export(struct request *r);
void account_delete_form(struct request *r);
void account_delete(struct request *r);

/* profile.c */
void profile_edit_form(struct request *r);
void profile_edit(struct request *r);
void profile_show(struct request *r);
#endif
