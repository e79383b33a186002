/* atom.h: the one Atom 1.0 writer behind every feed (feed.c, curated.c): begin a feed, add
 * its entries, end it (which answers the request). Every text is escaped (valid XML). */
#ifndef FORUMD_ATOM_H
#define FORUMD_ATOM_H
#include <stdint.h>
#include <time.h>
#include <event2/buffer.h>
#include "request.h"

#define ATOM_ORIGIN_BYTES 320   /* "https://" + a Host header of under 200 bytes */

struct atom {
	struct request *r;
	struct evbuffer *entries;
	char origin[ATOM_ORIGIN_BYTES];   /* for absolute links: scheme://host[:port] */
	time_t newest;                    /* the latest entry's <updated>: the feed's own */
};

/* Starts a feed answering r. The origin is the Host header when it is a plain host[:port],
 * else the configured listen address. Pair with atom_end or atom_abort. */
void atom_begin(struct atom *a, struct request *r);

/* Appends one entry about the thread thread_id (its id and link are ORIGIN/d/ID). `author`
 * is the byline's name; `html` is the content, escaped here as Atom's type="html" asks. */
void atom_entry(struct atom *a, int64_t thread_id, const char *title, time_t published,
                time_t updated, const char *author, const char *html);

/* The same for any page: the entry's link is ORIGIN+path and its id ORIGIN+id (a path
 * naming this entry for good). */
void atom_entry_at(struct atom *a, const char *path, const char *id, const char *title,
                   time_t published, time_t updated, const char *author, const char *html);

/* Writes the feed's head (title; self link ORIGIN+self_path, which is also its id; alternate
 * link ORIGIN+alternate_path; updated: the newest entry; author: the site's name) and the
 * entries, answers 200 application/atom+xml, and frees the writer. */
void atom_end(struct atom *a, const char *title, const char *self_path, const char *alternate_path);

/* Frees the writer without answering (the caller answers an error). */
void atom_abort(struct atom *a);
#endif
