/* markdown.c: CommonMark to HTML with cmark in safe mode, links made inert or rel'd; and
 * to plain text. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L  /* strncasecmp */
#endif
#include "markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mem.h"

#define LINK_OPEN      "<a href=\""
#define LINK_OPEN_REL  "<a rel=\"nofollow ugc noopener\" href=\""

/* Growable array of nodes collected during one walk of the tree. */
struct node_list {
	cmark_node **items;
	size_t count, capacity;
};

static void list_push(struct node_list *l, cmark_node *n)
{
	if (l->count == l->capacity) {
		l->capacity = l->capacity ? l->capacity * 2 : 16;
		l->items = xrealloc(l->items, l->capacity * sizeof *l->items);
	}
	l->items[l->count++] = n;
}

/* True when `url` is relative or uses http, https or mailto. Everything else (javascript:,
 * vbscript:, data:, file:, unknown schemes) is refused, and so is any control character,
 * which browsers strip and could hide a scheme behind. cmark has already decoded entities. */
static int url_allowed(const char *url)
{
	for (const unsigned char *c = (const unsigned char *)url; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return 0;
	const char *p = url;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	if (*p != ':')
		return *url != '\0';   /* no scheme: a relative link (empty is useless) */
	size_t n = (size_t)(p - url);
	return (n == 4 && strncasecmp(url, "http", 4) == 0) ||
	       (n == 5 && strncasecmp(url, "https", 5) == 0) ||
	       (n == 6 && strncasecmp(url, "mailto", 6) == 0);
}

/* Replaces `node` by its children (keeps the text, drops the link or image). */
static void unwrap(cmark_node *node)
{
	cmark_node *child;
	while ((child = cmark_node_first_child(node)) != NULL)
		cmark_node_insert_before(node, child);
	cmark_node_free(node);
}

static int inside_link(cmark_node *node)
{
	for (cmark_node *p = cmark_node_parent(node); p; p = cmark_node_parent(p))
		if (cmark_node_get_type(p) == CMARK_NODE_LINK)
			return 1;
	return 0;
}

/* Turns an image into a link to it (alt text, or the URL, as its text): the page's CSP
 * allows no foreign images, and loading one would tell its host who reads the forum.
 * An image inside a link becomes its alt text. Returns the new link, or NULL. */
static cmark_node *image_to_link(cmark_node *image)
{
	if (inside_link(image)) {
		unwrap(image);
		return NULL;
	}
	const char *url = cmark_node_get_url(image);
	cmark_node *link = cmark_node_new(CMARK_NODE_LINK);
	cmark_node_set_url(link, url ? url : "");
	cmark_node_set_title(link, cmark_node_get_title(image));
	cmark_node *child;
	while ((child = cmark_node_first_child(image)) != NULL)
		cmark_node_append_child(link, child);
	if (!cmark_node_first_child(link)) {
		cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
		cmark_node_set_literal(text, url ? url : "");
		cmark_node_append_child(link, text);
	}
	cmark_node_insert_before(image, link);
	cmark_node_free(image);
	return link;
}

/* Rewrites the tree: images become links; links with a refused URL, and links nested in
 * another link (an image description may hold one), become plain text. */
static void sanitize_tree(cmark_node *doc)
{
	struct node_list links = { 0 }, images = { 0 };
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		if (cmark_node_get_type(n) == CMARK_NODE_LINK)
			list_push(&links, n);
		else if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
			list_push(&images, n);
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < images.count; i++) {
		cmark_node *link = image_to_link(images.items[i]);
		if (link)
			list_push(&links, link);
	}
	for (size_t i = 0; i < links.count; i++) {
		const char *url = cmark_node_get_url(links.items[i]);
		if (!url || !url_allowed(url) || inside_link(links.items[i]))
			unwrap(links.items[i]);
	}
	free(links.items);
	free(images.items);
}

/* Copies cmark's HTML, adding rel to each anchor. In safe mode raw HTML is omitted and
 * all text is escaped, so the literal `<a href="` only ever starts a link cmark made. */
static char *add_rel(const char *html)
{
	size_t n = 0;
	for (const char *p = html; (p = strstr(p, LINK_OPEN)) != NULL; p += strlen(LINK_OPEN))
		n++;
	size_t extra = n * (strlen(LINK_OPEN_REL) - strlen(LINK_OPEN));
	char *out = xmalloc(strlen(html) + extra + 1), *o = out;
	const char *p = html, *hit;
	while ((hit = strstr(p, LINK_OPEN)) != NULL) {
		memcpy(o, p, (size_t)(hit - p));
		o += hit - p;
		memcpy(o, LINK_OPEN_REL, strlen(LINK_OPEN_REL));
		o += strlen(LINK_OPEN_REL);
		p = hit + strlen(LINK_OPEN);
	}
	strcpy(o, p);
	return out;
}

char *markdown_to_html(const char *md, size_t len)
{
	int options = CMARK_OPT_SAFE | CMARK_OPT_VALIDATE_UTF8;
	cmark_node *doc = cmark_parse_document(md ? md : "", md ? len : 0, options);
	if (!doc)
		return xstrdup("");
	sanitize_tree(doc);
	char *html = cmark_render_html(doc, options);
	cmark_node_free(doc);
	if (!html)
		return xstrdup("");
	char *out = add_rel(html);
	free(html);
	return out;
}

/* Plain text under construction. */
struct plain {
	char *s;
	size_t len, cap;
};

/* Appends text, line breaks made spaces and runs of spaces one. */
static void plain_add(struct plain *p, const char *text)
{
	size_t n = strlen(text);
	if (p->len + n + 1 > p->cap) {
		p->cap = (p->len + n + 1) * 2;
		p->s = xrealloc(p->s, p->cap);
	}
	for (size_t i = 0; i < n; i++) {
		char c = text[i] == '\n' || text[i] == '\r' || text[i] == '\t' ? ' ' : text[i];
		if (c != ' ' || (p->len > 0 && p->s[p->len - 1] != ' '))
			p->s[p->len++] = c;
	}
	p->s[p->len] = '\0';
}

/* Nodes whose end separates words: the text after them is a new block. */
static int ends_words(cmark_node_type t)
{
	return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_ITEM ||
	       t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK;
}

char *markdown_to_plain(const char *md, size_t len)
{
	cmark_node *doc = cmark_parse_document(md ? md : "", md ? len : 0, CMARK_OPT_VALIDATE_UTF8);
	struct plain p = { xmalloc(len + 16), 0, len + 16 };
	p.s[0] = '\0';
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			plain_add(&p, cmark_node_get_literal(node));
		else if (t == CMARK_NODE_CODE_BLOCK) {
			plain_add(&p, cmark_node_get_literal(node));
			plain_add(&p, " ");
		} else if (ends_words(t) && (ev == CMARK_EVENT_EXIT || cmark_node_first_child(node) == NULL))
			plain_add(&p, " ");
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	while (p.len > 0 && p.s[p.len - 1] == ' ')
		p.s[--p.len] = '\0';
	return p.s;
}
