/* atom.c: the Atom 1.0 writer shared by the feeds (see atom.h). */
#include "atom.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "limits.h"
#include "timefmt.h"

/* The site's origin for absolute links: a plain Host header, else the listen address. */
static void site_origin(struct request *r, char *out, size_t outlen)
{
	const char *host = req_header(r, "Host");
	bool ok = host && *host && strlen(host) < 200;
	for (const char *p = host; ok && *p; p++)
		ok = isalnum((unsigned char)*p) || strchr(".-:[]", *p);
	const struct config *cfg = r->worker ? r->worker->cfg : NULL;
	if (ok)
		snprintf(out, outlen, "%s://%s", cfg && cfg->tls ? "https" : "http", host);
	else if (cfg)
		snprintf(out, outlen, "http://%s:%d", cfg->listen_host, cfg->listen_port);
	else
		snprintf(out, outlen, "http://localhost");
}

/* <tag>text escaped</tag> and a newline. */
static void add_text(struct evbuffer *b, const char *tag, const char *text)
{
	evbuffer_add_printf(b, "<%s>", tag);
	html_escape(b, text, strlen(text));
	evbuffer_add_printf(b, "</%s>\n", tag);
}

void atom_begin(struct atom *a, struct request *r)
{
	a->r = r;
	a->entries = evbuffer_new();
	a->newest = 0;
	site_origin(r, a->origin, sizeof a->origin);
}

void atom_entry_at(struct atom *a, const char *path, const char *id, const char *title,
                   time_t published, time_t updated, const char *author, const char *html)
{
	struct evbuffer *b = a->entries;
	char published_iso[TIME_ISO_LEN], updated_iso[TIME_ISO_LEN];
	time_iso(published_iso, published);
	time_iso(updated_iso, updated);
	a->newest = updated > a->newest ? updated : a->newest;
	evbuffer_add_printf(b, "<entry>\n<id>%s", a->origin);
	html_escape(b, id, strlen(id));
	evbuffer_add(b, "</id>\n", 6);
	add_text(b, "title", title);
	evbuffer_add_printf(b, "<link rel=\"alternate\" type=\"text/html\" href=\"%s", a->origin);
	html_escape(b, path, strlen(path));
	evbuffer_add_printf(b, "\"/>\n<published>%s</published>\n<updated>%s</updated>\n",
	                    published_iso, updated_iso);
	evbuffer_add(b, "<author>", 8);
	add_text(b, "name", author);
	evbuffer_add(b, "</author>\n<content type=\"html\">", 31);
	html_escape(b, html, strlen(html));
	evbuffer_add(b, "</content>\n</entry>\n", 20);
}

void atom_entry(struct atom *a, int64_t thread_id, const char *title, time_t published,
                time_t updated, const char *author, const char *html)
{
	char path[40];
	snprintf(path, sizeof path, "/d/%" PRId64, thread_id);
	atom_entry_at(a, path, path, title, published, updated, author, html);
}

void atom_end(struct atom *a, const char *title, const char *self_path, const char *alternate_path)
{
	struct request *r = a->r;
	char newest[TIME_ISO_LEN];
	time_iso(newest, a->newest);
	struct evbuffer *b = evbuffer_new();
	evbuffer_add_printf(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>%s%s</id>\n",
	                    a->origin, self_path);
	add_text(b, "title", title);
	evbuffer_add_printf(b, "<link rel=\"self\" type=\"application/atom+xml\" href=\"%s%s\"/>\n"
	                    "<link rel=\"alternate\" type=\"text/html\" href=\"%s%s\"/>\n"
	                    "<updated>%s</updated>\n<author>", a->origin, self_path, a->origin,
	                    alternate_path, newest);
	add_text(b, "name", r->worker ? r->worker->cfg->site_name : DEFAULT_SITE_NAME);
	evbuffer_add(b, "</author>\n", 10);
	add_text(b, "generator", "forumd");
	evbuffer_add_buffer(b, a->entries);
	evbuffer_add(b, "</feed>\n", 8);
	atom_abort(a);
	size_t len = evbuffer_get_length(b);
	respond_body(r, 200, "application/atom+xml; charset=utf-8", evbuffer_pullup(b, -1), len);
	evbuffer_free(b);
}

void atom_abort(struct atom *a)
{
	if (a->entries)
		evbuffer_free(a->entries);
	a->entries = NULL;
}
