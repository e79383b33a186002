/* request.c: one request's parsing (path, query, form) and the only ways to answer it:
 * every reply gets the security headers, one log line, and frees the request. */
#include "request.h"

#include <stdio.h>
#include <string.h>
#include <sys/queue.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include "db.h"
#include "mem.h"
#include "messages.h"
#include "template.h"
#include "text.h"
#include "timefmt.h"

static const char CSP[] = "default-src 'self'; object-src 'none'; base-uri 'none'; "
                          "frame-ancestors 'none'; form-action 'self'";

static const char *method_name(enum evhttp_cmd_type m)
{
	switch (m) {
	case EVHTTP_REQ_GET: return "GET";
	case EVHTTP_REQ_HEAD: return "HEAD";
	case EVHTTP_REQ_POST: return "POST";
	case EVHTTP_REQ_PUT: return "PUT";
	case EVHTTP_REQ_DELETE: return "DELETE";
	case EVHTTP_REQ_PATCH: return "PATCH";
	case EVHTTP_REQ_OPTIONS: return "OPTIONS";
	default: return "OTHER";
	}
}

/* Safety net at the end of every request: no statement left mid-read (it would hold
 * a read transaction open) and no transaction left open by a handler's error path. */
static void release_database(struct db *db)
{
	if (!db)
		return;
	sqlite3 *h = db_handle(db);
	for (sqlite3_stmt *s = sqlite3_next_stmt(h, NULL); s; s = sqlite3_next_stmt(h, s))
		if (sqlite3_stmt_busy(s))
			sqlite3_reset(s);
	if (!sqlite3_get_autocommit(h)) {
		fprintf(stderr, "forumd: a handler left a transaction open; rolled back\n");
		db_rollback(db);
	}
}

static void request_free(struct request *r)
{
	release_database(r->db);
	evhttp_clear_headers(&r->query);
	evhttp_clear_headers(&r->form);
	json_decref(r->viewer);
	free(r->param_buf);
	free(r->path);
	free(r);
}

static void add_security_headers(struct request *r, struct evkeyvalq *h)
{
	evhttp_add_header(h, "Content-Security-Policy", CSP);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	evhttp_add_header(h, "X-Frame-Options", "DENY");
	if (r->worker && r->worker->cfg->tls)
		evhttp_add_header(h, "Strict-Transport-Security", "max-age=31536000");
	if (r->no_store || r->viewer)
		evhttp_add_header(h, "Cache-Control", "no-store");
	else if (!evhttp_find_header(h, "Cache-Control"))
		evhttp_add_header(h, "Cache-Control", "no-cache");
}

/* Sends status + body (stolen) and frees r. HEAD gets the headers only. */
static void send_and_free(struct request *r, int status, struct evbuffer *body)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
	size_t len = evbuffer_get_length(body);
	add_security_headers(r, h);
	if (r->method == EVHTTP_REQ_HEAD) {
		char n[32];
		snprintf(n, sizeof n, "%zu", len);
		if (status != 304)
			evhttp_add_header(h, "Content-Length", n);
		evbuffer_drain(body, len);
	}
	evhttp_send_reply(r->req, status, NULL, body);
	evbuffer_free(body);
	if (r->worker) {
		r->worker->inflight--;
		if (r->worker->cfg->log_requests)
			fprintf(stderr, "%s %s %d %zuB %lluus\n", method_name(r->method),
			        r->path ? r->path : "-", status, len,
			        (unsigned long long)(now_us() - r->started_us));
	}
	request_free(r);
}

void respond_header(struct request *r, const char *name, const char *value)
{
	evhttp_add_header(evhttp_request_get_output_headers(r->req), name, value);
}

void respond_retry_after(struct request *r, int seconds)
{
	char secs[16];
	snprintf(secs, sizeof secs, "%d", seconds);
	respond_header(r, "Retry-After", secs);
}

void respond_body(struct request *r, int status, const char *content_type,
                const void *data, size_t len)
{
	struct evbuffer *body = evbuffer_new();
	if (len)
		evbuffer_add(body, data, len);
	if (content_type)
		respond_header(r, "Content-Type", content_type);
	send_and_free(r, status, body);
}

static void free_json_text(const void *data, size_t len, void *extra)
{
	free((void *)data);
}

static void respond_json(struct request *r, int status, json_t *model)
{
	char *s = json_dumps(model, JSON_COMPACT | JSON_ENSURE_ASCII);
	json_decref(model);
	respond_header(r, "Content-Type", "application/json; charset=utf-8");
	respond_header(r, "Vary", "Accept");
	struct evbuffer *body = evbuffer_new();
	evbuffer_add_reference(body, s, strlen(s), free_json_text, NULL);
	send_and_free(r, status, body);
}

static void (*layout_extras)(struct request *r);

void request_set_layout_extras(void (*fn)(struct request *r))
{
	layout_extras = fn;
}

static json_t *site_model(struct request *r)
{
	const char *name = r->worker ? r->worker->cfg->site_name : DEFAULT_SITE_NAME;
	return json_pack("{s:s, s:s}", "name", name,
	                 "tagline", "Peer advice on professional boundaries, from nurses of every specialty");
}

void respond_page(struct request *r, int status, const char *tpl, json_t *model)
{
	if (!model) { /* a model built from text jansson refused (invalid UTF-8): a bug */
		fprintf(stderr, "forumd: %s: page model could not be built\n", tpl);
		respond_body(r, 500, "text/plain; charset=utf-8", "internal error\n", 15);
		return;
	}
	if (r->want_json) {
		respond_json(r, status, model);
		return;
	}
	json_object_set_new(model, "site", site_model(r));
	if (layout_extras && r->viewer)
		layout_extras(r);
	json_object_set(model, "viewer", r->viewer ? r->viewer : json_null());
	struct evbuffer *body = evbuffer_new();
	int rc = tpl_render_page("layout", tpl, model, body);
	json_decref(model);
	if (rc != 0) {
		evbuffer_free(body);
		fprintf(stderr, "forumd: template %s failed to render\n", tpl);
		respond_body(r, 500, "text/plain; charset=utf-8", "internal error\n", 15);
		return;
	}
	respond_header(r, "Content-Type", "text/html; charset=utf-8");
	respond_header(r, "Vary", "Accept");
	send_and_free(r, status, body);
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 403: return "Forbidden";
	case 404: return "Page not found";
	case 405: return "Method not allowed";
	case 413: return "Too large";
	case 414: return "Address too long";
	case 429: return "Too many requests";
	case 503: return "Temporarily unavailable";
	default: return status >= 500 ? "Something went wrong" : "Request refused";
	}
}

void respond_error(struct request *r, int status, const char *message)
{
	respond_error_link(r, status, message, NULL, NULL);
}

void respond_error_link(struct request *r, int status, const char *message, const char *url,
                        const char *label)
{
	if (r->want_json) {
		respond_json(r, status, json_pack("{s:{s:i, s:s, s:s*}}", "error", "status", status,
		                                  "message", message, "url", url));
		return;
	}
	respond_page(r, status, "error", json_pack("{s:s, s:i, s:s, s:s*, s:s*}", "title",
	    status_title(status), "status", status, "message", message, "link_url", url,
	    "link_label", label));
}

void respond_bad_cursor(struct request *r, const char *first_page)
{
	respond_error_link(r, 400, MSG_BAD_CURSOR, first_page, "Go to the first page");
}

void respond_redirect(struct request *r, const char *location)
{
	respond_header(r, "Location", location);
	respond_body(r, 303, "text/plain; charset=utf-8", "", 0);
}

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

/* ---- parsing (for the dispatcher) ----------------------------------------------------- */

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
