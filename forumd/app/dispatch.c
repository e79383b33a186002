/* dispatch.c: evhttp's generic callback: parse the request, match the route table, load
 * who is asking, enforce the route's access level, CSRF token and form decoding, then run
 * the handler. Handlers never check who is asking, only what. */
#include "dispatch.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "html.h"
#include "limits.h"
#include "mem.h"
#include "messages.h"
#include "routes.h"
#include "session.h"
#include "suspension.h"
#include "timefmt.h"

/* A visitor where a member is needed: a page sends them to log in and back; a JSON request
 * gets 401; a POST (a session that ended while they typed) gets 401 with their text kept and
 * a link to sign in and come back to the form. */
static void refuse_visitor(struct request *r)
{
	char back[128];
	request_form_back(r->path, back, sizeof back);
	if (r->want_json || (r->method == EVHTTP_REQ_POST && !back[0])) {
		respond_error(r, 401, MSG_LOG_IN);
		return;
	}
	struct evbuffer *b = evbuffer_new();
	evbuffer_add_printf(b, "/login?next=");
	url_escape(b, r->method == EVHTTP_REQ_POST ? back : r->path,
	           strlen(r->method == EVHTTP_REQ_POST ? back : r->path));
	size_t n = evbuffer_get_length(b);
	char *loc = xstrndup((const char *)evbuffer_pullup(b, -1), n);
	evbuffer_free(b);
	if (r->method == EVHTTP_REQ_POST)   /* signed out mid-post: the text kept, sign in and back */
		respond_error_link(r, 401, MSG_LOG_IN, loc, "Sign in, then come back to post it");
	else
		respond_redirect(r, loc);
	free(loc);
}

/* When the viewer is suspended, answers 403 with the reason and the end date; true if so. */
static bool refused_suspended(struct request *r)
{
	char reason[MOD_REASON_MAX_CHARS * 4 + 1] = "", until[TIME_ISO_LEN], msg[1200];
	int64_t ends = 0;
	if (!suspension_active(r->db, viewer_id(r), reason, sizeof reason, &ends))
		return false;
	time_iso(until, (time_t)ends);
	snprintf(msg, sizeof msg, "Your account is suspended until %.10s (UTC): %s. You can still "
	         "read and log in, but not post, flag or mark.", until, *reason ? reason : "no reason given");
	respond_error(r, 403, msg);
	return true;
}

/* Answers the refusal when the viewer may not use a route of this level; true if so. */
static bool access_refused(struct request *r, enum access level)
{
	if (level == ACCESS_PUBLIC)
		return false;
	if (!viewer_id(r)) {
		refuse_visitor(r);
		return true;
	}
	if ((level == ACCESS_MODERATOR && !viewer_is_moderator(r)) ||
	    (level == ACCESS_ADMIN && !viewer_is_admin(r))) {
		respond_error(r, 403, level == ACCESS_ADMIN ? MSG_ADMINS_ONLY : MSG_MODERATORS_ONLY);
		return true;
	}
	return level != ACCESS_MEMBER && refused_suspended(r);
}

/* For a POST: a valid CSRF token, and no NUL the form parser would have cut at (unless
 * the route re-shows its form with that error). Answers and returns true when refused. */
static bool form_refused(struct request *r, const struct route *route)
{
	if (r->method != EVHTTP_REQ_POST)
		return false;
	if (!csrf_ok(r)) {
		respond_error(r, 403, MSG_CSRF);
		return true;
	}
	if (r->form_nul && !(route->flags & ROUTE_KEEPS_TEXT)) {
		respond_error(r, 400, MSG_FORM_NUL);
		return true;
	}
	return false;
}

static int method_mask(enum evhttp_cmd_type m)
{
	if (m == EVHTTP_REQ_GET || m == EVHTTP_REQ_HEAD)
		return M_GET;
	if (m == EVHTTP_REQ_POST)
		return M_POST;
	return 0;
}

static const char *status_message(int status)
{
	switch (status) {
	case 404: return "There is no page at this address. It may have moved or been removed.";
	case 405: return "This address does not accept that kind of request.";
	case 414: return "The address is too long.";
	case 415: return "Forms must be sent as application/x-www-form-urlencoded.";
	default: return "The request could not be understood.";
	}
}

void request_dispatch(struct evhttp_request *req, void *arg)
{
	struct request *r = request_new(req, arg);
	int status = request_parse(r);
	if (status) {
		respond_error(r, status, status_message(status));
		return;
	}
	/* On the stack: a heap block this size (over 1 KiB) is a slow path of malloc. */
	struct route_match match, *m = &match;
	enum route_result rr = router_match(routes, routes_count, method_mask(r->method), r->path, m);
	session_load(r);  /* a signed-in reader's 404 shows their menu and is no-store */
	if (rr != ROUTE_FOUND) {
		status = (rr == ROUTE_BAD_METHOD || method_mask(r->method) == 0) ? 405 : 404;
		if (status == 405)
			respond_header(r, "Allow", "GET, HEAD, POST");
		respond_error(r, status, status_message(status));
		return;
	}
	r->route = (int)(m->route - routes);
	if (access_refused(r, m->route->access) || form_refused(r, m->route))
		return;
	request_keep_params(r, m->buf, sizeof m->buf, m->params, m->nparams);
	if ((m->route->flags & ROUTE_CACHED) && respond_from_cache(r))
		return;
	m->route->fn(r);
}
