/* template.c: compiles the embedded templates into node trees and renders them, escaping. */
#include "template.h"
#include "assets.h"
#include "html.h"
#include "limits.h"
#include "mem.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TPL_SUFFIX       ".html"
#define TPL_RAW_SUFFIX   "_html"
#define TPL_CONTENT      "content"     /* the partial tpl_render_page fills with the page */
#define TPL_ERR_BYTES    256
/* Every open section pushes at most one value; each template level may open TPL_MAX_NESTING. */
#define CTX_STACK_MAX    (TPL_MAX_NESTING * (TPL_MAX_PARTIAL_DEPTH + 1) + 1)

/* ---------------------------------------------------------------- the tree */

enum node_kind { NODE_TEXT, NODE_VAR, NODE_RAW, NODE_SECTION, NODE_INVERTED, NODE_PARTIAL,
                 NODE_HOLE };

struct node;

struct nodes {
	struct node *v;
	size_t n, cap;
};

struct node {
	enum node_kind kind;
	int line;            /* where the tag starts, for messages */
	char *str;           /* TEXT: the bytes; others: the name as written */
	size_t len;          /* TEXT: byte count */
	char **seg;          /* VAR/RAW/SECTION/INVERTED: the name split at dots; none for "." */
	size_t nseg;
	struct nodes body;   /* SECTION/INVERTED */
};

struct tpl {
	char *name;
	struct nodes body;
};

/* A set of compiled templates sorted by name, so partials are found with bsearch. */
struct tplset {
	struct tpl *v;
	size_t n;
};

static struct tplset g_set;

/* Appends a zeroed node to `list` and returns it; valid until `list` grows again. */
static struct node *nodes_push(struct nodes *list, enum node_kind kind, int line)
{
	if (list->n == list->cap) {
		list->cap = list->cap ? list->cap * 2 : 8;
		list->v = xrealloc(list->v, list->cap * sizeof *list->v);
	}
	struct node *nd = &list->v[list->n++];
	memset(nd, 0, sizeof *nd);
	nd->kind = kind;
	nd->line = line;
	return nd;
}

static void nodes_free(struct nodes *list)
{
	for (size_t i = 0; i < list->n; i++) {
		struct node *nd = &list->v[i];
		free(nd->str);
		for (size_t k = 0; k < nd->nseg; k++)
			free(nd->seg[k]);
		free(nd->seg);
		nodes_free(&nd->body);
	}
	free(list->v);
	list->v = NULL;
	list->n = list->cap = 0;
}

static void set_free(struct tplset *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->v[i].name);
		nodes_free(&set->v[i].body);
	}
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

static int tpl_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tpl *)a)->name, ((const struct tpl *)b)->name);
}

static const struct tpl *set_find(const struct tplset *set, const char *name)
{
	struct tpl key = { .name = (char *)name };
	if (set->n == 0)
		return NULL;
	return bsearch(&key, set->v, set->n, sizeof *set->v, tpl_cmp);
}

/* ---------------------------------------------------------------- the parser */

struct parser {
	const char *name;       /* template name, for messages */
	const char *src, *end;
	char *err;
	size_t errlen;
	struct node *open[TPL_MAX_NESTING];  /* sections not yet closed, innermost last */
	int nopen;
};

/* Writes "template NAME: line N: message" into the parser's error buffer; returns -1. */
static int parse_error(struct parser *ps, int line, const char *fmt, ...)
{
	char msg[TPL_ERR_BYTES];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(ps->err, ps->errlen, "template %s: line %d: %s", ps->name, line, msg);
	return -1;
}

static int count_lines(const char *p, const char *end)
{
	int n = 0;
	for (; p < end; p++)
		n += *p == '\n';
	return n;
}

static const char *find_str(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);
	for (; (size_t)(end - p) >= n; p++) {
		if (memcmp(p, needle, n) == 0)
			return p;
	}
	return NULL;
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* Checks a variable or section name ("." or segments of [A-Za-z0-9_-] joined by dots) and
 * stores its segments in nd. Returns 0 or -1 with the error set. */
