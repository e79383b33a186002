/* threadshared.c: GET /d/:id, and a worker's shared renderings of thread pages as any
 * member sees them, with the assembly of one reader's page from one (see threadshared.h).
 *
 * A shared rendering is good while the database stays at the generation it was read at and
 * its "N ago" texts still read true, as for the anonymous page cache (pagecache.h). Kept per
 * worker thread, used only on it: no locks. At most THREAD_SHARED_PAGES of them within
 * THREAD_SHARED_BYTES (counted as SHARED_COST times the rendered bytes, for the model they
 * keep, plus their posts' authors); a page costing more than an eighth of that is not kept (its readers get the page
 * rendered whole). A new generation drops them all; the least recently used goes first. */
#include "threadshared.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <sodium.h>

#include "authorship.h"
#include "forum_handlers.h"
#include "text.h"
#include "limits.h"
#include "mem.h"
#include "membermemo.h"
#include "modview.h"
#include "postview.h"
#include "session.h"
#include "template.h"
#include "thread.h"
#include "timefmt.h"

/* Every post of the thread, held ones too, with who wrote it: the kept page answers "is
 * this post the reader's" without a query. */
static const char SQL_THREAD_AUTHORS[] =
	"SELECT id, kind = 'dilemma', state = 'held', member_id, author_tag"
	"  FROM posts WHERE thread_id = ?1 ORDER BY id";
/* The reader's votes among post ids lo..hi (the thread's posts and others'; the kept
 * authors tell them apart): one range of helpful_votes_member, whose entries are
 * (member_id, post_id) (the index is on member_id; post_id is the table's key, and it is
 * WITHOUT ROWID). */
static const char SQL_READER_VOTES[] =
	"SELECT post_id FROM helpful_votes WHERE member_id = ?1 AND post_id BETWEEN ?2 AND ?3";
/* The reader's flags among post ids lo..hi (flags_member: few per member) */
static const char SQL_READER_FLAGS[] =
	"SELECT post_id FROM flags WHERE member_id = ?1 AND post_id BETWEEN ?2 AND ?3";

/* What a kept page costs per rendered byte: the bytes, its posts' actions and the model
 * its holes hold (measured on a 30-reply thread: about 2.5). */
#define SHARED_COST 3

/* "ID SORT SPECIALTY": the parameters the page reads, never the raw query. */
#define SHARED_KEY_BYTES 128

/* A post's actions as every reader sees them who has no relation to the post (not theirs,
 * not voted, not the asker), with the reader's token left open (partials/csrf_field). */
struct generic_part {
	struct evbuffer *bytes;
	struct tpl_holes holes;
};

/* A post of the thread and its author, as the database has them (server memory only). */
struct page_author {
	int64_t id, member;        /* member 0: anonymous (tagged), or a closed account's */
	unsigned char tag[AUTHOR_TAG_BYTES];
	bool tagged, dilemma, held;
};

/* The bytes every member sees, held by the kept page and by each answer still being sent
 * that refers to them (evbuffer_add_reference: long spans go out without a copy). Counted
 * on the worker thread alone: answers are sent and freed on the worker's loop. */
struct shared_bytes {
	unsigned refs;
	size_t len;
	char data[];
};

struct shared_page {
	char key[SHARED_KEY_BYTES];
	time_t expires;
	uint64_t used;             /* the LRU clock when last served */
	json_t *model;             /* the model rendered (the holes hold parts of it) */
	struct shared_bytes *bytes;    /* what every member sees, with the holes left open */
	struct tpl_holes holes;
	struct generic_part *generic;  /* one per hole; bytes NULL but for post actions */
	struct page_author *authors;   /* every post of the thread, by id */
	size_t nauthors;
	size_t cost;               /* what it counts against THREAD_SHARED_BYTES */
	bool locked;
};

struct shared_pages {
	struct shared_page v[THREAD_SHARED_PAGES];
	size_t n;
	size_t cost;               /* the kept pages' cost in all */
	uint64_t clock;
	struct db_generation gen;  /* the one generation every kept page was read at */
};

static _Thread_local struct shared_pages *pages;

