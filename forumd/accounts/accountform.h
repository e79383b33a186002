/* accountform.h: what the account pages' forms share: the form model, kept fields, field
 * errors, and the answers for too many attempts (429) and a busy hashing pool (503). */
#ifndef FORUMD_ACCOUNTFORM_H
#define FORUMD_ACCOUNTFORM_H
#include <jansson.h>
#include "request.h"

/* A form page model: {"title", "csrf", "form": {}, "errors": {}} (errors filled later). */
json_t *form_model(struct request *r, const char *title);
/* Sets errors.FIELD = message and, the first time, "error" = a summary. */
void form_error(json_t *model, const char *field, const char *message);
/* Copies the form field `name` (when clean text) into model.form.name. */
void form_keep(struct request *r, json_t *model, const char *name);
/* The form field as clean single-line text, or NULL when absent or not clean. */
const char *form_text(struct request *r, const char *name);

/* Answers 429 with Retry-After and the form model re-rendered with a clear message. */
void respond_rate_limited(struct request *r, const char *tpl, json_t *model, int wait);
/* Answers 503 with Retry-After: the hashing queue is full. */
void respond_busy(struct request *r, const char *tpl, json_t *model);

/* Counts one registration, recovery or current-password attempt for the request's client
 * and, when handle is not NULL, for the handle. 0 when allowed, else the seconds to wait
 * (429). */
int auth_attempt_wait(struct request *r, const char *handle);

/* A login's check before hashing: the client's failed logins (RATE_CLIENT_FAILS, looked at,
 * not counted) and the handle's attempts (counted). 0, or the seconds to wait. */
int login_attempt_wait(struct request *r, const char *handle);
/* Counts a failed login against the client. */
void login_failure_count(struct request *r);

#endif
