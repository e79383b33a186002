/* postcheck.c: input checks shared by the handlers that write posts and marks. */
#include "postcheck.h"

#include <stdio.h>
#include <string.h>

#include <event2/buffer.h>

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

/* True when the raw POST body held a NUL (evhttp's form parser drops what follows it). */
bool form_has_nul(struct request *r)
{
	return r->form_nul;
}

