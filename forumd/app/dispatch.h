/* dispatch.h: the request dispatcher, installed by server.c as evhttp's generic callback. */
#ifndef FORUMD_DISPATCH_H
#define FORUMD_DISPATCH_H
#include <event2/http.h>

/* Parses the request, matches the route table, loads the viewer, enforces the route's
 * access level, CSRF and form rules, then calls the handler (which answers). */
void request_dispatch(struct evhttp_request *req, void *worker);
#endif
