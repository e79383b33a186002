/* router.h: what a route is (method, path pattern, handler, and the access level dispatch
 * enforces before the handler runs) and the matcher over a table of them. */
#ifndef FORUMD_ROUTER_H
#define FORUMD_ROUTER_H
#include <stddef.h>
#include "limits.h"

struct request;
typedef void (*handler_fn)(struct request *r);

enum { M_GET = 1, M_POST = 2 };   /* HEAD is served by GET routes */

/* Who may use a route; dispatch refuses everyone else before the handler runs. */
enum access {
	ACCESS_PUBLIC,      /* anyone */
	ACCESS_MEMBER,      /* signed in (a suspended member too: reading, their account) */
	ACCESS_WRITER,      /* signed in and not suspended: posting, flagging, marking */
	ACCESS_MODERATOR,   /* a moderator or admin, not suspended */
	ACCESS_ADMIN,       /* an admin, not suspended */
};

/* Route flags. */
enum {
	/* The handler re-shows its form with a field error for a NUL (%00) in the body, keeping
	 * the text; on every other POST dispatch refuses a NUL with 400. */
	ROUTE_KEEPS_TEXT = 1,
	/* A reader who is not signed in may be answered from the worker's page cache (pagecache.h):
	 * the page depends only on the database, the path and query, HTML or JSON, and the
	 * clock through time_ago/time_shown (which the cache watches). */
	ROUTE_CACHED = 2,
};

struct route {
	int methods;          /* M_GET | M_POST */
	const char *pattern;  /* "/t/:slug"; a ":name" segment matches one non-empty segment,
	                         a final "*" matches the (non-empty) rest of the path */
	handler_fn fn;
	enum access access;
	int flags;            /* ROUTE_* */
};

enum route_result { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

struct route_match {
	const struct route *route;
	const char *params[MAX_ROUTE_PARAMS];   /* point into buf */
	int nparams;
	char buf[MAX_PATH_BYTES + 1];
};

/* Matches `path` against `table` (n entries). On ROUTE_FOUND fills m. ROUTE_BAD_METHOD
 * when some pattern matches the path but not the method. */
enum route_result router_match(const struct route *table, size_t n, int method,
                               const char *path, struct route_match *m);

/* "public", "member", "writer", "moderator" or "admin". */
const char *access_name(enum access a);


#endif
