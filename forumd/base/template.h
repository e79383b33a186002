/* template.h: a small mustache-like template engine whose default is escaping.
 *
 * Syntax (see docs/TEMPLATES.md):
 *   {{name}}          value, HTML-escaped (& < > " ' all escaped). Dotted names: {{thread.title}}.
 *                     {{.}} is the current item. Numbers print as integers/reals; true/false/null
 *                     print nothing... (booleans/null render empty).
 *   {{{name_html}}}   raw output; only allowed for names whose last segment ends in "_html"
 *                     (HTML the server produced itself, e.g. cmark output). Any other raw
 *                     slot is a compile error, so the unescaped path is hard to reach.
 *   {{#name}}..{{/name}}  section: array -> once per item (item pushed on the context stack);
 *                     object -> once with it pushed; true / non-empty string / non-zero number
 *                     -> once; false, null, missing, empty array, "" and 0 -> skipped.
 *   {{^name}}..{{/name}}  inverted section: rendered when the section would be skipped.
 *   {{>partial}}      includes template "partial" with the current context.
 *   {{! comment }}    ignored.
 * Names are looked up from the innermost context outwards (mustache rules).
 *
 * Templates are the embedded files of web/templates/ ("front.html" is named "front").
 */
#ifndef FORUMD_TEMPLATE_H
#define FORUMD_TEMPLATE_H
#include <jansson.h>
#include <event2/buffer.h>

/* Compiles every embedded template. Returns 0, or -1 after printing
 * "template NAME: line N: message" to stderr (start-up then fails). Call once in main
 * before threads start; compiled templates are then shared read-only by all threads. */
int tpl_init(void);
/* Same as tpl_init for a given table (tests use their own). */
struct asset;
int tpl_init_table(const struct asset *table);
void tpl_free_all(void);

/* Renders template `name` with `ctx` into `out`. Returns 0, or -1 if no such template. */
int tpl_render(const char *name, json_t *ctx, struct evbuffer *out);

/* Renders the page: template `layout` with `ctx`, where {{>content}} inside the layout
 * (and its partials) renders template `page`. Returns 0 or -1. */
int tpl_render_page(const char *layout, const char *page, json_t *ctx, struct evbuffer *out);

/* For tests: compile a template from a string and render it. `partials` may be NULL or a
 * JSON object mapping partial names to template source strings. Returns 0, or -1 with a
 * message in errbuf. */
int tpl_render_string(const char *src, json_t *ctx, json_t *partials,
                      struct evbuffer *out, char *errbuf, size_t errlen);
#endif
