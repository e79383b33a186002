/* request.c: the only ways to answer a request: every reply gets the security headers,
 * one log line, and frees the request; an anonymous page may come from, or go into, the
 * worker's page cache, with its validators and 304. (reqparse.c reads the request.) */
#include "request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include "db.h"
#include "messages.h"
#include "metrics.h"
#include "pagecache.h"
#include "reqlog.h"
#include "template.h"
#include "text.h"
#include "timefmt.h"

/* What every page varies by: HTML or JSON, and the session cookie (a signed-in reader's
 * page is their own). */
#define PAGE_VARY "Accept, Cookie"

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
	free(r->cache_key);
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
		evhttp_add_header(h, "Cache-Control", "private, no-store");
	else if (!evhttp_find_header(h, "Cache-Control"))
		evhttp_add_header(h, "Cache-Control", "no-cache");
}

/* ---- the page cache's answers (pagecache.h holds the pages) ------------------------ */

static void send_and_free(struct request *r, int status, struct evbuffer *body);

/* The key: 'J' (JSON) or 'H' (HTML), then the request target as sent (path and query). */
static void make_key(struct request *r)
{
	const char *target = evhttp_request_get_uri(r->req);
	size_t n = strlen(target);
	r->cache_key = malloc(n + 2);
	if (!r->cache_key)
		return;
	r->cache_key[0] = r->want_json ? 'J' : 'H';
	memcpy(r->cache_key + 1, target, n + 1);
	r->cache_key_len = n + 1;
}

static void http_date(char out[32], time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* True when the reader's copy is p: If-None-Match names its tag (a hash of the bytes).
 * If-Modified-Since alone gets no 304: `modified` is when a worker kept the page, and
 * another worker may have kept an older rendering a moment later. */
static bool reader_has(struct request *r, const struct cached_page *p)
{
	const char *inm = req_header(r, "If-None-Match");
	return inm && (strstr(inm, p->etag) != NULL || strcmp(inm, "*") == 0);
}

static void add_validators(struct request *r, const struct cached_page *p)
{
	char date[32];
	http_date(date, p->modified);
	respond_header(r, "ETag", p->etag);
	respond_header(r, "Last-Modified", date);
}

static void release_page(const void *data, size_t len, void *p)
{
	page_release(p);
}

static void send_page(struct request *r, struct cached_page *p)
{
	add_validators(r, p);
	respond_header(r, "Content-Type", p->content_type);
	respond_header(r, "Vary", PAGE_VARY);
	struct evbuffer *body = evbuffer_new();
	if (reader_has(r, p)) {
		send_and_free(r, 304, body);
		return;
	}
	page_hold(p);
	evbuffer_add_reference(body, p->body, p->len, release_page, p);
	send_and_free(r, 200, body);
}

struct db *req_memo_db(const struct request *r)
{
	return r->worker && r->worker->pages ? r->db : NULL;
}

bool respond_from_cache(struct request *r)
{
	struct page_cache *c = r->worker ? r->worker->pages : NULL;
	if (!c || r->viewer || r->method == EVHTTP_REQ_POST ||
	    db_generation(r->db, &r->cache_gen) != 0)
		return false;
	make_key(r);
	if (!r->cache_key)
		return false;
	struct cached_page *p = page_cache_get(c, r->cache_key, r->cache_key_len, &r->cache_gen,
	                                       time(NULL));
	if (p) {
		r->made = "cache";
		send_page(r, p);
		return true;
	}
	r->cache_armed = true;
	time_watch_start(r);
	return false;
}

/* An answer may be kept when it is the same for every anonymous reader: a 200 that holds
 * no token of this visitor's (no_store) and sets no cookie. */
static bool keepable(struct request *r, int status, struct evkeyvalq *h)
{
	return status == 200 && !r->no_store && !r->viewer && !evhttp_find_header(h, "Set-Cookie") &&
	       evhttp_find_header(h, "Content-Type");
}

static int cache_keep(struct request *r, int status, struct evbuffer *body)
{
	if (!r->cache_armed)
		return status;
	r->cache_armed = false;
	time_t until = time_watch_end(r), now = time(NULL);
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
	if (!keepable(r, status, h) || until <= now)
		return status;
	size_t len = evbuffer_get_length(body);
	struct cached_page *p = page_cache_put(r->worker->pages, r->cache_key, r->cache_key_len,
	                                       &r->cache_gen, now, until,
	                                       evhttp_find_header(h, "Content-Type"),
	                                       evbuffer_pullup(body, -1), len);
	if (!p)
		return status;
	add_validators(r, p);
	if (!reader_has(r, p))
		return status;
	evbuffer_drain(body, len);
	return 304;
}

/* True when a read (GET or HEAD) saw the storage fail since it began, on this thread or in
 * work done for it (db.h): a list may have stopped short, a part of the page be missing.
 * A POST's answer stands: its write was committed or not (writebatch.c). */
static bool read_failed(const struct request *r, int status)
{
	return r->method != EVHTTP_REQ_POST && status < 500 && db_failures() != r->failures_before;
}

/* Answers 503 in place of a page that read failing storage; no header of that page is kept
 * but its cookies. */
static void respond_unavailable(struct request *r)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
	static const char *const page_headers[] = {
		"Content-Type", "Vary", "ETag", "Last-Modified", "Cache-Control", "Location",
		"Content-Disposition",
	};
	for (size_t i = 0; i < sizeof page_headers / sizeof page_headers[0]; i++)
		while (evhttp_find_header(h, page_headers[i]))
			evhttp_remove_header(h, page_headers[i]);
	r->failures_before = db_failures();   /* the error page's own reads may fail too */
	respond_error(r, 503, MSG_DB);
}

