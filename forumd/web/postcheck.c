/* postcheck.c: input checks shared by the handlers that write posts and marks. */
#include "postcheck.h"

#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include "limits.h"
#include "text.h"

const char *check_text(const char *s, bool multiline, size_t min, size_t max,
                       const char *what, char *buf, size_t buflen)
{
	if (!s || !*s) {
		snprintf(buf, buflen, "Please write %s.", what);
		return buf;
	}
	size_t len = strlen(s);
	if (!text_is_clean(s, len, multiline)) {
		snprintf(buf, buflen, "The %s holds characters that cannot be posted (invalid UTF-8, "
		         "control characters or non-characters such as U+FFFF).", what);
		return buf;
	}
	size_t n = text_chars(s, len);
	if (n < min || n > max) {
		snprintf(buf, buflen, "The %s must be %zu to %zu characters long; it is %zu.", what, min,
		         max, n);
		return buf;
	}
	return NULL;
}

const char *kept_text(const char *s)
{
	return s && text_is_clean(s, strlen(s), true) ? s : "";
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *check_scripts(struct request *r, json_t **out, char *buf, size_t buflen)
{
	*out = json_array();
	const char *e = NULL;
	struct evkeyval *kv;
	for (kv = r->form.tqh_first; kv; kv = kv->next.tqe_next) {
		if (strcmp(kv->key, "script") != 0)
			continue;
		const char *s = kv->value, *end = s + strlen(s);
		while (s < end && blank(*s))
			s++;
		while (end > s && blank(end[-1]))
			end--;
		if (s == end)
			continue;
		json_t *text = json_stringn(s, (size_t)(end - s));
		if (!text) {          /* not UTF-8: jansson refuses it; say so, keep nothing */
			snprintf(buf, buflen, "A script holds characters that cannot be posted.");
			e = buf;
			continue;
		}
		json_array_append_new(*out, text);
		const char *why = check_text(json_string_value(text), true, SCRIPT_MIN_CHARS,
		                             SCRIPT_MAX_CHARS, "script", buf, buflen);
		if (why && !e)
			e = why;
	}
	if (!e && json_array_size(*out) > SCRIPTS_MAX) {
		snprintf(buf, buflen, "A reply can carry at most %d scripts; it has %zu.", SCRIPTS_MAX,
		         json_array_size(*out));
		e = buf;
	}
	return e;
}

json_t *script_fields(const json_t *typed)
{
	json_t *fields = json_array();
	size_t n = json_array_size(typed) > SCRIPTS_MAX ? json_array_size(typed) : SCRIPTS_MAX;
	for (size_t i = 0; i < n; i++) {
		const char *v = json_string_value(json_array_get(typed, i));
		json_array_append_new(fields, json_pack("{s:I, s:s}", "n", (json_int_t)i + 1,
		                                        "value", v ? kept_text(v) : ""));
	}
	return fields;
}

/* True when the raw POST body held a NUL (evhttp's form parser drops what follows it). */
bool form_has_nul(struct request *r)
{
	return r->form_nul;
}