static int parse_name(struct parser *ps, struct node *nd)
{
	const char *s = nd->str;
	if (*s == '\0')
		return parse_error(ps, nd->line, "empty name in tag");
	if (strcmp(s, ".") == 0)
		return 0;
	for (const char *c = s; *c; c++) {
		if (*c != '.' && !is_name_char(*c))
			return parse_error(ps, nd->line, "invalid character '%c' in name \"%s\"",
			                   *c, s);
	}
	size_t n = 1;
	for (const char *c = s; *c; c++)
		n += *c == '.';
	nd->seg = xcalloc(n, sizeof *nd->seg);
	for (const char *start = s;; ) {
		const char *dot = strchr(start, '.');
		size_t len = dot ? (size_t)(dot - start) : strlen(start);
		if (len == 0)
			return parse_error(ps, nd->line, "empty segment in name \"%s\"", s);
		nd->seg[nd->nseg++] = xstrndup(start, len);
		if (!dot)
			return 0;
		start = dot + 1;
	}
}

static int parse_partial_name(struct parser *ps, struct node *nd)
{
	if (nd->str[0] == '\0')
		return parse_error(ps, nd->line, "empty partial name");
	for (const char *c = nd->str; *c; c++) {
		if (*c != '.' && *c != '/' && !is_name_char(*c))
			return parse_error(ps, nd->line, "invalid character '%c' in partial name \"%s\"",
			                   *c, nd->str);
	}
	return 0;
}

/* The name inside a tag, without surrounding blanks, newly allocated. */
static char *tag_name(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
		end--;
	return xstrndup(p, (size_t)(end - p));
}

static int raw_name_ok(const struct node *nd)
{
	if (nd->nseg == 0)
		return 0;
	const char *last = nd->seg[nd->nseg - 1];
	size_t len = strlen(last), slen = strlen(TPL_RAW_SUFFIX);
	return len >= slen && strcmp(last + len - slen, TPL_RAW_SUFFIX) == 0;
}

/* A tag alone on its line (section, inverted, close, partial, comment) takes its line with
 * it, so templates can be indented without leaving blank lines in the page. Given the tag at
 * [tag, after) and the text before it starting at `text`, moves *text_end back to the line
 * start and *after past the newline when the tag is standalone. */
static void trim_standalone(const struct parser *ps, const char *text, const char **text_end,
                            const char **after)
{
	const char *ls = *text_end;
	while (ls > text && (ls[-1] == ' ' || ls[-1] == '\t'))
		ls--;
	if (!(ls == ps->src || ls[-1] == '\n'))
		return;
	const char *q = *after;
	while (q < ps->end && (*q == ' ' || *q == '\t'))
		q++;
	if (q < ps->end && *q == '\r' && q + 1 < ps->end && q[1] == '\n')
		q += 2;
	else if (q < ps->end && *q == '\n')
		q++;
	else if (q != ps->end)
		return;
	*text_end = ls;
	*after = q;
}

static struct nodes *current_list(struct parser *ps, struct nodes *root)
{
	return ps->nopen ? &ps->open[ps->nopen - 1]->body : root;
}

/* Handles one tag whose inside is [in, in_end), starting on `line`. */
static int parse_tag(struct parser *ps, struct nodes *root, char sigil, int triple,
                     const char *in, const char *in_end, int line)
{
	struct nodes *list = current_list(ps, root);
	struct node *nd;

	if (triple) {
		nd = nodes_push(list, NODE_RAW, line);
		nd->str = tag_name(in, in_end);
		if (parse_name(ps, nd) < 0)
			return -1;
		if (!raw_name_ok(nd))
			return parse_error(ps, line, "raw slot {{{%s}}} needs a name ending in \"%s\"",
			                   nd->str, TPL_RAW_SUFFIX);
		return 0;
	}
	switch (sigil) {
	case '!':
		return 0;
	case '&':
		return parse_error(ps, line, "{{&...}} is not supported; raw output is {{{name%s}}}",
		                   TPL_RAW_SUFFIX);
	case '=':
		return parse_error(ps, line, "changing delimiters is not supported");
	case '>':
	case '*':
		nd = nodes_push(list, sigil == '>' ? NODE_PARTIAL : NODE_HOLE, line);
		nd->str = tag_name(in + 1, in_end);
		return parse_partial_name(ps, nd);
	case '#':
	case '^':
		if (ps->nopen == TPL_MAX_NESTING)
			return parse_error(ps, line, "sections nested deeper than %d", TPL_MAX_NESTING);
		nd = nodes_push(list, sigil == '#' ? NODE_SECTION : NODE_INVERTED, line);
		nd->str = tag_name(in + 1, in_end);
		if (parse_name(ps, nd) < 0)
			return -1;
		ps->open[ps->nopen++] = nd;
		return 0;
	case '/': {
		char *name = tag_name(in + 1, in_end);
		int rc = 0;
		if (name[0] == '\0')
			rc = parse_error(ps, line, "empty name in closing tag");
		else if (ps->nopen == 0)
			rc = parse_error(ps, line, "closing tag {{/%s}} without an open section", name);
		else if (strcmp(ps->open[ps->nopen - 1]->str, name) != 0)
			rc = parse_error(ps, line, "closing tag {{/%s}} does not match {{%c%s}} of line %d",
			                 name, ps->open[ps->nopen - 1]->kind == NODE_SECTION ? '#' : '^',
			                 ps->open[ps->nopen - 1]->str, ps->open[ps->nopen - 1]->line);
		else
			ps->nopen--;
		free(name);
		return rc;
	}
	default:
		nd = nodes_push(list, NODE_VAR, line);
		nd->str = tag_name(in, in_end);
		return parse_name(ps, nd);
	}
}

