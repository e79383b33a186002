/* static.c: GET /static/NAME: the embedded files of web/static/, with ETag and 304.
 * Only names in the embedded table exist; nothing on disk is ever read. */
#include <pthread.h>
#include <string.h>

#include <sodium.h>

#include "assets.h"
#include "static.h"

#define ETAG_MAX 40
#define STATIC_MAX_FILES 64

static char etags[STATIC_MAX_FILES][ETAG_MAX];
static pthread_once_t etags_once = PTHREAD_ONCE_INIT;

/* ETags are a hash of each file's bytes, computed once. */
static void compute_etags(void)
{
	for (size_t i = 0; asset_static[i].name && i < STATIC_MAX_FILES; i++) {
		unsigned char h[12];
		char hex[sizeof h * 2 + 1];
		crypto_generichash(h, sizeof h, asset_static[i].data, asset_static[i].len, NULL, 0);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		strcpy(etags[i], "\"");
		strcat(etags[i], hex);
		strcat(etags[i], "\"");
	}
}

static const char *content_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml; charset=utf-8"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".txt", "text/plain; charset=utf-8"},
		{".json", "application/json; charset=utf-8"},
		{".webmanifest", "application/manifest+json; charset=utf-8"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

/* GET /static/NAME  (no query parameters) */
void static_show(struct request *r)
{
	const char *name = r->params[0];
	const struct asset *a = asset_find(asset_static, name);
	size_t index = a ? (size_t)(a - asset_static) : STATIC_MAX_FILES;
	if (!a || index >= STATIC_MAX_FILES) {
		respond_error(r, 404, "There is no such file.");
		return;
	}
	pthread_once(&etags_once, compute_etags);
	respond_header(r, "ETag", etags[index]);
	respond_header(r, "Cache-Control", "public, max-age=3600");
	const char *inm = req_header(r, "If-None-Match");
	if (inm && strstr(inm, etags[index])) {
		respond_body(r, 304, NULL, NULL, 0);
		return;
	}
	respond_body(r, 200, content_type(a->name), a->data, a->len);
}
