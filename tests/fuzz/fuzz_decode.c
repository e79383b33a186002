/* fuzz_decode.c: a request's path, query, form and cookies decoded (http/reqparse.c,
 * http/session.c) from any bytes. Properties: a path or query accepted decodes to clean
 * text; a cookie's value found is a part of the header shorter than the room given. */
#include <stdbool.h>
#include <string.h>
#include <sys/queue.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "fuzz.h"
#include "reqparse.h"
#include "session.h"
#include "text.h"

static void check_pairs_clean(const struct evkeyvalq *pairs)
{
	const struct evkeyval *kv;
	TAILQ_FOREACH(kv, pairs, next) {
		FUZZ_CHECK(text_is_clean(kv->key, strlen(kv->key), false));
		FUZZ_CHECK(text_is_clean(kv->value, strlen(kv->value), false));
	}
}

static void path(const char *s)
{
	char *p = NULL;
	if (reqparse_path(s, &p) == 0)
		FUZZ_CHECK(p && p[0] == '/' && text_is_clean(p, strlen(p), false));
	free(p);
}

static void query(const char *s)
{
	struct evkeyvalq q;
	TAILQ_INIT(&q);
	if (reqparse_query(s, &q) == 0)
		check_pairs_clean(&q);
	evhttp_clear_headers(&q);
}

static void form(const char *s, size_t len)
{
	struct evkeyvalq f;
	bool nul = false;
	TAILQ_INIT(&f);
	(void)reqparse_form(s, len, &f, &nul);
	evhttp_clear_headers(&f);
}

static void cookies(const char *s)
{
	static const char *const names[] = { "fd_session", "__Host-fd_session", "fd_pre", "a" };
	char out[64];
	unsigned char bytes[32];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (cookie_find(s, names[i], out, sizeof out) == 0)
			FUZZ_CHECK(strlen(out) < sizeof out && strstr(s, out) != NULL);
		(void)cookie_decode(s, names[i], bytes, sizeof bytes);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	path(s);
	query(s);
	form(s, size);
	cookies(s);
	free(s);
	return 0;
}