/* The reader's own posts and votes in the thread (the rest are as the shared page says). */
struct reader_post {
	int64_t id;
	bool own, voted, flagged;
};
struct reader_posts {
	struct reader_post *v;
	size_t n;
	bool thread_own;
	bool any_own;              /* the reader wrote a post here */
};

/* Spans at least this long go out by reference; shorter ones are copied (a reference costs
 * a chain of its own). */
#define SHARED_REF_MIN 1024

static void shared_bytes_unref(struct shared_bytes *b)
{
	if (b && --b->refs == 0)
		free(b);
}

static void shared_bytes_release(const void *data, size_t len, void *arg)
{
	(void)data, (void)len;
	shared_bytes_unref(arg);
}

/* A block holding what `from` holds (one reference: the kept page's). */
static struct shared_bytes *shared_bytes_of(struct evbuffer *from)
{
	size_t len = evbuffer_get_length(from);
	struct shared_bytes *b = xmalloc(sizeof *b + len);
	b->refs = 1;
	b->len = len;
	evbuffer_remove(from, b->data, len);
	return b;
}

static bool is_reply_form(const struct tpl_hole *h)
{
	return strcmp(tpl_hole_name(h), "partials/reply_form") == 0;
}

static bool is_post_actions(const struct tpl_hole *h)
{
	return strcmp(tpl_hole_name(h), "partials/post_actions") == 0;
}

static void page_clear(struct shared_page *pg)
{
	for (size_t i = 0; pg->generic && i < pg->holes.n; i++) {
		if (pg->generic[i].bytes)
			evbuffer_free(pg->generic[i].bytes);
		tpl_holes_free(&pg->generic[i].holes);
	}
	free(pg->generic);
	free(pg->authors);
	json_decref(pg->model);
	shared_bytes_unref(pg->bytes);
	tpl_holes_free(&pg->holes);
	memset(pg, 0, sizeof *pg);
}

static void pages_drop_all(void)
{
	for (size_t i = 0; i < pages->n; i++)
		page_clear(&pages->v[i]);
	pages->n = 0;
	pages->cost = 0;
}

/* Drops kept page i (the last one takes its place). */
static void pages_drop(size_t i)
{
	pages->cost -= pages->v[i].cost;
	page_clear(&pages->v[i]);
	pages->v[i] = pages->v[--pages->n];
	memset(&pages->v[pages->n], 0, sizeof pages->v[pages->n]);
}

void thread_shared_worker_stop(void)
{
	if (!pages)
		return;
	pages_drop_all();
	free(pages);
	pages = NULL;
}

/* The kept page for key, good at gen and now, or NULL. */
static struct shared_page *pages_find(const char *key, const struct db_generation *gen,
                                      time_t now)
{
	if (!pages)
		pages = xcalloc(1, sizeof *pages);
	if (!db_generation_same(&pages->gen, gen)) {
		pages_drop_all();
		pages->gen = *gen;
	}
	for (size_t i = 0; i < pages->n; i++) {
		struct shared_page *pg = &pages->v[i];
		if (strcmp(pg->key, key) != 0)
			continue;
		if (now >= pg->expires) {
			pages_drop(i);
			return NULL;
		}
		pg->used = ++pages->clock;
		return pg;
	}
	return NULL;
}

/* A free slot with room for cost: the least recently used pages dropped until there is. */
static struct shared_page *pages_slot(size_t cost)
{
	while (pages->n > 0 &&
	       (pages->n == THREAD_SHARED_PAGES || pages->cost + cost > THREAD_SHARED_BYTES)) {
		size_t old = 0;
		for (size_t i = 1; i < pages->n; i++)
			if (pages->v[i].used < pages->v[old].used)
				old = i;
		pages_drop(old);
	}
	pages->cost += cost;
	return &pages->v[pages->n++];
}

/* What keeping pg would cost (SHARED_COST per rendered byte, and its authors). */
static size_t page_cost(const struct shared_page *pg)
{
	size_t bytes = pg->bytes->len;
	for (size_t i = 0; i < pg->holes.n; i++)
		if (pg->generic[i].bytes)
			bytes += evbuffer_get_length(pg->generic[i].bytes);
	return bytes * SHARED_COST + pg->nauthors * sizeof *pg->authors;
}

/* Loads every post of the thread with its author into pg. Returns 0, or -1 on a database
 * error. */
