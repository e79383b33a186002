/* accountform.c: the account forms' shared model, field errors, kept fields, and the
 * answers for too many attempts and a busy hashing pool. */
#include "accountform.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "limits.h"
#include "ratelimit.h"
#include "session.h"
#include "text.h"

json_t *form_model(struct request *r, const char *title)
{
	return json_pack("{s:s, s:s, s:{}, s:{}}", "title", title, "csrf", csrf_token(r),
	                 "form", "errors");
}

void form_error(json_t *model, const char *field, const char *message)
{
	json_t *errors = json_object_get(model, "errors");
	if (!json_object_get(errors, field))
		json_object_set_new(errors, field, json_string(message));
	if (!json_object_get(model, "error"))
		json_object_set_new(model, "error", json_string("Please correct the fields marked below."));
}

const char *form_text(struct request *r, const char *name)
{
	const char *v = req_form(r, name);
	return v && text_is_clean(v, strlen(v), false) ? v : NULL;
}

void form_keep(struct request *r, json_t *model, const char *name)
{
	const char *v = req_form(r, name);
	if (v && strlen(v) <= 4096 && text_is_clean(v, strlen(v), true))
		json_object_set_new(json_object_get(model, "form"), name, json_string(v));
}

void respond_rate_limited(struct request *r, const char *tpl, json_t *model, int wait)
{
	char msg[200];
	snprintf(msg, sizeof msg, "Too many attempts. For your safety, please wait %d minute%s "
	         "and try again.", (wait + 59) / 60, (wait + 59) / 60 == 1 ? "" : "s");
	json_object_set_new(model, "error", json_string(msg));
	json_object_set_new(model, "retry_after", json_integer(wait));
	respond_retry_after(r, wait);
	respond_page(r, 429, tpl, model);
}

void respond_busy(struct request *r, const char *tpl, json_t *model)
{
	json_object_set_new(model, "error", json_string(
		"The forum is very busy signing people in. Please try again in a few seconds."));
	respond_retry_after(r, POOL_RETRY_AFTER_SECONDS);
	respond_page(r, 503, tpl, model);
}

/* The client's budget of kind and the handle's for one attempt: counted, or looked at. */
static int attempt_wait(struct request *r, enum rate_kind client_kind, const char *handle,
                        bool count)
{
	int (*step)(enum rate_kind, const char *, size_t, int64_t) = count ? ratelimit_hit : ratelimit_check;
	char client[33];
	int64_t now = (int64_t)time(NULL);
	ratelimit_client_key(r, client);
	int wait = step(client_kind, client, strlen(client), now);
	if (!wait && handle)
		wait = step(RATE_HANDLE, handle, strlen(handle), now);
	return wait;
}

int auth_attempt_wait(struct request *r, const char *handle)
{
	return attempt_wait(r, RATE_CLIENT, handle, true);
}

int login_attempt_wait(struct request *r, const char *handle)
{
	return attempt_wait(r, RATE_CLIENT_FAILS, handle, false);
}

void login_failure_count(struct request *r)
{
	char client[33];
	ratelimit_client_key(r, client);
	ratelimit_hit(RATE_CLIENT_FAILS, client, strlen(client), (int64_t)time(NULL));
}
