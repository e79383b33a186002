/* draft.c: "Save draft" (draft.h) and POST /drafts/delete. A draft keeps the form's values
 * as the member typed them, checked only for clean text and size: the privacy guard and
 * the form's rules run when it is posted. */
#include "draft.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/keyvalq_struct.h>

#include "drafts.h"
#include "forum_handlers.h"
#include "limits.h"
#include "messages.h"
#include "postcheck.h"
#include "session.h"
#include "text.h"
#include "timefmt.h"

bool draft_asked(struct request *r)
{
	const char *v = req_form(r, "draft");
	return v && strcmp(v, "1") == 0;
}

/* The form's values of keys: {key: [values...]}, or NULL with *message. */
static json_t *form_fields(struct request *r, const char *const *keys, const char **message)
{
	json_t *fields = json_object();
	for (struct evkeyval *kv = r->form.tqh_first; kv; kv = kv->next.tqe_next) {
		bool wanted = false;
		for (const char *const *k = keys; *k && !wanted; k++)
			wanted = strcmp(kv->key, *k) == 0;
		if (!wanted || !*kv->value)
			continue;
		size_t len = strlen(kv->value);
		if (!text_is_clean(kv->value, len, true) || text_chars(kv->value, len) > POST_MAX_CHARS) {
			json_decref(fields);
			*message = "The draft was not saved: its text is too long or holds characters a post cannot.";
			return NULL;
		}
		json_t *list = json_object_get(fields, kv->key);
		if (!list)
			json_object_set_new(fields, kv->key, list = json_array());
		if (json_array_size(list) >= DRAFT_FIELD_VALUES) {
			json_decref(fields);
			*message = "The draft was not saved: the form holds more choices than it offers.";
			return NULL;
		}
		json_array_append_new(list, json_string(kv->value));
	}
	return fields;
}

int draft_keep(struct request *r, int64_t thread, const char *const *keys, const char **message)
{
	if (form_has_nul(r)) {
		*message = MSG_TEXT_NUL;
		return 400;
	}
	json_t *fields = form_fields(r, keys, message);
	if (!fields)
		return 400;
	int rc = draft_save(r->db, viewer_id(r), thread, fields);
	json_decref(fields);
	if (rc == -2)
		*message = "You keep " LIMIT_TEXT(DRAFTS_MAX) " drafts already: post or delete one on your "
		           "account page first. Nothing was saved; your text is below.";
	else if (rc == -3)
		*message = "The draft was not saved: it is too long to keep. Your text is below.";
	else if (rc != 0)
		*message = MSG_DB;
	return rc == 0 ? 0 : rc == -2 ? 409 : rc == -3 ? 400 : 503;
}

json_t *draft_for(struct request *r, int64_t thread)
{
	int64_t me = viewer_id(r);
	return me ? draft_load(r->db, me, thread) : NULL;
}

const char *draft_value(const json_t *draft, const char *key)
{
	json_t *list = json_object_get(json_object_get(draft, "fields"), key);
	return json_string_value(json_array_get(list, 0));
}

json_t *draft_values(const json_t *draft, const char *key)
{
	json_t *list = json_object_get(json_object_get(draft, "fields"), key);
	return list ? json_deep_copy(list) : json_array();
}

bool draft_flag(const json_t *draft, const char *key)
{
	const char *v = draft_value(draft, key);
	return v && (strcmp(v, "1") == 0 || strcmp(v, "on") == 0);
}

json_t *draft_notice(struct request *r, const json_t *draft, const char *from)
{
	char iso[TIME_ISO_LEN], ago[40];
	time_shown(iso, ago, sizeof ago, time(NULL),
	           (time_t)json_integer_value(json_object_get(draft, "saved_at")), false);
	const char *saved = req_query(r, "draft");
	return json_pack("{s:s, s:s, s:I, s:s, s:s, s:b}", "saved", iso, "saved_human", ago,
	    "thread", (json_int_t)json_integer_value(json_object_get(draft, "thread")),
	    "from", from, "csrf", csrf_token(r), "just_saved", saved && strcmp(saved, "saved") == 0);
}

/* POST /drafts/delete  thread (0: the new dilemma), from ("reply", "new" or the account
 * page), csrf */
void draft_remove(struct request *r)
{
	int64_t thread = 0;
	const char *t = req_form(r, "thread"), *from = req_form(r, "from");
	if (!t || (strcmp(t, "0") != 0 && parse_id(t, &thread) != 0)) {
		respond_error(r, 400, "Which draft? The form named none.");
		return;
	}
	if (draft_delete(r->db, viewer_id(r), thread) != 0) {
		respond_error(r, 503, MSG_DB);
		return;
	}
	char url[64];
	if (from && strcmp(from, "reply") == 0 && thread)
		snprintf(url, sizeof url, "/d/%" PRId64 "#reply", thread);
	else if (from && strcmp(from, "new") == 0)
		snprintf(url, sizeof url, "/new");
	else
		snprintf(url, sizeof url, "/account/sessions#drafts");
	respond_redirect(r, url);
}
