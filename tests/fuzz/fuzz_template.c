/* fuzz_template.c: the template engine (base/template.c) on hostile templates and models.
 * The input is a template's source, a NUL, then a JSON model; with no NUL, it is the model
 * for one of forumd's own templates (the first byte picks which). Properties: a template
 * either compiles or is refused with a message; forumd's own templates, given any model whose
 * values are strings, numbers, arrays and objects (no server-made "_html"), write text valid
 * in HTML and XML (fuzz_xml_text) with no element a model's text could have made. */
#include <string.h>
#include <strings.h>

#include <event2/buffer.h>
#include <jansson.h>

#include "assets.h"
#include "fuzz.h"
#include "template.h"
#include "text.h"

/* Drops every key ending in "_html" (HTML forumd makes itself, never from a request). */
static void drop_raw(json_t *v, int depth)
{
	if (depth > 64)
		return;
	if (json_is_array(v)) {
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item)
			drop_raw(item, depth + 1);
		return;
	}
	const char *key;
	json_t *item;
	void *tmp;
	json_object_foreach_safe(v, tmp, key, item) {
		size_t n = strlen(key);
		if (n >= 5 && strcmp(key + n - 5, "_html") == 0)
			json_object_del(v, key);
		else
			drop_raw(item, depth + 1);
	}
}

static json_t *model_of(const uint8_t *data, size_t size)
{
	json_t *m = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (!m)
		m = json_object();
	drop_raw(m, 0);
	return m;
}

/* One of forumd's templates with the model. */
static void render_own(uint8_t pick, json_t *model)
{
	static size_t count;
	if (count == 0) {
		FUZZ_CHECK(tpl_init() == 0);
		while (asset_templates[count].name)
			count++;
	}
	const char *name = asset_templates[pick % count].name;
	char tname[256];
	snprintf(tname, sizeof tname, "%.*s", (int)(strlen(name) - 5), name);  /* less ".html" */
	struct evbuffer *out = evbuffer_new();
	tpl_render(tname, model, out);
	size_t n = evbuffer_get_length(out);
	const char *html = (const char *)evbuffer_pullup(out, -1);
	FUZZ_CHECK(n == 0 || fuzz_xml_text(html, n));
	FUZZ_CHECK(n == 0 || !memmem(html, n, "<script", 7));
	evbuffer_free(out);
}

/* A template made of the input's bytes. */
static void render_source(const char *src, json_t *model)
{
	struct evbuffer *out = evbuffer_new();
	char err[256] = "";
	if (tpl_render_string(src, model, NULL, out, err, sizeof err) != 0)
		FUZZ_CHECK(err[0] != '\0');
	evbuffer_free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 65536)
		return 0;
	const uint8_t *nul = memchr(data, '\0', size);
	if (nul) {
		json_t *model = model_of(nul + 1, size - (size_t)(nul + 1 - data));
		render_source((const char *)data, model);
		json_decref(model);
	} else {
		json_t *model = model_of(data + 1, size - 1);
		render_own(data[0], model);
		json_decref(model);
	}
	return 0;
}
