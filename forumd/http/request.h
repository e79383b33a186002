/* request.h: one request's context and the only ways to answer it. Every response carries
 * the security headers, is logged in one line, and frees the request. */
#ifndef FORUMD_REQUEST_H
#define FORUMD_REQUEST_H
#include <stdbool.h>
#include <stdint.h>
#include <jansson.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include "db.h"
#include "limits.h"
#include "server.h"

struct request {
	struct evhttp_request *req;
	struct worker *worker;
	struct db *db;                       /* the worker's connection */
	enum evhttp_cmd_type method;
	char *path;                          /* decoded, NUL-free path, without query */
	struct evkeyvalq query;              /* decoded query arguments */
	struct evkeyvalq form;               /* decoded urlencoded POST body (POST only) */
	const char *params[MAX_ROUTE_PARAMS];/* ":name" segments captured by the router */
	int nparams;
	char *param_buf;                     /* owns the strings params point into */
	bool want_json;                      /* Accept: application/json, or ?format=json */
	bool form_nul;                       /* the POST body held %00: evhttp's parser cuts
	                                        values there; dispatch refuses it, but on the
	                                        routes that keep their text (ROUTE_KEEPS_TEXT) */
	bool no_store;                       /* send Cache-Control: private, no-store (the page
	                                        is this reader's: signed in, or holding their
	                                        pre-session token) */
	bool cache_armed;                    /* an anonymous page the cache may keep (cached.h) */
	char *cache_key;                     /* its key, and the database's generation read */
	size_t cache_key_len;                /*   before the handler ran */
	struct db_generation cache_gen;
	uint64_t started_us;
	int route;                           /* the route table's index of its route (-1: none) */
	unsigned long failures_before;       /* the thread's storage failures when it began (db.h) */
	const char *made;                    /* how the answer was made, for the request log:
	                                        "cache" (the page cache), "shared" (a shared
	                                        rendering filled in), "kept" (the member's
	                                        last view, kept), or NULL (rendered) */
	json_t *viewer;                      /* signed-in member, or NULL (accounts fill it) */
};

/* Handlers answer with exactly one of these; each frees r. `model` is stolen. */

/* The page: JSON of `model` when r->want_json, else template `tpl` inside the layout.
 * Adds the site and viewer to the layout's context (not to the JSON). */
void respond_page(struct request *r, int status, const char *tpl, json_t *model);

/* An HTML page whose content (what {{>content}} renders in the layout) was assembled
 * already; `model` gives the layout its values (title, csrf, ...) and is stolen; content's
 * bytes are moved into the answer (it is left empty; the caller still frees it). */
struct evbuffer;
void respond_page_assembled(struct request *r, int status, json_t *model,
                            struct evbuffer *content);

/* An error page (or JSON {"error": {"status", "message"}}) with a human message. */
void respond_error(struct request *r, int status, const char *message);

/* Where a refused form leads back to: its thread for a reply ("/d/7/reply" -> "/d/7"),
 * else the form's own page ("/p/7/edit", "/p/7/flag", "/new"); out is empty when there is
 * none ("/p/7/helpful" has no page). The
 * error page of a refused POST shows the text typed (its prose fields, below) and links there. */
void request_form_back(const char *path, char *out, size_t outlen);

/* The form fields that hold a person's own prose, in the order forms show them: a post's
 * text and the new-dilemma form's prompts (forum/prompts.c); NULL ended. A refused post's
 * error page keeps them; a draft's excerpt is the first one written. */
extern const char *const request_prose_fields[];

/* The same with a link onward (url, local) in place of the way back to the front page. */
void respond_error_link(struct request *r, int status, const char *message, const char *url,
                        const char *label);

/* The one answer to a page cursor (?before=, ?page=) that is malformed or out of range:
 * 400, with a link to the list's first page. */
void respond_bad_cursor(struct request *r, const char *first_page);

/* A body the server made itself, with its content type (e.g. "text/plain; charset=utf-8"). */
void respond_body(struct request *r, int status, const char *content_type,
                const void *data, size_t len);

/* 303 See Other to a local path ("/..."). */
void respond_redirect(struct request *r, const char *location);

/* Adds a response header before the reply (e.g. ETag). */
void respond_header(struct request *r, const char *name, const char *value);

/* Adds Retry-After: seconds (for a 429 or 503). */
void respond_retry_after(struct request *r, int seconds);

/* Request helpers. */
const char *req_query(struct request *r, const char *key);   /* NULL if absent */
const char *req_form(struct request *r, const char *key);    /* NULL if absent */
const char *req_header(struct request *r, const char *name); /* NULL if absent */
/* The connection to pass membermemo.h: r->db when the worker keeps pages (page_cache > 0,
 * the one switch for every kept rendering), NULL otherwise (work every value out). */
struct db *req_memo_db(const struct request *r);

/* ---- for the application ---- */

/* Sets the function respond_page calls to add the signed-in reader's parts of the layout
 * (inbox and queue counts, a suspension notice) to r->viewer. Call once in main, before
 * server_run. */
void request_set_layout_extras(void (*fn)(struct request *r));
/* Adds them now (once: the layout does not add them again), so that a handler's read
 * transaction holds them with its own reads. */
void request_layout_extras(struct request *r);

/* ---- for the dispatcher ---- */

/* For an anonymous GET or HEAD of a ROUTE_CACHED route: answers from the worker's page
 * cache (200, or 304 when the reader has it) and returns true. Else returns false, having
 * armed r so that its answer is kept when every anonymous reader would get the same (a 200
 * that holds no token of the visitor's and sets no cookie). */
bool respond_from_cache(struct request *r);

/* A new request for req on worker w (NULL in unit tests), counted in flight. */
struct request *request_new(struct evhttp_request *req, struct worker *w);

/* Decodes and checks the path, query and (for a POST) form: 0, or the HTTP status to
 * refuse with. */
int request_parse(struct request *r);

/* Keeps the router's captured segments (pointers into buf) for the handler. */
void request_keep_params(struct request *r, const char *buf, size_t len,
                         const char *const *params, int nparams);
#endif
