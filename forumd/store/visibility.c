/* visibility.c: binding the reader into the visibility conditions, and the placeholders a
 * reader sees instead of a text they may not see (see visibility.h). */
#include "visibility.h"

#include <string.h>

#include <event2/buffer.h>

#include "html.h"
#include "mem.h"

void visibility_bind(sqlite3_stmt *st, int64_t viewer, bool moderator)
{
	int n = sqlite3_bind_parameter_count(st);
	if (n >= VIS_VIEWER_INDEX)
		sqlite3_bind_int64(st, VIS_VIEWER_INDEX, viewer);
	if (n >= VIS_MODERATOR_INDEX)
		sqlite3_bind_int(st, VIS_MODERATOR_INDEX, moderator);
}

char *visibility_placeholder_html(const char *state, const char *mod_reason)
{
	if (strcmp(state, "hidden") != 0)
		return xstrdup("<p>[removed by author]</p>");
	struct evbuffer *b = evbuffer_new();
	evbuffer_add_printf(b, "<p class=\"mod-removed\">removed by a moderator%s",
	                    mod_reason && *mod_reason ? ": " : "");
	if (mod_reason)
		html_escape(b, mod_reason, strlen(mod_reason));
	evbuffer_add(b, "</p>", 4);
	size_t n = evbuffer_get_length(b);
	char *s = xstrndup((const char *)evbuffer_pullup(b, -1), n);
	evbuffer_free(b);
	return s;
}
