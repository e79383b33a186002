/* reqparse.c: reading a request: a new request's context, its decoded path, query and
 * form (checked clean), whether it asks for JSON, and the header and field lookups. */
#include "request.h"
#include "reqparse.h"

#include <stdio.h>
#include <string.h>
#include <sys/queue.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include "db.h"
#include "mem.h"
#include "text.h"
#include "timefmt.h"

const char *req_query(struct request *r, const char *key)
{
	return evhttp_find_header(&r->query, key);
}

const char *req_form(struct request *r, const char *key)
{
	return evhttp_find_header(&r->form, key);
}

const char *req_header(struct request *r, const char *name)
{
	return evhttp_find_header(evhttp_request_get_input_headers(r->req), name);
}

int reqparse_path(const char *raw, char **path)
{
	*path = NULL;
	if (!raw || raw[0] != '/')
		return 400;
	if (strlen(raw) > MAX_PATH_BYTES)
		return 414;
	size_t n = 0;
	char *decoded = evhttp_uridecode(raw, 0, &n);
	if (!decoded)
		return 400;
	*path = xstrdup(decoded);
	free(decoded);
	if (strlen(*path) != n || !text_is_clean(*path, n, false))
		return 400;
	return 0;
}

/* True when every decoded key and value is clean one-line text (valid UTF-8, no control
 * or bidi override characters). */
static bool pairs_clean(const struct evkeyvalq *pairs)
{
	const struct evkeyval *kv;
	TAILQ_FOREACH(kv, pairs, next) {
		if (!text_is_clean(kv->key, strlen(kv->key), false) ||
		    !text_is_clean(kv->value, strlen(kv->value), false))
			return false;
	}
	return true;
}

int reqparse_query(const char *q, struct evkeyvalq *out)
{
	/* A NUL is refused before decoding: evhttp would cut the value there. */
	if (strstr(q, "%00") || evhttp_parse_query_str(q, out) != 0 || !pairs_clean(out))
		return 400;
	return 0;
}

int reqparse_form(const char *body, size_t len, struct evkeyvalq *out, bool *nul)
{
	*nul = memmem(body, len, "%00", 3) != NULL;
	return (strlen(body) != len || evhttp_parse_query_str(body, out) != 0) ? 400 : 0;
}

static int parse_form(struct request *r)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
	size_t len = evbuffer_get_length(in);
	if (len == 0)
		return 0;
	const char *ctype = req_header(r, "Content-Type");
	if (!ctype || strncasecmp(ctype, "application/x-www-form-urlencoded", 33) != 0)
		return 415;
	char *body = xmalloc(len + 1);
	evbuffer_copyout(in, body, len);
	body[len] = '\0';
	int rc = reqparse_form(body, len, &r->form, &r->form_nul);
	free(body);
	return rc;
}

static bool wants_json(struct request *r)
{
	const char *fmt = req_query(r, "format");
	if (fmt)
		return strcmp(fmt, "json") == 0;
	const char *accept = req_header(r, "Accept");
	return accept && strstr(accept, "application/json") != NULL;
}

int request_parse(struct request *r)
{
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(r->req);
	if (!uri)
		return 400;
	int status = reqparse_path(evhttp_uri_get_path(uri), &r->path);
	if (status)
		return status;
	const char *q = evhttp_uri_get_query(uri);
	if (q && reqparse_query(q, &r->query) != 0)
		return 400;
	r->want_json = wants_json(r);
	if (r->method == EVHTTP_REQ_POST)
		return parse_form(r);
	return 0;
}

struct request *request_new(struct evhttp_request *req, struct worker *w)
{
	struct request *r = xcalloc(1, sizeof *r);
	r->req = req;
	r->worker = w;
	r->db = w ? w->db : NULL;
	r->started_us = now_us();
	r->route = -1;
	r->failures_before = db_failures();
	r->method = evhttp_request_get_command(req);
	TAILQ_INIT(&r->query);
	TAILQ_INIT(&r->form);
	if (w)
		w->inflight++;
	return r;
}

void request_keep_params(struct request *r, const char *buf, size_t len,
                         const char *const *params, int nparams)
{
	r->param_buf = xmalloc(len);
	memcpy(r->param_buf, buf, len);
	r->nparams = nparams;
	for (int i = 0; i < nparams; i++)
		r->params[i] = r->param_buf + (params[i] - buf);
}