static void add_text(struct nodes *list, const char *p, const char *end, int line)
{
	if (end <= p)
		return;
	struct node *nd = nodes_push(list, NODE_TEXT, line);
	nd->len = (size_t)(end - p);
	nd->str = xstrndup(p, nd->len);
}

/* Compiles `len` bytes of `src` into t->body. Returns 0, or -1 with "template NAME: line N:
 * message" in err (t->body then holds what was parsed; the caller frees it). */
static int tpl_compile(struct tpl *t, const char *src, size_t len, char *err, size_t errlen)
{
	struct parser ps = { .name = t->name, .src = src, .end = src + len,
	                     .err = err, .errlen = errlen };
	const char *p = src;
	int line = 1;

	while (p < ps.end) {
		const char *tag = find_str(p, ps.end, "{{");
		if (!tag) {
			add_text(current_list(&ps, &t->body), p, ps.end, line);
			break;
		}
		int tag_line = line + count_lines(p, tag);
		int triple = tag + 2 < ps.end && tag[2] == '{';
		const char *in = tag + (triple ? 3 : 2);
		const char *close = find_str(in, ps.end, triple ? "}}}" : "}}");
		if (!close)
			return parse_error(&ps, tag_line, "unclosed tag");
		const char *after = close + (triple ? 3 : 2);
		char sigil = triple || in == close ? '\0' : *in;
		const char *text_end = tag;
		if (sigil && strchr("#^/>*!", sigil))
			trim_standalone(&ps, p, &text_end, &after);

		add_text(current_list(&ps, &t->body), p, text_end, line);
		if (parse_tag(&ps, &t->body, sigil, triple, in, close, tag_line) < 0)
			return -1;
		line = tag_line + count_lines(tag, after);
		p = after;
	}
	if (ps.nopen > 0) {
		const struct node *nd = ps.open[ps.nopen - 1];
		return parse_error(&ps, nd->line, "section {{%c%s}} is never closed",
		                   nd->kind == NODE_SECTION ? '#' : '^', nd->str);
	}
	return 0;
}

/* ---------------------------------------------------------------- rendering */

struct render {
	struct evbuffer *out;
	const struct tplset *set;       /* where partials are found */
	const struct tpl *content;      /* what {{>content}} renders, or NULL */
	json_t *stack[CTX_STACK_MAX];   /* context values, innermost last */
	size_t depth;
	int partial_depth;
	struct tpl_holes *holes;        /* a shared rendering: {{*name}} is left open, or NULL */
	struct evbuffer *content_buf;   /* what {{>content}} moves in, when content is NULL */
};

static void render_nodes(struct render *r, const struct nodes *list);

/* Mustache lookup: the first segment from the innermost context outwards, the rest inside
 * what it found. Returns a borrowed reference or NULL. */
