/* test_template.c: unit tests for template.c and assets.c (TAP output). */
#define _POSIX_C_SOURCE 200809L
#include "assets.h"
#include "template.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <jansson.h>

#include "tap.h"

/* template.c's tpl_init on a table of our choosing (not in template.h). */
int tpl_init_table(const struct asset *table);

#define A(name, text) { name, (const unsigned char *)(text), sizeof(text) - 1 }

/* The table tpl_init() compiles in this binary (the real one is generated from web/). */
const struct asset asset_templates[] = {
	A("error.html", "<p>{{message}}</p>"),
	A("front.html", "<h1>{{title}}</h1><ul>{{#threads}}{{>partials/thread_row}}{{/threads}}</ul>"),
	A("holed.html", "<ul>{{#items}}<li>{{title}}{{*partials/mine}}</li>{{/items}}</ul>\n{{*partials/form}}\n"),
	A("layout.html", "<title>{{site}}</title><main>{{>content}}</main>{{>partials/footer}}"),
	A("nested_layout.html", "[{{>partials/shell}}]"),
	A("partials/footer.html", "<footer>{{site}}</footer>"),
	A("partials/form.html", "<form>{{who}}</form>"),
	A("partials/mine.html", "[{{who}}:{{#mine}}mine{{/mine}}{{^mine}}theirs{{/mine}}:{{page}}]"),
	A("partials/shell.html", "<div>{{>content}}</div>"),
	A("partials/thread_row.html", "<li>{{title}} by {{author.handle}}</li>"),
	A("robots.txt", "not a template {{"),
	A("selfish.html", "({{>content}})"),
	{ NULL, NULL, 0 },
};

static const struct asset table_unknown_partial[] = {
	A("a.html", "ok"),
	A("front.html", "x\n{{>nope}}"),
	{ NULL, NULL, 0 },
};

static const struct asset table_parse_error[] = {
	A("broken.html", "one\ntwo\n{{title"),
	{ NULL, NULL, 0 },
};


/* ---------------------------------------------------------------- helpers */

static int same(const char *what, const char *got, size_t len, const char *want)
{
	if (len == strlen(want) && (len == 0 || memcmp(got, want, len) == 0))
		return 1;
	printf("# %s\n# got:  \"%.*s\"\n# want: \"%s\"\n", what, (int)len, got, want);
	return 0;
}

static json_t *parse_json(const char *text)
{
	json_error_t e;
	if (!text)
		return NULL;
	json_t *j = json_loads(text, 0, &e);
	if (!j) {
		printf("# bad test JSON: %s\n", e.text);
		abort();
	}
	return j;
}

/* Renders `src` with the context and partials given as JSON text; 1 when it prints `want`. */
static int renders(const char *src, const char *ctx_json, const char *partials_json,
                   const char *want)
{
	json_t *ctx = parse_json(ctx_json), *partials = parse_json(partials_json);
	struct evbuffer *b = evbuffer_new();
	char err[256];
	int ok;

	if (tpl_render_string(src, ctx, partials, b, err, sizeof err) < 0) {
		printf("# %s\n# unexpected error: %s\n", src, err);
		ok = 0;
	} else {
		size_t n = evbuffer_get_length(b);
		ok = same(src, (const char *)evbuffer_pullup(b, -1), n, want);
	}
	evbuffer_free(b);
	json_decref(ctx);
	json_decref(partials);
	return ok;
}

/* 1 when compiling `src` fails with exactly the message `want`. */
static int fails(const char *src, const char *want)
{
	struct evbuffer *b = evbuffer_new();
	char err[256];
	int rc = tpl_render_string(src, NULL, NULL, b, err, sizeof err);
	evbuffer_free(b);
	if (rc == 0) {
		printf("# %s\n# compiled, expected: %s\n", src, want);
		return 0;
	}
	return same(src, err, strlen(err), want);
}

static int renders_named(const char *name, const char *ctx_json, const char *want)
{
	json_t *ctx = parse_json(ctx_json);
	struct evbuffer *b = evbuffer_new();
	int ok = tpl_render(name, ctx, b) == 0 &&
	         same(name, (const char *)evbuffer_pullup(b, -1), evbuffer_get_length(b), want);
	evbuffer_free(b);
	json_decref(ctx);
	return ok;
}

