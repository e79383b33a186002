/* router.c: the matcher that maps a method and path to a route of a table. */
#include "router.h"

#include <stdbool.h>
#include <string.h>


const char *access_name(enum access a)
{
	static const char *const names[] = {"public", "member", "writer", "moderator", "admin"};
	return (unsigned)a < sizeof names / sizeof names[0] ? names[a] : "?";
}

/* Matches one pattern; params point into buf, a private copy of the path. */
static bool pattern_matches(const char *pattern, char *buf, struct route_match *m)
{
	const char *p = pattern;
	char *s = buf;
	m->nparams = 0;
	while (*p && *s) {
		if (*p == '*' && p[1] == '\0') {
			if (*s == '\0' || m->nparams == MAX_ROUTE_PARAMS)
				return false;
			m->params[m->nparams++] = s;
			return true;
		}
		if (*p == ':') {
			char *end = strchr(s, '/');
			size_t seglen = end ? (size_t)(end - s) : strlen(s);
			if (seglen == 0 || m->nparams == MAX_ROUTE_PARAMS)
				return false;
			m->params[m->nparams++] = s;
			s += seglen;
			p = strchr(p, '/');
			if (!p)
				p = "";
			if (*s == '/') {
				if (*p != '/')
					return false;
				*s++ = '\0';
				p++;
			}
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0';
}

enum route_result router_match(const struct route *table, size_t n, int method,
                               const char *path, struct route_match *m)
{
	size_t len = strlen(path);
	bool path_known = false;
	if (len > MAX_PATH_BYTES)
		return ROUTE_NOT_FOUND;
	for (size_t i = 0; i < n; i++) {
		memcpy(m->buf, path, len + 1);
		if (!pattern_matches(table[i].pattern, m->buf, m))
			continue;
		if (table[i].methods & method) {
			m->route = &table[i];
			return ROUTE_FOUND;
		}
		path_known = true;
	}
	return path_known ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}
