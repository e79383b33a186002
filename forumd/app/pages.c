/* pages.c: the small fixed pages: /healthz, /privacy, /guidelines (their JSON carries the
 * page's text as body_html). */
#include <event2/buffer.h>

#include "db.h"
#include "pages.h"
#include "template.h"

/* GET /healthz: 200 "ok" when the database answers, 503 otherwise. */
void health_show(struct request *r)
{
	if (db_ping(r->db) == 0)
		respond_body(r, 200, "text/plain; charset=utf-8", "ok\n", 3);
	else
		respond_body(r, 503, "text/plain; charset=utf-8", "database unavailable\n", 21);
}

/* A fixed page: its template with its title; for JSON, the page's own HTML too. */
static void fixed_page(struct request *r, const char *tpl, const char *title)
{
	json_t *model = json_pack("{s:s}", "title", title);
	if (r->want_json) {
		struct evbuffer *b = evbuffer_new();
		if (tpl_render(tpl, model, b) != 0) {
			evbuffer_free(b);
			json_decref(model);
			respond_error(r, 500, "The page could not be built.");
			return;
		}
		json_object_set_new(model, "body_html", json_stringn((const char *)evbuffer_pullup(b, -1),
		                                                     evbuffer_get_length(b)));
		evbuffer_free(b);
	}
	respond_page(r, 200, tpl, model);
}

/* GET /privacy: what the forum stores and why. */
void privacy_show(struct request *r)
{
	fixed_page(r, "privacy", "Privacy");
}

/* GET /guidelines: how members treat each other and patients' privacy. */
void guidelines_show(struct request *r)
{
	fixed_page(r, "guidelines", "Community guidelines");
}