static int renders_page(const char *layout, const char *page, const char *ctx_json,
                        const char *want)
{
	json_t *ctx = parse_json(ctx_json);
	struct evbuffer *b = evbuffer_new();
	int ok = tpl_render_page(layout, page, ctx, b) == 0 &&
	         same(page, (const char *)evbuffer_pullup(b, -1), evbuffer_get_length(b), want);
	evbuffer_free(b);
	json_decref(ctx);
	return ok;
}

/* Runs tpl_init_table with stderr captured into msg. */
static int init_capturing(const struct asset *table, char *msg, size_t len)
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	fflush(stderr);
	dup2(fileno(tmp), 2);
	int rc = tpl_init_table(table);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	size_t n = fread(msg, 1, len - 1, tmp);
	msg[n] = '\0';
	fclose(tmp);
	return rc;
}

/* ---------------------------------------------------------------- variables */

static int text_passes_through_unchanged(void)
{
	return renders("plain <b>text</b> & more", "{}", NULL, "plain <b>text</b> & more") &&
	       renders("", "{}", NULL, "");
}

static int var_renders_string(void)
{
	return renders("Hi {{name}}!", "{\"name\": \"Ada\"}", NULL, "Hi Ada!");
}

static int var_trims_blanks_inside_tag(void)
{
	return renders("{{ name }}|{{\tname\t}}", "{\"name\": \"Ada\"}", NULL, "Ada|Ada");
}

static int var_escapes_script_tag(void)
{
	return renders("{{x}}", "{\"x\": \"<script>alert(1)</script>\"}", NULL,
	               "&lt;script&gt;alert(1)&lt;/script&gt;");
}