static json_t *ctx_lookup(const struct render *r, const struct node *nd)
{
	json_t *v = NULL;
	if (nd->nseg == 0)
		return r->depth ? r->stack[r->depth - 1] : NULL;
	for (size_t i = r->depth; i-- > 0; ) {
		if (json_is_object(r->stack[i]) && (v = json_object_get(r->stack[i], nd->seg[0])))
			break;
	}
	for (size_t k = 1; v && k < nd->nseg; k++)
		v = json_is_object(v) ? json_object_get(v, nd->seg[k]) : NULL;
	return v;
}

static void ctx_push(struct render *r, json_t *v)
{
	assert(r->depth < CTX_STACK_MAX);
	r->stack[r->depth++] = v;
}

/* Strings (escaped unless raw), integers with %lld, reals with %g; anything else: nothing. */
static void put_value(struct evbuffer *out, json_t *v, int raw)
{
	char num[64];
	int n = 0;

	switch (json_typeof(v)) {
	case JSON_STRING:
		if (raw)
			html_raw(out, json_string_value(v), json_string_length(v));
		else
			html_escape(out, json_string_value(v), json_string_length(v));
		return;
	case JSON_INTEGER:
		n = snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		n = snprintf(num, sizeof num, "%g", json_real_value(v));
		break;
	default:
		return;
	}
	if (n > 0)
		evbuffer_add(out, num, (size_t)n);
}

/* false, null, missing, empty array, "" and 0 are false; everything else is true. */
static int is_truthy(json_t *v)
{
	if (!v)
		return 0;
	switch (json_typeof(v)) {
	case JSON_OBJECT:  return 1;
	case JSON_ARRAY:   return json_array_size(v) > 0;
	case JSON_STRING:  return json_string_length(v) > 0;
	case JSON_INTEGER: return json_integer_value(v) != 0;
	case JSON_REAL:    return json_real_value(v) != 0.0;
	case JSON_TRUE:    return 1;
	default:           return 0;
	}
}

static void render_section(struct render *r, const struct node *nd)
{
	json_t *v = ctx_lookup(r, nd);

	if (nd->kind == NODE_INVERTED) {
		if (!is_truthy(v))
			render_nodes(r, &nd->body);
		return;
	}
	if (!is_truthy(v))
		return;
	if (json_is_array(v)) {
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) {
			ctx_push(r, item);
			render_nodes(r, &nd->body);
			r->depth--;
		}
		return;
	}
	ctx_push(r, v);
	render_nodes(r, &nd->body);
	r->depth--;
}

/* {{>name}}: the named template with the current context; {{>content}} is the page while
 * rendering a layout. Missing partials and partials nested too deep render nothing. */
static void render_partial(struct render *r, const struct node *nd)
{
	const struct tpl *saved = r->content;
	const struct tpl *t;

	if (r->partial_depth >= TPL_MAX_PARTIAL_DEPTH)
		return;
	if (r->content_buf && strcmp(nd->str, TPL_CONTENT) == 0) {
		evbuffer_add_buffer(r->out, r->content_buf);   /* its chains, not a copy */
		r->content_buf = NULL;
		return;
	}
	if (r->content && strcmp(nd->str, TPL_CONTENT) == 0) {
		t = r->content;
		r->content = NULL;       /* the page cannot include itself */
	} else {
		t = set_find(r->set, nd->str);
	}
	if (t) {
		r->partial_depth++;
		render_nodes(r, &t->body);
		r->partial_depth--;
	}
	r->content = saved;
}

/* {{*name}} in a shared rendering: notes where it goes and its context stack, renders
 * nothing (tpl_fill_hole renders it later, for one reader). */
static void hole_open(struct render *r, const struct node *nd)
{
	const struct tpl *t = set_find(r->set, nd->str);
	if (!t)
		return;
	struct tpl_holes *h = r->holes;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->v = xrealloc(h->v, h->cap * sizeof *h->v);
	}
	struct tpl_hole *hole = &h->v[h->n++];
	hole->offset = evbuffer_get_length(r->out);
	hole->tpl = t;
	hole->set = r->set;
	hole->depth = r->depth;
	hole->stack = xmalloc((r->depth ? r->depth : 1) * sizeof *hole->stack);
	for (size_t i = 0; i < r->depth; i++)
		hole->stack[i] = json_incref(r->stack[i]);
}

