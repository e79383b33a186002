/* router.h: the route table: method + path pattern -> handler. */
#ifndef FORUMD_ROUTER_H
#define FORUMD_ROUTER_H
#include <stddef.h>
#include "limits.h"

struct request;
typedef void (*handler_fn)(struct request *r);

enum { M_GET = 1, M_POST = 2 };   /* HEAD is served by GET routes */

struct route {
	int methods;          /* M_GET | M_POST */
	const char *pattern;  /* "/t/:slug"; a ":name" segment matches one non-empty segment,
	                         a final "*" matches the (non-empty) rest of the path */
	handler_fn fn;
};

enum route_result { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

struct route_match {
	handler_fn fn;
	const char *params[MAX_ROUTE_PARAMS];   /* point into buf */
	int nparams;
	char buf[MAX_PATH_BYTES + 1];
};

/* Matches `path` against `table` (n entries). On ROUTE_FOUND fills m. ROUTE_BAD_METHOD
 * when some pattern matches the path but not the method. */
enum route_result router_match(const struct route *table, size_t n, int method,
                               const char *path, struct route_match *m);

/* forumd's own table. */
extern const struct route routes[];
extern const size_t routes_count;
#endif
