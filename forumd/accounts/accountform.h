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

/* A password guess's check before anything is queued (a login, or a check of the current
 * password): the client's failed guesses (RATE_CLIENT_FAILS) and the handle's attempts,
 * looked at, not counted. 0, or the seconds to wait. The handle's attempt is counted when
 * the job is admitted to the hashing pool (pw_job.limit_handle), never for a 503. */
int login_attempt_wait(struct request *r, const char *handle);
/* Counts a failed guess against the client (successes never count against an address). */
void login_failure_count(struct request *r);

#endif