static void render_nodes(struct render *r, const struct nodes *list)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct node *nd = &list->v[i];
		json_t *v;
		switch (nd->kind) {
		case NODE_TEXT:
			evbuffer_add(r->out, nd->str, nd->len);
			break;
		case NODE_VAR:
		case NODE_RAW:
			if ((v = ctx_lookup(r, nd)))
				put_value(r->out, v, nd->kind == NODE_RAW);
			break;
		case NODE_SECTION:
		case NODE_INVERTED:
			render_section(r, nd);
			break;
		case NODE_PARTIAL:
			render_partial(r, nd);
			break;
		case NODE_HOLE:
			if (r->holes)
				hole_open(r, nd);
			else
				render_partial(r, nd);
			break;
		}
	}
}

/* Renders t with ctx; the render state is large, so it lives on the heap. */
static struct render *render_new(const struct tplset *set, const struct tpl *content,
                                  struct evbuffer *out)
{
	struct render *r = xmalloc(sizeof *r);   /* the stack is written before it is read */
	r->out = out;
	r->set = set;
	r->content = content;
	r->depth = 0;
	r->partial_depth = 0;
	r->holes = NULL;
	r->content_buf = NULL;
	return r;
}

/* Renders t with ctx on the render state r (render_new's, set up), then frees r. */
static void render_run(struct render *r, const struct tpl *t, json_t *ctx)
{
	if (ctx)
		ctx_push(r, ctx);
	render_nodes(r, &t->body);
	free(r);
}

static void render_tpl(const struct tplset *set, const struct tpl *t, const struct tpl *content,
                       json_t *ctx, struct evbuffer *out)
{
	render_run(render_new(set, content, out), t, ctx);
}

/* ---------------------------------------------------------------- the public interface */

/* Checks that every {{>name}} in `list` names a template of `set` (or is {{>content}}).
 * Returns 0, or -1 after printing the first unknown one. */
static int check_partials(const struct tplset *set, const struct tpl *t, const struct nodes *list)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct node *nd = &list->v[i];
		if ((nd->kind == NODE_PARTIAL || nd->kind == NODE_HOLE) &&
		    strcmp(nd->str, TPL_CONTENT) != 0 &&
		    !set_find(set, nd->str)) {
			fprintf(stderr, "template %s: line %d: unknown partial \"%s\"\n",
			        t->name, nd->line, nd->str);
			return -1;
		}
		if (check_partials(set, t, &nd->body) < 0)
			return -1;
	}
	return 0;
}

/* tpl_init on any table; tests use it with tables of their own. */
int tpl_init_table(const struct asset *table);

int tpl_init_table(const struct asset *table)
{
	struct tplset set = { 0 };
	size_t count = 0, slen = strlen(TPL_SUFFIX);
	char err[TPL_ERR_BYTES];

	tpl_free_all();
	for (const struct asset *a = table; a->name; a++)
		count++;
	set.v = xcalloc(count, sizeof *set.v);
	for (const struct asset *a = table; a->name; a++) {
		size_t nlen = strlen(a->name);
		if (nlen <= slen || strcmp(a->name + nlen - slen, TPL_SUFFIX) != 0)
			continue;
		struct tpl *t = &set.v[set.n++];
		t->name = xstrndup(a->name, nlen - slen);
		if (tpl_compile(t, (const char *)a->data, a->len, err, sizeof err) < 0) {
			fprintf(stderr, "%s\n", err);
			set_free(&set);
			return -1;
		}
	}
	if (set.n > 0)
		qsort(set.v, set.n, sizeof *set.v, tpl_cmp);
	for (size_t i = 0; i < set.n; i++) {
		if (check_partials(&set, &set.v[i], &set.v[i].body) < 0) {
			set_free(&set);
			return -1;
		}
	}
	g_set = set;
	return 0;
}

int tpl_init(void)
{
	return tpl_init_table(asset_templates);
}

void tpl_free_all(void)
{
	set_free(&g_set);
}

int tpl_render(const char *name, json_t *ctx, struct evbuffer *out)
{
	const struct tpl *t = set_find(&g_set, name);
	if (!t)
		return -1;
	render_tpl(&g_set, t, NULL, ctx, out);
	return 0;
}

