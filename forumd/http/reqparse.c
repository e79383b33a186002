/* reqparse.c: reading a request: a new request's context, its decoded path, query and
 * form (checked clean), whether it asks for JSON, and the header and field lookups. */
#include "request.h"

#include <stdio.h>
#include <string.h>
#include <sys/queue.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

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

/* Decodes the path; returns an HTTP status (0 when fine). */
static int parse_path(struct request *r, const struct evhttp_uri *uri)
{
	const char *raw = evhttp_uri_get_path(uri);
	if (!raw || raw[0] != '/')
		return 400;
	if (strlen(raw) > MAX_PATH_BYTES)
		return 414;
	size_t n = 0;
	char *path = evhttp_uridecode(raw, 0, &n);
	if (!path)
		return 400;
	r->path = xstrdup(path);
	free(path);
	if (strlen(r->path) != n || !text_is_clean(r->path, n, false))
		return 400;
	return 0;
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
	r->form_nul = strstr(body, "%00") != NULL;
	int rc = (strlen(body) != len || evhttp_parse_query_str(body, &r->form) != 0) ? 400 : 0;
	free(body);
	return rc;
}

/* True when every decoded query key and value is clean one-line text (valid UTF-8, no
 * control or bidi override characters). A NUL is refused before decoding: evhttp would
 * cut the value there. */
static bool query_clean(struct request *r)
{
	struct evkeyval *kv;
	TAILQ_FOREACH(kv, &r->query, next) {
		if (!text_is_clean(kv->key, strlen(kv->key), false) ||
		    !text_is_clean(kv->value, strlen(kv->value), false))
			return false;
	}
	return true;
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
	int status = parse_path(r, uri);
	if (status)
		return status;
	const char *q = evhttp_uri_get_query(uri);
	if (q && (strstr(q, "%00") || evhttp_parse_query_str(q, &r->query) != 0 || !query_clean(r)))
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
