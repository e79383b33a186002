/* pages.c: the small fixed pages: /healthz, /privacy, /guidelines. */
#include "db.h"
#include "pages.h"

/* GET /healthz: 200 "ok" when the database answers, 503 otherwise. */
void health_show(struct request *r)
{
	if (db_ping(r->db) == 0)
		respond_body(r, 200, "text/plain; charset=utf-8", "ok\n", 3);
	else
		respond_body(r, 503, "text/plain; charset=utf-8", "database unavailable\n", 21);
}

/* GET /privacy: what the forum stores and why. */
void privacy_show(struct request *r)
{
	respond_page(r, 200, "privacy", json_pack("{s:s}", "title", "Privacy"));
}

/* GET /guidelines: how members treat each other and patients' privacy. */
void guidelines_show(struct request *r)
{
	respond_page(r, 200, "guidelines", json_pack("{s:s}", "title", "Community guidelines"));
}