int tpl_render_page(const char *layout, const char *page, json_t *ctx, struct evbuffer *out)
{
	const struct tpl *tl = set_find(&g_set, layout);
	const struct tpl *tp = set_find(&g_set, page);
	if (!tl || !tp)
		return -1;
	render_tpl(&g_set, tl, tp, ctx, out);
	return 0;
}

int tpl_render_layout(const char *layout, json_t *ctx, struct evbuffer *content,
                      struct evbuffer *out)
{
	const struct tpl *tl = set_find(&g_set, layout);
	if (!tl)
		return -1;
	struct render *r = render_new(&g_set, NULL, out);
	r->content_buf = content;
	render_run(r, tl, ctx);
	return 0;
}

int tpl_render_shared(const char *name, json_t *ctx, struct evbuffer *out,
                      struct tpl_holes *holes)
{
	const struct tpl *t = set_find(&g_set, name);
	if (!t)
		return -1;
	struct render *r = render_new(&g_set, NULL, out);
	r->holes = holes;
	render_run(r, t, ctx);
	return 0;
}

/* Renders hole h for a reader (see tpl_fill_hole), leaving its own holes open when holes
 * is not NULL. */
static void fill_hole(const struct tpl_hole *h, json_t *outer, json_t *inner,
                      struct evbuffer *out, struct tpl_holes *holes)
{
	struct render *r = render_new(h->set, NULL, out);
	r->holes = holes;
	for (size_t i = 0; i < h->depth; i++) {
		ctx_push(r, h->stack[i]);
		if (i == 0 && outer)
			ctx_push(r, outer);
	}
	if (inner)
		ctx_push(r, inner);
	r->partial_depth = 1;
	render_nodes(r, &h->tpl->body);
	free(r);
}

void tpl_fill_hole(const struct tpl_hole *h, json_t *outer, json_t *inner, struct evbuffer *out)
{
	fill_hole(h, outer, inner, out, NULL);
}

void tpl_fill_hole_shared(const struct tpl_hole *h, json_t *outer, json_t *inner,
                          struct evbuffer *out, struct tpl_holes *holes)
{
	fill_hole(h, outer, inner, out, holes);
}

const char *tpl_hole_name(const struct tpl_hole *h)
{
	return h->tpl->name;
}

json_t *tpl_hole_item(const struct tpl_hole *h)
{
	return h->depth ? h->stack[h->depth - 1] : NULL;
}

void tpl_holes_free(struct tpl_holes *h)
{
	for (size_t i = 0; i < h->n; i++) {
		for (size_t k = 0; k < h->v[i].depth; k++)
			json_decref(h->v[i].stack[k]);
		free(h->v[i].stack);
	}
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

/* Compiles the partials given as {"name": "source", ...} into a sorted set. */
static int compile_partials(struct tplset *set, json_t *partials, char *errbuf, size_t errlen)
{
	const char *name;
	json_t *src;

	if (!partials)
		return 0;
	if (!json_is_object(partials)) {
		snprintf(errbuf, errlen, "partials must be a JSON object");
		return -1;
	}
	set->v = xcalloc(json_object_size(partials), sizeof *set->v);
	json_object_foreach(partials, name, src) {
		struct tpl *t = &set->v[set->n++];
		t->name = xstrdup(name);
		if (!json_is_string(src)) {
			snprintf(errbuf, errlen, "template %s: line 1: source is not a string", name);
			return -1;
		}
		if (tpl_compile(t, json_string_value(src), json_string_length(src), errbuf, errlen) < 0)
			return -1;
	}
	if (set->n > 0)
		qsort(set->v, set->n, sizeof *set->v, tpl_cmp);
	return 0;
}

int tpl_render_string(const char *src, json_t *ctx, json_t *partials,
                      struct evbuffer *out, char *errbuf, size_t errlen)
{
	struct tplset set = { 0 };
	struct tpl t = { .name = "string" };
	int rc = -1;

	if (errlen > 0)
		errbuf[0] = '\0';
	if (compile_partials(&set, partials, errbuf, errlen) == 0 &&
	    tpl_compile(&t, src, strlen(src), errbuf, errlen) == 0) {
		render_tpl(&set, &t, NULL, ctx, out);
		rc = 0;
	}
	nodes_free(&t.body);
	set_free(&set);
	return rc;
}
