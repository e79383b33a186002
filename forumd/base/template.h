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
 *   {{*partial}}      the same, and a personal part: a shared rendering (tpl_render_shared)
 *                     leaves it open, to be filled for each reader (tpl_fill_hole).
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

/* Renders `layout` with ctx, where {{>content}} moves in content's bytes (its chains, no
 * copy; content is left empty): a page whose body was assembled before. Returns 0 or -1. */
int tpl_render_layout(const char *layout, json_t *ctx, struct evbuffer *content,
                      struct evbuffer *out);

/* ---- Shared renderings with personal holes.
 * tpl_render_shared renders template `name` as every reader of a kind sees it, leaving each
 * {{*partial}} open: it records where the part goes in `out` and the context stack there
 * (held). Filling each hole with tpl_fill_hole, in order, between the shared bytes gives
 * what a plain rendering with the reader's own values would have given. */
struct tpl;
struct tplset;
struct tpl_hole {
	size_t offset;             /* where in the shared bytes the part goes */
	const struct tpl *tpl;     /* the partial */
	const struct tplset *set;
	json_t **stack;            /* the contexts at the hole, outermost first (held) */
	size_t depth;
};
struct tpl_holes {
	struct tpl_hole *v;
	size_t n, cap;
};
int tpl_render_shared(const char *name, json_t *ctx, struct evbuffer *out,
                      struct tpl_holes *holes);
/* Renders hole h's partial with its contexts, `outer` just above the outermost (the
 * reader's page values) and `inner` above the innermost (the reader's values for this
 * item); either may be NULL. */
void tpl_fill_hole(const struct tpl_hole *h, json_t *outer, json_t *inner, struct evbuffer *out);
/* The same, leaving the holes inside the partial open (recorded in holes, their offsets
 * into out): a part most readers share but for a few holes of its own. */
void tpl_fill_hole_shared(const struct tpl_hole *h, json_t *outer, json_t *inner,
                          struct evbuffer *out, struct tpl_holes *holes);
/* The hole's partial name, and its innermost context (borrowed). */
const char *tpl_hole_name(const struct tpl_hole *h);
json_t *tpl_hole_item(const struct tpl_hole *h);
void tpl_holes_free(struct tpl_holes *h);

/* For tests: compile a template from a string and render it. `partials` may be NULL or a
 * JSON object mapping partial names to template source strings. Returns 0, or -1 with a
 * message in errbuf. */
int tpl_render_string(const char *src, json_t *ctx, json_t *partials,
                      struct evbuffer *out, char *errbuf, size_t errlen);
#endif