/* Sends status + body (stolen), after offering it to the page cache, and frees r. HEAD
 * gets the headers only. */
static void send_and_free(struct request *r, int status, struct evbuffer *body)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->req);
	if (read_failed(r, status)) {
		evbuffer_free(body);
		respond_unavailable(r);
		return;
	}
	if (status == 503 && !evhttp_find_header(h, "Retry-After"))
		respond_retry_after(r, UNAVAILABLE_RETRY_AFTER_SECONDS);
	status = cache_keep(r, status, body);
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
	metrics_request(r->route, r->method, status, now_us() - r->started_us);
	if (r->worker) {
		r->worker->inflight--;
		if (r->worker->cfg->log_requests)
			reqlog_line("%s %s %d %zuB %lluus%s%s", method_name(r->method),
			        r->path ? r->path : "-", status, len,
			        (unsigned long long)(now_us() - r->started_us), r->made ? " " : "",
			        r->made ? r->made : "");
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
	respond_header(r, "Vary", PAGE_VARY);
	struct evbuffer *body = evbuffer_new();
	evbuffer_add_reference(body, s, strlen(s), free_json_text, NULL);
	send_and_free(r, status, body);
}

static void (*layout_extras)(struct request *r);

void request_set_layout_extras(void (*fn)(struct request *r))
{
	layout_extras = fn;
}

void request_layout_extras(struct request *r)
{
	if (layout_extras && r->viewer)
		layout_extras(r);
}

static json_t *site_model(struct request *r)
{
	const char *name = r->worker ? r->worker->cfg->site_name : DEFAULT_SITE_NAME;
	return json_pack("{s:s, s:s}", "name", name,
	                 "tagline", "Peer advice on professional boundaries, from nurses of every specialty");
}

/* Adds the site and the viewer (with the layout's extras) to a page's model. */
static void layout_prepare(struct request *r, json_t *model)
{
	json_object_set_new(model, "site", site_model(r));
	request_layout_extras(r);
	json_object_set(model, "viewer", r->viewer ? r->viewer : json_null());
}

