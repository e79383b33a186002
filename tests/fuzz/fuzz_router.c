/* fuzz_router.c: forumd's route table (app/routes.c) matched against any path and method.
 * Properties: a match's parameters are non-empty parts of the path, a ":name" one holds no
 * '/', and its pattern names the method asked. The first byte picks the method. */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "routes.h"

/* True when the pattern's last segment is "*" and param i is that rest of the path. */
static bool is_rest(const struct route *rt, int i, int n)
{
	size_t len = strlen(rt->pattern);
	return i == n - 1 && len >= 2 && strcmp(rt->pattern + len - 2, "/*") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int method = (data[0] & 1) ? M_POST : M_GET;
	char *path = fuzz_string(data + 1, size - 1);
	struct route_match m;
	enum route_result rr = router_match(routes, routes_count, method, path, &m);
	if (rr == ROUTE_FOUND) {
		FUZZ_CHECK(m.route && (m.route->methods & method));
		FUZZ_CHECK(m.nparams >= 0 && m.nparams <= MAX_ROUTE_PARAMS);
		for (int i = 0; i < m.nparams; i++) {
			const char *p = m.params[i];
			FUZZ_CHECK(p >= m.buf && p < m.buf + sizeof m.buf && *p != '\0');
			FUZZ_CHECK(strstr(path, p) != NULL);
			FUZZ_CHECK(is_rest(m.route, i, m.nparams) || strchr(p, '/') == NULL);
		}
	}
	free(path);
	return 0;
}
