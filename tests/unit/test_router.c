/* test_router.c: the route matcher: literals, :params, the * tail, 404 and 405. */
#include <string.h>

#include "routes.h"
#include "tap.h"

static void h_front(struct request *r) { (void)r; }
static void h_topic(struct request *r) { (void)r; }
static void h_feed(struct request *r) { (void)r; }
static void h_static(struct request *r) { (void)r; }
static void h_post(struct request *r) { (void)r; }

static const struct route table[] = {
	{M_GET, "/", h_front, ACCESS_PUBLIC, 0},
	{M_GET, "/t/:slug", h_topic, ACCESS_PUBLIC, 0},
	{M_GET, "/t/:slug/feed", h_feed, ACCESS_PUBLIC, 0},
	{M_GET, "/static/*", h_static, ACCESS_PUBLIC, 0},
	{M_POST, "/d/:id/reply", h_post, ACCESS_PUBLIC, 0},
};
static const size_t n = sizeof table / sizeof table[0];
static struct route_match m;

static void root_matches_only_root(void)
{
	CHECK(router_match(table, n, M_GET, "/", &m) == ROUTE_FOUND && m.route->fn == h_front);
	CHECK(router_match(table, n, M_GET, "//", &m) == ROUTE_NOT_FOUND);
	CHECK(router_match(table, n, M_GET, "", &m) == ROUTE_NOT_FOUND);
}

static void param_is_captured(void)
{
	CHECK(router_match(table, n, M_GET, "/t/gifts-money", &m) == ROUTE_FOUND);
	CHECK(m.route->fn == h_topic && m.nparams == 1 && strcmp(m.params[0], "gifts-money") == 0);
}

static void param_then_literal(void)
{
	CHECK(router_match(table, n, M_GET, "/t/gifts/feed", &m) == ROUTE_FOUND);
	CHECK(m.route->fn == h_feed && strcmp(m.params[0], "gifts") == 0);
	CHECK(router_match(table, n, M_GET, "/t/gifts/feeds", &m) == ROUTE_NOT_FOUND);
}

static void empty_param_does_not_match(void)
{
	CHECK(router_match(table, n, M_GET, "/t/", &m) == ROUTE_NOT_FOUND);
	CHECK(router_match(table, n, M_GET, "/t//feed", &m) == ROUTE_NOT_FOUND);
	CHECK(router_match(table, n, M_GET, "/t/x/", &m) == ROUTE_NOT_FOUND);
}

static void tail_takes_the_rest(void)
{
	CHECK(router_match(table, n, M_GET, "/static/forum.css", &m) == ROUTE_FOUND);
	CHECK(m.route->fn == h_static && strcmp(m.params[0], "forum.css") == 0);
	CHECK(router_match(table, n, M_GET, "/static/../x", &m) == ROUTE_FOUND);
	CHECK(strcmp(m.params[0], "../x") == 0); /* static_show looks names up, never paths */
	CHECK(router_match(table, n, M_GET, "/static/", &m) == ROUTE_NOT_FOUND);
	CHECK(router_match(table, n, M_GET, "/static", &m) == ROUTE_NOT_FOUND);
}

static void wrong_method_is_405(void)
{
	CHECK(router_match(table, n, M_POST, "/", &m) == ROUTE_BAD_METHOD);
	CHECK(router_match(table, n, M_GET, "/d/5/reply", &m) == ROUTE_BAD_METHOD);
	CHECK(router_match(table, n, M_POST, "/d/5/reply", &m) == ROUTE_FOUND);
	CHECK(m.route->fn == h_post && strcmp(m.params[0], "5") == 0);
	CHECK(router_match(table, n, 0, "/", &m) == ROUTE_BAD_METHOD);
}

static void overlong_path_is_not_found(void)
{
	static char path[MAX_PATH_BYTES + 10];
	memset(path, 'a', sizeof path - 1);
	path[0] = '/';
	path[sizeof path - 1] = '\0';
	CHECK(router_match(table, n, M_GET, path, &m) == ROUTE_NOT_FOUND);
}

static void forumd_table_has_the_foundation_routes(void)
{
	CHECK(router_match(routes, routes_count, M_GET, "/", &m) == ROUTE_FOUND);
	CHECK(router_match(routes, routes_count, M_GET, "/healthz", &m) == ROUTE_FOUND);
	CHECK(router_match(routes, routes_count, M_GET, "/privacy", &m) == ROUTE_FOUND);
	CHECK(router_match(routes, routes_count, M_GET, "/guidelines", &m) == ROUTE_FOUND);
	CHECK(router_match(routes, routes_count, M_GET, "/nope", &m) == ROUTE_NOT_FOUND);
}

int main(void)
{
	RUN(root_matches_only_root);
	RUN(param_is_captured);
	RUN(param_then_literal);
	RUN(empty_param_does_not_match);
	RUN(tail_takes_the_rest);
	RUN(wrong_method_is_405);
	RUN(overlong_path_is_not_found);
	RUN(forumd_table_has_the_foundation_routes);
	return DONE();
}