static int var_escapes_attribute_breakouts(void)
{
	return renders("<a title=\"{{x}}\">", "{\"x\": \"\\\"><img src=x onerror=alert(1)>\"}", NULL,
	               "<a title=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">") &&
	       renders("<a title='{{x}}'>", "{\"x\": \"' onmouseover='x\"}", NULL,
	               "<a title='&#39; onmouseover=&#39;x'>");
}

static int var_escapes_entities_again(void)
{
	return renders("{{x}}", "{\"x\": \"&amp;\"}", NULL, "&amp;amp;");
}

static int var_replaces_invalid_utf8_and_still_escapes(void)
{
	/* jansson refuses invalid UTF-8 in json_loads, so build the string by length. */
	json_t *ctx = json_object();
	json_object_set_new(ctx, "x", json_stringn_nocheck("\xff<\xc3\"\xe2\x80", 6));
	struct evbuffer *b = evbuffer_new();
	char err[256];
	int ok = tpl_render_string("[{{x}}]", ctx, NULL, b, err, sizeof err) == 0 &&
	         same("invalid utf-8", (const char *)evbuffer_pullup(b, -1), evbuffer_get_length(b),
	              "[\xef\xbf\xbd&lt;\xef\xbf\xbd&quot;\xef\xbf\xbd\xef\xbf\xbd]");   /* U+FFFD a byte */
	evbuffer_free(b);
	json_decref(ctx);
	return ok;
}

static int var_renders_numbers(void)
{
	return renders("{{i}} {{n}} {{big}} {{r}} {{z}}",
	               "{\"i\": 42, \"n\": -7, \"big\": 9007199254740993, \"r\": 2.5, \"z\": 0}",
	               NULL, "42 -7 9007199254740993 2.5 0");
}

static int var_renders_booleans_and_null_as_nothing(void)
{
	return renders("[{{t}}{{f}}{{n}}]", "{\"t\": true, \"f\": false, \"n\": null}", NULL, "[]");
}

static int var_renders_missing_names_as_nothing(void)
{
	return renders("[{{nobody}}]", "{}", NULL, "[]") && renders("[{{x}}]", NULL, NULL, "[]");
}

static int var_renders_objects_and_arrays_as_nothing(void)
{
	return renders("[{{o}}{{a}}]", "{\"o\": {\"k\": 1}, \"a\": [1, 2]}", NULL, "[]");
}

static int dotted_name_resolves_inside_objects(void)
{
	return renders("{{thread.author.handle}}",
	               "{\"thread\": {\"author\": {\"handle\": \"<rn>\"}}}", NULL, "&lt;rn&gt;");
}

static int dotted_name_with_missing_part_renders_nothing(void)
{
	return renders("[{{a.b.c}}][{{a.s.x}}]", "{\"a\": {\"b\": {}, \"s\": \"str\"}}", NULL, "[][]");
}

static int dotted_name_does_not_fall_back_outwards(void)
{
	return renders("{{#inner}}[{{a.b}}]{{/inner}}",
	               "{\"a\": {\"b\": \"outer\"}, \"inner\": {\"a\": {}}}", NULL, "[]");
}

/* ---------------------------------------------------------------- context stack */

static int lookup_searches_outer_contexts(void)
{
	return renders("{{#thread}}{{title}} on {{site}}{{/thread}}",
	               "{\"site\": \"S\", \"thread\": {\"title\": \"T\"}}", NULL, "T on S");
}

static int lookup_prefers_innermost_context(void)
{
	return renders("{{title}}{{#thread}}/{{title}}{{#reply}}/{{title}}{{/reply}}{{/thread}}",
	               "{\"title\": \"1\", \"thread\": {\"title\": \"2\", \"reply\": {\"title\": \"3\"}}}",
	               NULL, "1/2/3");
}

static int lookup_stops_at_null_in_inner_context(void)
{
	return renders("{{#inner}}[{{x}}]{{/inner}}", "{\"x\": \"outer\", \"inner\": {\"x\": null}}",
	               NULL, "[]");
}

static int dot_renders_current_item(void)
{
	return renders("{{#tags}}[{{.}}]{{/tags}}", "{\"tags\": [\"a\", \"<b>\", 3]}", NULL,
	               "[a][&lt;b&gt;][3]");
}

/* ---------------------------------------------------------------- sections */

static int section_repeats_for_each_array_item(void)
{
	return renders("{{#rows}}<{{n}}>{{/rows}}", "{\"rows\": [{\"n\": 1}, {\"n\": 2}, {\"n\": 3}]}",
	               NULL, "<1><2><3>");
}

static int section_skips_empty_array(void)
{
	return renders("[{{#rows}}x{{/rows}}]", "{\"rows\": []}", NULL, "[]");
}

static int section_pushes_object_once(void)
{
	return renders("{{#user}}{{handle}}{{/user}}", "{\"user\": {\"handle\": \"kim\"}}", NULL,
	               "kim");
}

static int section_renders_truthy_scalars_once(void)
{
	return renders("{{#t}}a{{/t}}{{#s}}b{{.}}{{/s}}{{#n}}c{{/n}}{{#r}}d{{/r}}",
	               "{\"t\": true, \"s\": \"x\", \"n\": -1, \"r\": 0.5}", NULL, "abxcd");
}

static int section_skips_falsy_values(void)
{
	return renders("[{{#f}}1{{/f}}{{#n}}2{{/n}}{{#e}}3{{/e}}{{#z}}4{{/z}}{{#r}}5{{/r}}"
	               "{{#a}}6{{/a}}{{#missing}}7{{/missing}}]",
	               "{\"f\": false, \"n\": null, \"e\": \"\", \"z\": 0, \"r\": 0.0, \"a\": []}",
	               NULL, "[]");
}

static int inverted_renders_when_section_is_skipped(void)
{
	return renders("{{^f}}1{{/f}}{{^n}}2{{/n}}{{^e}}3{{/e}}{{^z}}4{{/z}}{{^r}}5{{/r}}"
	               "{{^a}}6{{/a}}{{^missing}}7{{/missing}}",
	               "{\"f\": false, \"n\": null, \"e\": \"\", \"z\": 0, \"r\": 0.0, \"a\": []}",
	               NULL, "1234567");
}

static int inverted_skips_truthy_values(void)
{
	return renders("[{{^t}}1{{/t}}{{^s}}2{{/s}}{{^a}}3{{/a}}{{^o}}4{{/o}}{{^i}}5{{/i}}]",
	               "{\"t\": true, \"s\": \"x\", \"a\": [0], \"o\": {}, \"i\": 1}", NULL, "[]");
}

static int sections_nest(void)
{
	return renders("{{#threads}}<{{title}}:{{#replies}}{{who}}{{^last}},{{/last}}{{/replies}}>"
	               "{{/threads}}",
	               "{\"threads\": [{\"title\": \"a\", \"replies\": [{\"who\": \"x\"}, "
	               "{\"who\": \"y\", \"last\": true}]}, {\"title\": \"b\", \"replies\": []}]}",
	               NULL, "<a:x,y><b:>");
}

static int dotted_section_name_works(void)
{
	return renders("{{#viewer.roles}}{{.}} {{/viewer.roles}}",
	               "{\"viewer\": {\"roles\": [\"mod\", \"member\"]}}", NULL, "mod member ");
}

/* ---------------------------------------------------------------- raw slots, comments */

static int raw_slot_outputs_html_name_unescaped(void)
{
	return renders("{{{body_html}}}", "{\"body_html\": \"<p>hi &amp; bye</p>\"}", NULL,
	               "<p>hi &amp; bye</p>") &&
	       renders("{{{ post.body_html }}}", "{\"post\": {\"body_html\": \"<em>x</em>\"}}", NULL,
	               "<em>x</em>");
}

static int raw_slot_on_plain_name_is_rejected(void)
{
	return fails("{{{body}}}",
	             "template string: line 1: raw slot {{{body}}} needs a name ending in \"_html\"") &&
	       fails("{{{body_html.text}}}",
	             "template string: line 1: raw slot {{{body_html.text}}} needs a name ending in "
	             "\"_html\"") &&
	       fails("{{{.}}}", "template string: line 1: raw slot {{{.}}} needs a name ending in "
	             "\"_html\"") &&
	       fails("{{{html}}}", "template string: line 1: raw slot {{{html}}} needs a name "
	             "ending in \"_html\"");
}

static int ampersand_raw_form_is_rejected(void)
{
	return fails("{{&body_html}}",
	             "template string: line 1: {{&...}} is not supported; raw output is "
	             "{{{name_html}}}");
}

static int comment_renders_nothing(void)
{
	return renders("a{{! a {{comment with } a brace }}b{{!\nmulti\nline}}c", "{}", NULL, "abc") &&
	       renders("a{{! ends at the first }} b }}", "{}", NULL, "a b }}");
}

static int standalone_tags_leave_no_blank_lines(void)
{
	return renders("<ul>\n  {{#rows}}\n  <li>{{.}}</li>\n  {{/rows}}\n</ul>\n",
	               "{\"rows\": [\"a\", \"b\"]}", NULL, "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n") &&
	       renders("a\n{{! note }}\r\nb", "{}", NULL, "a\nb") &&
	       renders("x {{#t}}y{{/t}} z\n", "{\"t\": true}", NULL, "x y z\n");
}

/* ---------------------------------------------------------------- partials */

static int partial_renders_with_current_context(void)
{
	return renders("{{#rows}}{{>row}}{{/rows}}", "{\"site\": \"S\", \"rows\": [{\"t\": \"<a>\"}]}",
	               "{\"row\": \"[{{t}}@{{site}}]\"}", "[&lt;a&gt;@S]");
}

static int partial_in_subfolder_is_found(void)
{
	return renders("{{> partials/row }}", "{\"x\": 1}", "{\"partials/row\": \"({{x}})\"}", "(1)");
}

static int missing_partial_renders_nothing(void)
{
	return renders("[{{>nowhere}}]", "{}", NULL, "[]") &&
	       renders("[{{>nowhere}}]", "{}", "{\"other\": \"x\"}", "[]");
}

static int partial_recursion_stops_at_depth_limit(void)
{
	return renders("{{>loop}}", "{}", "{\"loop\": \"x{{>loop}}\"}", "xxxxxxxxxxxxxxxx");
}

static int partial_parse_error_names_the_partial(void)
{
	struct evbuffer *b = evbuffer_new();
	json_t *partials = parse_json("{\"row\": \"ok\\n{{#a}}\"}");
	char err[256];
	int rc = tpl_render_string("{{>row}}", NULL, partials, b, err, sizeof err);
	evbuffer_free(b);
	json_decref(partials);
	return rc == -1 && same("partial error", err, strlen(err),
	                        "template row: line 2: section {{#a}} is never closed");
}

/* ---------------------------------------------------------------- parse errors */

static int unclosed_tag_is_an_error(void)
{
	return fails("a\nb {{title", "template string: line 2: unclosed tag") &&
	       fails("{{{body_html}}", "template string: line 1: unclosed tag") &&
	       fails("{{! never ends", "template string: line 1: unclosed tag");
}

static int unclosed_section_is_an_error(void)
{
	return fails("\n{{#a}}\n{{^b}}x{{/b}}", "template string: line 2: section {{#a}} is never closed") &&
	       fails("{{^b}}", "template string: line 1: section {{^b}} is never closed");
}

static int mismatched_close_is_an_error(void)
{
	return fails("{{#a}}\n{{#b}}\n{{/a}}",
	             "template string: line 3: closing tag {{/a}} does not match {{#b}} of line 2");
}

static int close_without_open_is_an_error(void)
{
	return fails("x{{/a}}", "template string: line 1: closing tag {{/a}} without an open section");
}

static int empty_names_are_errors(void)
{
	return fails("{{}}", "template string: line 1: empty name in tag") &&
	       fails("{{  }}", "template string: line 1: empty name in tag") &&
	       fails("{{{}}}", "template string: line 1: empty name in tag") &&
	       fails("{{# }}{{/ }}", "template string: line 1: empty name in tag") &&
	       fails("{{#a}}{{/}}", "template string: line 1: empty name in closing tag") &&
	       fails("{{>}}", "template string: line 1: empty partial name");
}

static int bad_names_are_errors(void)
{
	return fails("{{a b}}", "template string: line 1: invalid character ' ' in name \"a b\"") &&
	       fails("{{a..b}}", "template string: line 1: empty segment in name \"a..b\"") &&
	       fails("{{.a}}", "template string: line 1: empty segment in name \".a\"") &&
	       fails("{{=<% %>=}}", "template string: line 1: changing delimiters is not supported") &&
	       fails("{{>a b}}", "template string: line 1: invalid character ' ' in partial name "
	             "\"a b\"");
}

/* Builds n nested sections {{#a}}...{{/a}} around "x". */
static char *nested(int n)
{
	char *s = malloc((size_t)n * 12 + 2), *p = s;
	for (int i = 0; i < n; i++)
		p += sprintf(p, "{{#a}}");
	*p++ = 'x';
	for (int i = 0; i < n; i++)
		p += sprintf(p, "{{/a}}");
	*p = '\0';
	return s;
}

static int nesting_32_deep_is_allowed(void)
{
	char *src = nested(32);
	int ok = renders(src, "{\"a\": true}", NULL, "x");
	free(src);
	return ok;
}

static int nesting_33_deep_is_an_error(void)
{
	char *src = nested(33);
	int ok = fails(src, "template string: line 1: sections nested deeper than 32");
	free(src);
	return ok;
}

static int error_line_counts_lines_inside_tags(void)
{
	return fails("{{!\n\n}}\n{{x", "template string: line 4: unclosed tag") &&
	       fails("  {{#a}}\n  {{/a}}\n{{/b}}",
	             "template string: line 3: closing tag {{/b}} without an open section");
}

/* ---------------------------------------------------------------- tpl_init and pages */

static int init_compiles_embedded_templates(void)
{
	return tpl_init() == 0;
}

static int render_by_name_uses_partials_from_the_table(void)
{
	return renders_named("front",
	                     "{\"title\": \"<Front>\", \"threads\": [{\"title\": \"A&B\", "
	                     "\"author\": {\"handle\": \"kim\"}}]}",
	                     "<h1>&lt;Front&gt;</h1><ul><li>A&amp;B by kim</li></ul>");
}

static int render_of_unknown_template_fails(void)
{
	struct evbuffer *b = evbuffer_new();
	int rc1 = tpl_render("nope", NULL, b), rc2 = tpl_render("robots", NULL, b);
	int rc3 = tpl_render("front.html", NULL, b);
	evbuffer_free(b);
	return rc1 == -1 && rc2 == -1 && rc3 == -1;
}

static int render_page_puts_page_into_content(void)
{
	return renders_page("layout", "error", "{\"site\": \"<S>\", \"message\": \"gone\"}",
	                    "<title>&lt;S&gt;</title><main><p>gone</p></main><footer>&lt;S&gt;</footer>");
}

static int render_page_reaches_content_inside_layout_partials(void)
{
	return renders_page("nested_layout", "error", "{\"message\": \"m\"}", "[<div><p>m</p></div>]");
}

static int render_page_does_not_let_the_page_include_itself(void)
{
	return renders_page("layout", "selfish", "{}", "<title></title><main>()</main><footer></footer>");
}

/* A shared rendering with its holes filled for one reader gives the plain rendering with
 * that reader's values; a plain rendering renders {{*name}} in place like {{>name}}. */
static int shared_rendering_filled_equals_plain_rendering(void)
{
	json_t *mine = parse_json("{\"page\": \"P\", \"who\": \"<ann>\","
	                          " \"items\": [{\"title\": \"a\", \"mine\": true}, {\"title\": \"b\"}]}");
	json_t *shared = parse_json("{\"page\": \"P\", \"items\": [{\"title\": \"a\"}, {\"title\": \"b\"}]}");
	json_t *outer = parse_json("{\"who\": \"<ann>\"}"), *inner = parse_json("{\"mine\": true}");
	struct evbuffer *plain = evbuffer_new(), *bytes = evbuffer_new(), *filled = evbuffer_new();
	struct tpl_holes holes = { 0 };
	int ok = tpl_render("holed", mine, plain) == 0 &&
	         tpl_render_shared("holed", shared, bytes, &holes) == 0 && holes.n == 3;
	const char *b = (const char *)evbuffer_pullup(bytes, -1);
	size_t at = 0;
	for (size_t i = 0; ok && i < holes.n; i++) {
		evbuffer_add(filled, b + at, holes.v[i].offset - at);
		at = holes.v[i].offset;
		json_t *item = tpl_hole_item(&holes.v[i]);
		bool first = json_is_object(item) &&
		             strcmp(json_string_value(json_object_get(item, "title")) ?: "", "a") == 0;
		tpl_fill_hole(&holes.v[i], outer, first ? inner : NULL, filled);
	}
	evbuffer_add(filled, b + at, evbuffer_get_length(bytes) - at);
	evbuffer_add(plain, "", 1);  /* NUL-terminated: it is the wanted text below */
	ok = ok && strcmp(tpl_hole_name(&holes.v[2]), "partials/form") == 0 &&
	     same("plain", (const char *)evbuffer_pullup(plain, -1), evbuffer_get_length(plain) - 1,
	          "<ul><li>a[&lt;ann&gt;:mine:P]</li><li>b[&lt;ann&gt;:theirs:P]</li></ul>\n"
	          "<form>&lt;ann&gt;</form>") &&
	     same("shared", b, evbuffer_get_length(bytes), "<ul><li>a</li><li>b</li></ul>\n") &&
	     same("filled", (const char *)evbuffer_pullup(filled, -1), evbuffer_get_length(filled),
	          (const char *)evbuffer_pullup(plain, -1));
	tpl_holes_free(&holes);
	evbuffer_free(plain), evbuffer_free(bytes), evbuffer_free(filled);
	json_decref(mine), json_decref(shared), json_decref(outer), json_decref(inner);
	return ok;
}

static int render_layout_moves_in_the_assembled_content(void)
{
	json_t *ctx = parse_json("{\"site\": \"S\"}");
	struct evbuffer *b = evbuffer_new(), *content = evbuffer_new();
	evbuffer_add(content, "<p>", 3);
	evbuffer_add(content, "x</p>", 5);
	int ok = tpl_render_layout("layout", ctx, content, b) == 0 &&
	         same("layout", (const char *)evbuffer_pullup(b, -1), evbuffer_get_length(b),
	              "<title>S</title><main><p>x</p></main><footer>S</footer>") &&
	         evbuffer_get_length(content) == 0;
	evbuffer_free(content);
	evbuffer_free(b);
	json_decref(ctx);
	return ok;
}

static int render_page_with_unknown_page_fails(void)
{
	struct evbuffer *b = evbuffer_new();
	int rc1 = tpl_render_page("layout", "nope", NULL, b);
	int rc2 = tpl_render_page("nope", "error", NULL, b);
	size_t n = evbuffer_get_length(b);
	evbuffer_free(b);
	return rc1 == -1 && rc2 == -1 && n == 0;
}

static int content_partial_outside_a_page_renders_nothing(void)
{
	return renders_named("layout", "{\"site\": \"S\"}",
	                     "<title>S</title><main></main><footer>S</footer>");
}

struct thread_job {
	struct evbuffer *out;
	json_t *ctx;
};

static void *render_in_thread(void *arg)
{
	struct thread_job *job = arg;
	for (int i = 0; i < 200; i++)
		tpl_render_page("layout", "front", job->ctx, job->out);
	return NULL;
}

static int rendering_from_threads_gives_identical_output(void)
{
	enum { NTHREADS = 4 };
	json_t *ctx = parse_json("{\"site\": \"S\", \"title\": \"T\", \"threads\": "
	                         "[{\"title\": \"a\"}, {\"title\": \"<b>\"}]}");
	struct thread_job jobs[NTHREADS];
	pthread_t tids[NTHREADS];
	int ok = 1;

	for (int i = 0; i < NTHREADS; i++) {
		jobs[i] = (struct thread_job){ evbuffer_new(), ctx };
		pthread_create(&tids[i], NULL, render_in_thread, &jobs[i]);
	}
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(tids[i], NULL);
	size_t n0 = evbuffer_get_length(jobs[0].out);
	for (int i = 1; i < NTHREADS; i++) {
		ok = ok && evbuffer_get_length(jobs[i].out) == n0 &&
		     memcmp(evbuffer_pullup(jobs[i].out, -1), evbuffer_pullup(jobs[0].out, -1), n0) == 0;
	}
	for (int i = 0; i < NTHREADS; i++)
		evbuffer_free(jobs[i].out);
	json_decref(ctx);
	return ok && n0 > 0;
}

static int init_reports_unknown_partial(void)
{
	char msg[512];
	int rc = init_capturing(table_unknown_partial, msg, sizeof msg);
	return rc == -1 && same("init", msg, strlen(msg),
	                        "template front: line 2: unknown partial \"nope\"\n");
}

static int init_reports_parse_error_with_template_name(void)
{
	char msg[512];
	int rc = init_capturing(table_parse_error, msg, sizeof msg);
	return rc == -1 && same("init", msg, strlen(msg), "template broken: line 3: unclosed tag\n");
}

static int failed_init_leaves_no_templates(void)
{
	char msg[512];
	struct evbuffer *b = evbuffer_new();
	init_capturing(table_parse_error, msg, sizeof msg);
	int rc = tpl_render("error", NULL, b);
	evbuffer_free(b);
	return rc == -1;
}

static int init_can_run_again(void)
{
	return tpl_init() == 0 && renders_named("error", "{\"message\": \"again\"}", "<p>again</p>");
}

/* ---------------------------------------------------------------- assets */

static int asset_find_finds_entries_by_full_name(void)
{
	const struct asset *a = asset_find(asset_templates, "partials/footer.html");
	return a && a == &asset_templates[5] && asset_find(asset_templates, "error.html") &&
	       asset_find(asset_templates, "selfish.html");
}

static int asset_find_returns_null_for_unknown_names(void)
{
	return !asset_find(asset_templates, "error") && !asset_find(asset_templates, "") &&
	       !asset_find(asset_templates, "../error.html") &&
	       !asset_find(table_parse_error, "error.html");
}

/* ---------------------------------------------------------------- runner */

int main(void)
{
	RUN_OK(text_passes_through_unchanged);
	RUN_OK(var_renders_string);
	RUN_OK(var_trims_blanks_inside_tag);
	RUN_OK(var_escapes_script_tag);
	RUN_OK(var_escapes_attribute_breakouts);
	RUN_OK(var_escapes_entities_again);
	RUN_OK(var_replaces_invalid_utf8_and_still_escapes);
	RUN_OK(var_renders_numbers);
	RUN_OK(var_renders_booleans_and_null_as_nothing);
	RUN_OK(var_renders_missing_names_as_nothing);
	RUN_OK(var_renders_objects_and_arrays_as_nothing);
	RUN_OK(dotted_name_resolves_inside_objects);
	RUN_OK(dotted_name_with_missing_part_renders_nothing);
	RUN_OK(dotted_name_does_not_fall_back_outwards);
	RUN_OK(lookup_searches_outer_contexts);
	RUN_OK(lookup_prefers_innermost_context);
	RUN_OK(lookup_stops_at_null_in_inner_context);
	RUN_OK(dot_renders_current_item);
	RUN_OK(section_repeats_for_each_array_item);
	RUN_OK(section_skips_empty_array);
	RUN_OK(section_pushes_object_once);
	RUN_OK(section_renders_truthy_scalars_once);
	RUN_OK(section_skips_falsy_values);
	RUN_OK(inverted_renders_when_section_is_skipped);
	RUN_OK(inverted_skips_truthy_values);
	RUN_OK(sections_nest);
	RUN_OK(dotted_section_name_works);
	RUN_OK(raw_slot_outputs_html_name_unescaped);
	RUN_OK(raw_slot_on_plain_name_is_rejected);
	RUN_OK(ampersand_raw_form_is_rejected);
	RUN_OK(comment_renders_nothing);
	RUN_OK(standalone_tags_leave_no_blank_lines);
	RUN_OK(partial_renders_with_current_context);
	RUN_OK(partial_in_subfolder_is_found);
	RUN_OK(missing_partial_renders_nothing);
	RUN_OK(partial_recursion_stops_at_depth_limit);
	RUN_OK(partial_parse_error_names_the_partial);
	RUN_OK(unclosed_tag_is_an_error);
	RUN_OK(unclosed_section_is_an_error);
	RUN_OK(mismatched_close_is_an_error);
	RUN_OK(close_without_open_is_an_error);
	RUN_OK(empty_names_are_errors);
	RUN_OK(bad_names_are_errors);
	RUN_OK(nesting_32_deep_is_allowed);
	RUN_OK(nesting_33_deep_is_an_error);
	RUN_OK(error_line_counts_lines_inside_tags);
	RUN_OK(init_compiles_embedded_templates);
	RUN_OK(render_by_name_uses_partials_from_the_table);
	RUN_OK(render_of_unknown_template_fails);
	RUN_OK(render_page_puts_page_into_content);
	RUN_OK(render_page_reaches_content_inside_layout_partials);
	RUN_OK(render_page_does_not_let_the_page_include_itself);
	RUN_OK(render_page_with_unknown_page_fails);
	RUN_OK(shared_rendering_filled_equals_plain_rendering);
	RUN_OK(render_layout_moves_in_the_assembled_content);
	RUN_OK(content_partial_outside_a_page_renders_nothing);
	RUN_OK(rendering_from_threads_gives_identical_output);
	RUN_OK(init_reports_unknown_partial);
	RUN_OK(init_reports_parse_error_with_template_name);
	RUN_OK(failed_init_leaves_no_templates);
	RUN_OK(init_can_run_again);
	RUN_OK(asset_find_finds_entries_by_full_name);
	RUN_OK(asset_find_returns_null_for_unknown_names);
	tpl_free_all();
	return DONE();
}