static int authors_load(struct db *db, int64_t thread_id, struct shared_page *pg)
{
	sqlite3_stmt *st = db_stmt(db, SQL_THREAD_AUTHORS);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, thread_id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (pg->nauthors == cap)
			pg->authors = xrealloc(pg->authors, (cap = cap ? cap * 2 : 32) * sizeof *pg->authors);
		struct page_author *a = &pg->authors[pg->nauthors++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(st, 0);
		a->dilemma = sqlite3_column_int(st, 1);
		a->held = sqlite3_column_int(st, 2);
		a->member = sqlite3_column_int64(st, 3);
		a->tagged = sqlite3_column_bytes(st, 4) == AUTHOR_TAG_BYTES;
		if (a->tagged)
			memcpy(a->tag, sqlite3_column_blob(st, 4), AUTHOR_TAG_BYTES);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Renders each post's actions as a reader with no relation to it sees them. */
static void generic_parts(struct shared_page *pg)
{
	json_t *outer = json_pack("{s:b}", "reply_form", !pg->locked);
	pg->generic = xcalloc(pg->holes.n ? pg->holes.n : 1, sizeof *pg->generic);
	for (size_t i = 0; i < pg->holes.n; i++) {
		if (!is_post_actions(&pg->holes.v[i]))
			continue;
		pg->generic[i].bytes = evbuffer_new();
		tpl_fill_hole_shared(&pg->holes.v[i], outer, NULL, pg->generic[i].bytes,
		                     &pg->generic[i].holes);
	}
	json_decref(outer);
}

/* Renders and keeps the page every member sees. NULL when such a member may not see it (a
 * held thread, a bad parameter: the whole rendering answers those) or it is too large to
 * keep. */
static struct shared_page *page_build(struct request *r, int64_t thread_id, const char *key,
                                      time_t now)
{
	struct shared_page built = { 0 };
	time_watch_start(&built);
	built.model = thread_shared_model(r, thread_id, &built.locked);
	if (built.model && authors_load(r->db, thread_id, &built) != 0) {
		json_decref(built.model);
		built.model = NULL;
	}
	if (built.model) {
		struct evbuffer *rendered = evbuffer_new();
		tpl_render_shared("thread", built.model, rendered, &built.holes);
		built.bytes = shared_bytes_of(rendered);
		evbuffer_free(rendered);
		generic_parts(&built);
	}
	time_t until = time_watch_end(&built);
	if (!built.model || until <= now || page_cost(&built) > THREAD_SHARED_BYTES / 8) {
		page_clear(&built);
		return NULL;
	}
	built.cost = page_cost(&built);
	struct shared_page *pg = pages_slot(built.cost);
	*pg = built;
	snprintf(pg->key, sizeof pg->key, "%s", key);
	pg->expires = until;
	pg->used = ++pages->clock;
	return pg;
}

static struct reader_post *reader_post(const struct reader_posts *rp, int64_t id);

static struct page_author *author_find(const struct shared_page *pg, int64_t id)
{
	size_t lo = 0, hi = pg->nauthors;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pg->authors[mid].id == id)
			return &pg->authors[mid];
		if (pg->authors[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void reader_post_add(struct reader_posts *rp, size_t *cap, struct reader_post p)
{
	if (rp->n == *cap)
		rp->v = xrealloc(rp->v, (*cap = *cap ? *cap * 2 : 8) * sizeof *rp->v);
	rp->v[rp->n++] = p;
}

/* The reader's votes (or flags) among the kept page's posts, by sql over their id range.
 * Returns 0, or 1 on a database error. */
static int reader_marks_load(struct db *db, const struct shared_page *pg, const char *sql,
                             int64_t reader, struct reader_posts *rp, size_t *cap, bool flags)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	if (!st)
		return 1;
	sqlite3_bind_int64(st, 1, reader);
	sqlite3_bind_int64(st, 2, pg->authors[0].id);
	sqlite3_bind_int64(st, 3, pg->authors[pg->nauthors - 1].id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (!author_find(pg, id))
			continue;
		struct reader_post *mine = reader_post(rp, id);
		if (!mine) {
			reader_post_add(rp, cap, (struct reader_post){ id, false, false, false });
			mine = &rp->v[rp->n - 1];
		}
		if (flags)
			mine->flagged = true;
		else
			mine->voted = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : 1;
}

/* Works out the reader's relation to the kept page's posts: theirs from the kept authors,
 * their votes and flags with a query each. Returns 0; 1 when a post of theirs waits for review (the
 * shared page does not show it), on a database error, or without authors or keys (the
 * page is then rendered whole). */
static int reader_posts_load(struct db *db, const struct shared_page *pg, int64_t thread_id,
                             int64_t reader, struct reader_posts *rp)
{
	unsigned char tag[AUTHOR_TAG_BYTES];
	if (pg->nauthors == 0 || author_tag_of(reader, thread_id, tag) != 0)
		return 1;
	size_t cap = 0;
	for (size_t i = 0; i < pg->nauthors; i++) {
		const struct page_author *a = &pg->authors[i];
		if (a->member != reader && !(a->tagged && sodium_memcmp(a->tag, tag, sizeof tag) == 0))
			continue;
		if (a->held)
			return 1;
		rp->thread_own |= a->dilemma;
		rp->any_own = true;
		reader_post_add(rp, &cap, (struct reader_post){ a->id, true, false, false });
	}
	return reader_marks_load(db, pg, SQL_READER_VOTES, reader, rp, &cap, false) ||
	       reader_marks_load(db, pg, SQL_READER_FLAGS, reader, rp, &cap, true);
}

static struct reader_post *reader_post(const struct reader_posts *rp, int64_t id)
{
	for (size_t i = 0; i < rp->n; i++)
		if (rp->v[i].id == id)
			return &rp->v[i];
	return NULL;
}

/* The reader's values for one post's actions, or NULL when they are the shared ones (not
 * theirs, not voted or flagged, and not theirs to mark as the asker). */
static json_t *post_overlay(json_t *post, const struct reader_posts *rp)
{
	const struct reader_post *mine = reader_post(rp, json_integer_value(json_object_get(post, "id")));
	if (!mine && !rp->thread_own)
		return NULL;
	bool own = mine && mine->own, voted = mine && mine->voted;
	bool reply = strcmp(json_string_value(json_object_get(post, "kind")) ?: "", "reply") == 0;
	bool removed = json_is_true(json_object_get(post, "removed"));
	bool hidden = json_is_true(json_object_get(post, "mod_removed"));
	return json_pack("{s:o, s:b, s:b}",
	    "actions", post_viewer_flags(true, reply, own, removed, voted, rp->thread_own),
	    "can_flag", moderation_can_flag(true, own, hidden, false),
	    "reader_flagged", mine && mine->flagged);
}

/* Copies [from, to) of buffer b's bytes (pulled up) to out. */
static void copy_span(struct evbuffer *out, const char *b, size_t from, size_t to)
{
	evbuffer_add(out, b + from, to - from);
}

/* A post's generic actions with the reader's token in each of its holes. *field holds what
 * the token field renders to, made at its first use on the page (it reads only the reader's
 * token, the same in every post). */
static void generic_fill(const struct generic_part *g, json_t *outer, struct evbuffer **field,
                         struct evbuffer *out)
{
	const char *b = (const char *)evbuffer_pullup(g->bytes, -1);
	size_t at = 0;
	for (size_t i = 0; i < g->holes.n; i++) {
		const struct tpl_hole *h = &g->holes.v[i];
		copy_span(out, b, at, h->offset);
		at = h->offset;
		if (strcmp(tpl_hole_name(h), "partials/csrf_field") != 0) {
			tpl_fill_hole(h, outer, NULL, out);
			continue;
		}
		if (!*field) {
			*field = evbuffer_new();
			tpl_fill_hole(h, outer, NULL, *field);
		}
		evbuffer_add(out, evbuffer_pullup(*field, -1), evbuffer_get_length(*field));
	}
	copy_span(out, b, at, evbuffer_get_length(g->bytes));
}

/* Adds [from, to) of the kept page's bytes to out: by reference when long. */
static void shared_span(struct evbuffer *out, struct shared_bytes *b, size_t from, size_t to)
{
	if (to - from < SHARED_REF_MIN) {
		evbuffer_add(out, b->data + from, to - from);
		return;
	}
	b->refs++;
	if (evbuffer_add_reference(out, b->data + from, to - from, shared_bytes_release, b) != 0) {
		b->refs--;
		evbuffer_add(out, b->data + from, to - from);
	}
}

/* The reader's reply form: the bytes kept from an earlier page (form->html set), or
 * rendered now into form->made. */
struct form_part {
	json_t *kept;              /* a reference to the kept string, or NULL */
	const char *html;
	size_t len;
	struct evbuffer *made;
};

static void form_fill(const struct tpl_hole *h, json_t *outer, struct form_part *form,
                      struct evbuffer *out)
{
	if (form->html) {
		evbuffer_add(out, form->html, form->len);
		return;
	}
	form->made = evbuffer_new();
	tpl_fill_hole(h, outer, NULL, form->made);
	evbuffer_add(out, evbuffer_pullup(form->made, -1), evbuffer_get_length(form->made));
}

/* The page's content for the reader: the shared bytes with each hole filled. */
static struct evbuffer *page_fill(const struct shared_page *pg, json_t *outer,
                                  const struct reader_posts *rp, struct form_part *form)
{
	struct evbuffer *out = evbuffer_new();
	struct evbuffer *field = NULL;
	size_t at = 0;
	for (size_t i = 0; i < pg->holes.n; i++) {
		const struct tpl_hole *h = &pg->holes.v[i];
		shared_span(out, pg->bytes, at, h->offset);
		at = h->offset;
		if (is_reply_form(h)) {
			form_fill(h, outer, form, out);
			continue;
		}
		json_t *inner = is_post_actions(h) ? post_overlay(tpl_hole_item(h), rp) : NULL;
		if (pg->generic[i].bytes && !inner)
			generic_fill(&pg->generic[i], outer, &field, out);
		else
			tpl_fill_hole(h, outer, inner, out);
		json_decref(inner);
	}
	shared_span(out, pg->bytes, at, pg->bytes->len);
	if (field)
		evbuffer_free(field);
	return out;
}

/* The reader's value in a memo slot when it was kept for this session (its token), else
 * NULL (borrowed, like member_memo_get's). */
static json_t *kept_for_session(struct request *r, int64_t me, enum member_memo_slot slot,
                                time_t now, struct member_memo_mark *mark)
{
	json_t *v = member_memo_get(req_memo_db(r), me, slot, now, mark);
	const char *csrf = csrf_token(r), *kept = json_string_value(json_object_get(v, "csrf"));
	return v && csrf && kept && strcmp(csrf, kept) == 0 ? v : NULL;
}

/* The reply form kept for the reader on this thread with this token (MEMO_REPLY_FORM), as
 * {thread, csrf, html}: good while the database stays at its generation, which covers all
 * it shows (the member's tags and choices, following, the thread's lock). Only a plain
 * form is kept: one holding a draft or a suspension notice shows a time that moves. */
static bool form_kept(struct request *r, int64_t me, int64_t thread_id, time_t now,
                      struct form_part *form, struct member_memo_mark *mark)
{
	json_t *v = kept_for_session(r, me, MEMO_REPLY_FORM, now, mark);
	json_t *html = json_object_get(v, "html");
	if (!v || json_integer_value(json_object_get(v, "thread")) != thread_id ||
	    !json_is_string(html))
		return false;
	form->kept = json_incref(html);   /* the memo's own may go at its next call */
	form->html = json_string_value(html);
	form->len = json_string_length(html);
	return true;
}

static void form_keep(struct request *r, int64_t me, int64_t thread_id, json_t *model,
                      const struct form_part *form, const struct member_memo_mark *mark)
{
	if (!form->made || evbuffer_get_length(form->made) > THREAD_VIEW_MAX_BYTES ||
	    !json_is_object(model) || json_object_get(model, "draft") ||
	    json_object_get(model, "suspended") || !csrf_token(r))
		return;
	json_t *v = json_pack("{s:I, s:s, s:s%}", "thread", (json_int_t)thread_id,
	    "csrf", csrf_token(r), "html", (const char *)evbuffer_pullup(form->made, -1),
	    evbuffer_get_length(form->made));
	if (v)
		member_memo_put(req_memo_db(r), me, MEMO_REPLY_FORM, mark, v, 0);
}

/* Whether this request may be served from a shared rendering at all. */
static bool servable(struct request *r)
{
	const char *sort = req_query(r, "sort");
	return r->viewer && !viewer_is_moderator(r) && !r->want_json && r->worker &&
	       r->worker->pages && !req_query(r, "quote") &&
	       !(sort && strcmp(sort, "near") == 0);  /* the reader's own order */
}

static void page_key(struct request *r, int64_t thread_id, char *key, size_t len)
{
	const char *sort = req_query(r, "sort"), *spec = req_query(r, "specialty");
	const char *place = req_query(r, "place");
	int n = snprintf(key, len, "%" PRId64 " %s %s %s", thread_id, sort && *sort ? sort : "best",
	                 spec ? spec : "", place ? place : "");
	if (n < 0 || (size_t)n >= len || strchr(sort ? sort : "", ' ') || strchr(spec ? spec : "", ' ') ||
	    strchr(place ? place : "", ' '))
		key[0] = '\0';         /* not a real slug or code: never served shared */
}

/* The reader's whole view of one page (its content, below the layout), kept in the member
 * memo (MEMO_THREAD_VIEW) as {csrf, key, title, took_part, following, html}: good while the
 * database stays at its generation and the shared page's "N ago" texts hold, for the same
 * session (its token) and page key. A member who reloads a thread, or comes back to it from
 * the inbox, between two writes anywhere gets it without the holes being filled again.
 * Kept only when its reply form was (no draft or suspension notice, whose times move), and
 * up to THREAD_VIEW_MAX_BYTES. */
struct kept_view {
	json_t *v;                 /* a reference to the memo's value */
	struct thread_follow fw;
};

static bool view_kept(struct request *r, int64_t me, const char *key, time_t now,
                      struct kept_view *kv, struct member_memo_mark *mark)
{
	json_t *v = kept_for_session(r, me, MEMO_THREAD_VIEW, now, mark);
	const char *kept_key = json_string_value(json_object_get(v, "key"));
	if (!v || !kept_key || strcmp(key, kept_key) != 0 || !json_is_string(json_object_get(v, "html")))
		return false;
	kv->v = json_incref(v);   /* the memo's own may go at its next call */
	kv->fw.took_part = json_is_true(json_object_get(v, "took_part"));
	kv->fw.following = json_is_true(json_object_get(v, "following"));
	return true;
}

static void view_keep(struct request *r, int64_t me, const char *key,
                      const struct shared_page *pg, const struct thread_follow *fw,
                      struct evbuffer *content, const struct member_memo_mark *mark)
{
	if (evbuffer_get_length(content) > THREAD_VIEW_MAX_BYTES)
		return;
	json_t *v = json_pack("{s:s, s:s, s:O, s:b, s:b, s:s%}", "csrf", csrf_token(r), "key", key,
	    "title", json_object_get(pg->model, "title"), "took_part", fw->took_part,
	    "following", fw->following, "html", (const char *)evbuffer_pullup(content, -1),
	    evbuffer_get_length(content));
	if (v)
		member_memo_put(req_memo_db(r), me, MEMO_THREAD_VIEW, mark, v, pg->expires);
}

static void kept_view_release(const void *data, size_t len, void *arg)
{
	(void)data, (void)len;
	json_decref(arg);
}

/* The kept view's content, by reference to the kept string (held until it is sent). */
static struct evbuffer *kept_content(const struct kept_view *kv)
{
	json_t *html = json_object_get(kv->v, "html");
	struct evbuffer *out = evbuffer_new();
	if (out && evbuffer_add_reference(out, json_string_value(html), json_string_length(html),
	                                  kept_view_release, json_incref(html)) != 0) {
		json_decref(html);
		evbuffer_add(out, json_string_value(html), json_string_length(html));
	}
	return out;
}

/* Assembles the reader's content from the shared page pg; *keep says whether it may be kept
 * (its reply form could be). */
static struct evbuffer *view_assemble(struct request *r, struct shared_page *pg,
                                      int64_t thread_id, int64_t me, time_t now,
                                      const struct reader_posts *rp,
                                      const struct thread_follow *fw, bool *keep)
{
	struct form_part form = { 0 };
	struct member_memo_mark form_mark;
	/* a kept form needs no model, but the posts' actions ask whether there is one */
	json_t *model = pg->locked ? json_null()
	              : form_kept(r, me, thread_id, now, &form, &form_mark) ? json_object()
	              : thread_reply_form(r, thread_id, fw);
	json_t *outer = json_pack("{s:s, s:O, s:O}", "csrf", csrf_token(r), "viewer", r->viewer,
	                          "reply_form", model);
	struct evbuffer *content = page_fill(pg, outer, rp, &form);
	*keep = pg->locked || form.html || (json_is_object(model) && !json_object_get(model, "draft") &&
	                                    !json_object_get(model, "suspended"));
	if (!pg->locked)
		form_keep(r, me, thread_id, model, &form, &form_mark);
	if (form.made)
		evbuffer_free(form.made);
	json_decref(form.kept);
	json_decref(model);
	json_decref(outer);
	return content;
}

/* Answers from the reader's kept view or a shared rendering when it can serve the reader
 * (see servable). Returns 0 when it answered, 1 when the page must be rendered whole
 * (nothing was sent). */
static int thread_shared_serve(struct request *r, int64_t thread_id)
{
	char key[SHARED_KEY_BYTES];
	if (!servable(r))
		return 1;
	page_key(r, thread_id, key, sizeof key);
	if (!key[0])
		return 1;
	int64_t me = viewer_id(r);
	time_t now = time(NULL);
	struct reader_posts rp = { 0 };
	struct kept_view kv = { 0 };
	struct member_memo_mark view_mark;
	/* the generation of the snapshot every read below makes: the kept page's, its authors',
	 * the reader's votes' and the member memo's */
	int opened = db_read_begin(r->db);
	struct db_generation gen;
	struct shared_page *pg = NULL;
	struct evbuffer *content = NULL;
	struct thread_follow fw = { 0 };
	json_t *title = NULL;
	const char *made = NULL;
	if (view_kept(r, me, key, now, &kv, &view_mark)) {
		content = kept_content(&kv);
		fw = kv.fw;
		title = json_incref(json_object_get(kv.v, "title"));
		made = "kept";
	} else {
		if (db_generation(r->db, &gen) == 0 && !(pg = pages_find(key, &gen, now)))
			pg = page_build(r, thread_id, key, now);
		if (pg && reader_posts_load(r->db, pg, thread_id, me, &rp) != 0)
			pg = NULL;
	}
	bool keep = false;
	if (pg) {
		/* once for the follow button and the read mark (kept where the reader posted or
		 * follows: thread.c); the kept authors are every post's, so they say whether the
		 * reader took part */
		fw = thread_follow_of(r->db, me, thread_id, &rp.any_own);
		content = view_assemble(r, pg, thread_id, me, now, &rp, &fw, &keep);
		title = json_incref(json_object_get(pg->model, "title"));
		made = "shared";
	}
	bool mark = content && (fw.took_part || fw.following) &&
	            thread_read_mark_due(r->db, me, thread_id);
	if (content && !mark)
		request_layout_extras(r);   /* the inbox count, in the same snapshot */
	if (pg && keep && !mark)        /* a mark is a write: nothing kept would last */
		view_keep(r, me, key, pg, &fw, content, &view_mark);
	db_read_end(r->db, opened);
	free(rp.v);
	json_decref(kv.v);
	if (!content) {
		json_decref(title);
		return 1;
	}
	if (mark)
		thread_mark_read(r->db, me, thread_id);
	r->made = made;
	respond_page_assembled(r, 200, json_pack("{s:o, s:s}", "title", title, "csrf", csrf_token(r)),
	                       content);
	evbuffer_free(content);
	return 0;
}

/* GET /d/:id  ?sort=best|oldest  ?specialty=SLUG  ?quote=POST_ID (pre-fills the quote box) */
void thread_show(struct request *r)
{
	int64_t id;
	if (parse_id(r->params[0], &id) != 0) {
		respond_error(r, 404, "There is no such dilemma.");
		return;
	}
	if (thread_shared_serve(r, id) != 0)
		thread_render(r, id, NULL, 200);
}