/* Sends a rendered page, or a 500 when rendering failed. */
static void send_rendered(struct request *r, int status, const char *tpl, int rc,
                      struct evbuffer *body)
{
	if (rc != 0) {
		evbuffer_free(body);
		fprintf(stderr, "forumd: template %s failed to render\n", tpl);
		respond_body(r, 500, "text/plain; charset=utf-8", "internal error\n", 15);
		return;
	}
	respond_header(r, "Content-Type", "text/html; charset=utf-8");
	respond_header(r, "Vary", PAGE_VARY);
	send_and_free(r, status, body);
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
	layout_prepare(r, model);
	struct evbuffer *body = evbuffer_new();
	int rc = tpl_render_page("layout", tpl, model, body);
	json_decref(model);
	send_rendered(r, status, tpl, rc, body);
}

void respond_page_assembled(struct request *r, int status, json_t *model,
                            struct evbuffer *content)
{
	layout_prepare(r, model);
	struct evbuffer *body = evbuffer_new();
	int rc = tpl_render_layout("layout", model, content, body);
	json_decref(model);
	send_rendered(r, status, "layout", rc, body);
}

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Signed out";
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

void request_form_back(const char *path, char *out, size_t outlen)
{
	const char *slash = strrchr(path, '/');
	out[0] = '\0';
	if (strncmp(path, "/d/", 3) == 0 && slash && slash > path + 3 &&
	    strspn(path + 3, "0123456789") == (size_t)(slash - path - 3))
		snprintf(out, outlen, "%.*s", (int)(slash - path), path);
	else if (strcmp(path, "/new") == 0 || (strncmp(path, "/p/", 3) == 0 && slash &&
	         (!strcmp(slash, "/edit") || !strcmp(slash, "/flag") || !strcmp(slash, "/delete"))))
		snprintf(out, outlen, "%s", path);   /* a form of its own to go back to */
}

const char *const request_prose_fields[] = { "body", "happened", "said", "asking", NULL };

/* Puts what the person wrote in the refused form's prose fields into model's "kept", one
 * field after another with a blank line between (nothing unclean). */
static void keep_prose(struct request *r, json_t *model)
{
	struct evbuffer *kept = evbuffer_new();
	for (size_t i = 0; kept && request_prose_fields[i]; i++) {
		const char *v = req_form(r, request_prose_fields[i]);
		if (!v || !*v || !text_is_clean(v, strlen(v), true))
			continue;
		if (evbuffer_get_length(kept))
			evbuffer_add(kept, "\n\n", 2);
		evbuffer_add(kept, v, strlen(v));
	}
	size_t n = kept ? evbuffer_get_length(kept) : 0;
	if (n)
		json_object_set_new(model, "kept", json_stringn((const char *)evbuffer_pullup(kept, -1), n));
	if (kept)
		evbuffer_free(kept);
}

void respond_error_link(struct request *r, int status, const char *message, const char *url,
                        const char *label)
{
	if (r->want_json) {
		respond_json(r, status, json_pack("{s:{s:i, s:s, s:s*}}", "error", "status", status,
		                                  "message", message, "url", url));
		return;
	}
	json_t *model = json_pack("{s:s, s:i, s:s}", "title", status_title(status), "status", status,
	                          "message", message);
	char back[128];
	/* a refused post keeps what the person typed, and leads back to where they were; never
	 * text another site's form sent (shown on our page, it would read as the person's) */
	const char *site = req_header(r, "Sec-Fetch-Site");
	bool cross = site && strcmp(site, "same-origin") != 0 && strcmp(site, "none") != 0;
	if (r->method == EVHTTP_REQ_POST && !cross)
		keep_prose(r, model);
	if (!url && r->method == EVHTTP_REQ_POST && r->path) {
		request_form_back(r->path, back, sizeof back);
		if (back[0]) {
			url = back;
			label = "Back to where you were";
		}
	}
	if (url) {
		json_object_set_new(model, "link_url", json_string(url));
		json_object_set_new(model, "link_label", json_string(label ? label : "Back"));
	}
	respond_page(r, status, "error", model);
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

