/* benchfill.c: builds the database ops/bench-scale.sh measures forumd on: members, threads
 * (a dilemma and 9 replies each; 1 % unanswered and 1 % with 18 replies), generated
 * nurse-forum text (tools/benchtext.c), 10 % anonymous posts sealed through forumd's own
 * keyed SQL functions and store/alias.c, held, hidden and removed posts, flags, helpful
 * votes, "this helped me" marks, moderator picks, edits and quotes, and the search index,
 * as forumd itself would have written them. Not installed.
 *
 * Usage: benchfill --db PATH --posts N [--members N] [--seed N]
 * PATH must not exist; its server key is written beside it (PATH.key), as forumd does.
 * Everything is written in one transaction, then checked (integrity_check,
 * foreign_key_check) and analysed. Prints progress on stderr. */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "alias.h"
#include "audit.h"
#include "authorship.h"
#include "benchtext.h"
#include "db.h"
#include "erase.h"
#include "keys.h"
#include "markdown.h"
#include "searchindex.h"
#include "mem.h"
#include "migrate.h"

#define YEARS_SPAN 4
#define SPAN_SECONDS ((int64_t)YEARS_SPAN * 365 * 24 * 3600)
#define REPLIES 9                /* a thread's replies, but for the few below */
#define SHARE_ANONYMOUS 0.10
#define SHARE_PATIENT 0.80       /* posts with the word "patient" */
#define SHARE_NEIGHBOUR 0.001    /* ... with "neighbour" */
#define SHARE_MALPRACTICE 0.01   /* ... with the phrase "malpractice insurance" */
#define SHARE_HELD 0.01
#define SHARE_HIDDEN 0.005
#define SHARE_REMOVED 0.005
#define SHARE_OP_REPLY 0.10      /* replies by the thread's author */
#define SHARE_QUOTING 0.05
#define SHARE_EDITED 0.02
#define SHARE_VOTED 0.30         /* visible replies with helpful votes */
#define SHARE_OP_MARKED 0.30     /* threads whose author marked a reply */
#define SHARE_PICKED 0.03        /* threads with a moderator pick */
#define FLAGS_TO_HOLD 3          /* forumd's default flag_threshold */

enum post_state { ST_VISIBLE, ST_HELD, ST_HIDDEN, ST_REMOVED };
static const char *const STATE_NAME[] = { "visible", "held", "hidden", "removed" };
enum held_reason { HR_NONE, HR_GUARD, HR_NEW_MEMBER, HR_FLAGS };
static const char *const HELD_NAME[] = { NULL, "guard", "new-member", "flags" };
/* Independent random streams (rng_for), one per kind of decision. */
enum stream { S_MEMBER = 1, S_THREAD, S_POST, S_TEXT, S_TITLE, S_VOTES, S_MARKS, S_REVISION };

struct member {
	int64_t created;
	char credentials[48];
	uint8_t show_tags, nspec, spec[4];   /* indexes into fill.spec_ids */
};

struct thread_plan {
	int64_t created, last;
	uint32_t author, first_post, reply_count;
	uint8_t nposts, anon, state, ntopics, topics[3];
	int8_t setting;                      /* index into fill.spec_ids, -1 none */
};

struct post_plan {
	int64_t created;
	uint32_t thread, author, id;
	int32_t quote;                       /* the post index quoted, -1 none */
	const char *alias;                   /* an anonymous post's alias, once written */
	uint8_t k, anon, state, held, by_op, edited;
};

struct fill {
	struct db *db;
	uint64_t seed;
	uint32_t nmembers, nmods, nthreads, nposts;
	int64_t now, start;
	struct member *members;              /* member i has id i + 1 */
	struct thread_plan *threads;         /* thread i has id i + 1 */
	struct post_plan *posts;             /* in thread order; ids in time order */
	uint32_t *order;                     /* post indexes by time */
	int64_t spec_ids[64], topic_ids[32];
	int nspec, ntopics;
	struct timespec t0;
};

/* ================================================================ helpers */

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "benchfill: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static double elapsed(const struct fill *f)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - f->t0.tv_sec) + (double)(t.tv_nsec - f->t0.tv_nsec) / 1e9;
}

__attribute__((format(printf, 2, 3)))
static void progress(const struct fill *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "benchfill: [%6.1f s] ", elapsed(f));
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static sqlite3_stmt *stmt(struct fill *f, const char *sql)
{
	sqlite3_stmt *st = db_stmt(f->db, sql);
	if (!st)
		die("cannot prepare: %s", sql);
	return st;
}

/* Steps a statement with no result rows; dies naming `what` on failure. */
static void done(struct fill *f, sqlite3_stmt *st, const char *what)
{
	if (db_step_done(st) != SQLITE_DONE)
		die("%s: %s", what, sqlite3_errmsg(db_handle(f->db)));
}

/* Runs a constant statement with no parameters (rows it answers, as a PRAGMA's, are read). */
static void exec(struct fill *f, const char *sql)
{
	done(f, stmt(f, sql), sql);
}

/* The first column of the first row of a constant one-row query. */
static int64_t scalar(struct fill *f, const char *sql)
{
	sqlite3_stmt *st = stmt(f, sql);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_reset(st);
	return v;
}

/* An index in [0, n) by weights 1/(i + bias): the first of a list more likely. */
static int weighted(struct rng *r, int n, double bias)
{
	double total = 0;
	for (int i = 0; i < n; i++)
		total += 1.0 / (i + bias);
	double u = rng_unit(r) * total;
	for (int i = 0; i < n; i++)
		if ((u -= 1.0 / (i + bias)) < 0)
			return i;
	return n - 1;
}

/* ================================================================ the taxonomies */

static const char SQL_SPECIALTIES[] = "SELECT id FROM specialties ORDER BY sort";
static const char SQL_TOPICS[] = "SELECT id FROM topics ORDER BY sort";

static int load_ids(struct fill *f, const char *sql, int64_t *ids, int cap)
{
	sqlite3_stmt *st = stmt(f, sql);
	int n = 0;
	while (n < cap && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (n < 4)
		die("the taxonomies are missing (%s)", sql);
	return n;
}

/* ================================================================ members */

/* Member i joined at start + span * (i / M)^2: few at first, more later; so the members
 * who could have written a post at time t are those below member_limit(t). */
static int64_t member_joined(const struct fill *f, uint32_t i)
{
	double x = (double)i / f->nmembers;
	return f->start + (int64_t)(SPAN_SECONDS * x * x);
}

static uint32_t member_limit(const struct fill *f, int64_t t)
{
	double x = t <= f->start ? 0 : sqrt((double)(t - f->start) / SPAN_SECONDS);
	uint32_t n = (uint32_t)(x * f->nmembers);
	uint32_t floor_n = f->nmembers < 20 ? f->nmembers : 20;
	return n < floor_n ? floor_n : n > f->nmembers ? f->nmembers : n;
}

/* A member who could write at time t, early members the more active; never `not`. */
static uint32_t pick_member(const struct fill *f, struct rng *r, int64_t t, uint32_t not)
{
	uint32_t n = member_limit(f, t);
	for (;;) {
		double u = rng_unit(r);
		uint32_t m = (uint32_t)(n * pow(u, 1.4));
		if (m < n && m != not)
			return m;
	}
}

static void member_credentials(struct rng *r, struct member *m, const char **years)
{
	static const char *const BASE[] = {
		"BSN, RN", "BSN, RN", "BSN, RN", "BSN, RN", "BSN, RN", "ADN, RN", "ADN, RN", "RN",
		"MSN, RN", "MSN, APRN, NP", "DNP, APRN, NP", "LPN/LVN", "Student nurse", "CNA", "",
	};
	static const char *const CERT[] = {
		"CCRN", "PCCN", "CEN", "CMSRN", "OCN", "CHPN", "CNOR", "RNC-OB", "CPN", "PMH-BC",
	};
	static const char *const YEARS[] = { "under-1", "1-5", "1-5", "5-10", "5-10", "10-plus", "10-plus" };
	const char *base = BASE[rng_below(r, sizeof BASE / sizeof *BASE)];
	bool rn = strstr(base, "RN") != NULL;
	if (rn && rng_chance(r, 0.3))
		snprintf(m->credentials, sizeof m->credentials, "%s, %s", base,
		         CERT[rng_below(r, sizeof CERT / sizeof *CERT)]);
	else
		snprintf(m->credentials, sizeof m->credentials, "%s", base);
	*years = strcmp(base, "Student nurse") == 0 ? "student"
	       : rng_chance(r, 0.1) ? NULL : YEARS[rng_below(r, sizeof YEARS / sizeof *YEARS)];
}

static void member_specialties(struct fill *f, struct rng *r, struct member *m)
{
	m->nspec = (uint8_t)(2 + rng_below(r, 3));
	for (int i = 0; i < m->nspec; i++) {
		int s, dup;
		do {
			s = weighted(r, f->nspec, 4.0);
			dup = 0;
			for (int j = 0; j < i; j++)
				dup |= m->spec[j] == s;
		} while (dup);
		m->spec[i] = (uint8_t)s;
	}
}

static const char SQL_INSERT_MEMBER[] =
	"INSERT INTO members (id, handle, password_hash, role, credentials, years_in_practice,"
	" bio_md, bio_html, show_tags, created_at) VALUES (?1, ?2, '!', ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_INSERT_MEMBER_SPECIALTY[] =
	"INSERT INTO member_specialties (member_id, specialty_id, position) VALUES (?1, ?2, ?3)";

/* The handle of member index i (the same every time it is asked). */
static void member_handle(const struct fill *f, uint32_t i, char *buf, size_t cap)
{
	struct rng r = rng_for(f->seed, S_MEMBER, i);
	benchtext_handle(buf, cap, &r, i + 1);
}

static void insert_member(struct fill *f, uint32_t i)
{
	struct member *m = &f->members[i];
	struct rng r = rng_for(f->seed, S_MEMBER, i);
	char handle[32], bio[BENCHTEXT_MAX];
	const char *years;
	benchtext_handle(handle, sizeof handle, &r, i + 1);
	member_credentials(&r, m, &years);
	member_specialties(f, &r, m);
	m->show_tags = rng_chance(&r, 0.9);
	m->created = member_joined(f, i);
	size_t nbio = rng_chance(&r, 0.3) ? benchtext_bio(bio, rng_next(&r)) : 0;
	bio[nbio] = '\0';
	char *bio_html = markdown_to_html(bio, nbio);
	sqlite3_stmt *st = stmt(f, SQL_INSERT_MEMBER);
	sqlite3_bind_int64(st, 1, i + 1);
	sqlite3_bind_text(st, 2, handle, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, i == 0 ? "admin" : i <= f->nmods ? "moderator" : "member", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, m->credentials, -1, SQLITE_STATIC);
	if (years)
		sqlite3_bind_text(st, 5, years, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, bio, (int)nbio, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, bio_html, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, m->show_tags);
	sqlite3_bind_int64(st, 9, m->created);
	done(f, st, "member");
	free(bio_html);
	for (int k = 0; k < m->nspec; k++) {
		st = stmt(f, SQL_INSERT_MEMBER_SPECIALTY);
		sqlite3_bind_int64(st, 1, i + 1);
		sqlite3_bind_int64(st, 2, f->spec_ids[m->spec[k]]);
		sqlite3_bind_int(st, 3, k + 1);
		done(f, st, "member specialty");
	}
}

/* ================================================================ the plan */

/* Replies of thread j: 0 for 1 %, 18 for another 1 %, else REPLIES (so threads times
 * REPLIES + 1 posts in all when the count of threads is a multiple of 100). */
static int replies_of(uint32_t j)
{
	uint32_t h = (j * 7919u) % 100u;
	return h == 37 ? 0 : h == 73 ? 2 * REPLIES : REPLIES;
}

static enum post_state draw_state(struct rng *r)
{
	double u = rng_unit(r);
	return u < SHARE_HELD ? ST_HELD : u < SHARE_HELD + SHARE_HIDDEN ? ST_HIDDEN
	     : u < SHARE_HELD + SHARE_HIDDEN + SHARE_REMOVED ? ST_REMOVED : ST_VISIBLE;
}

/* Why a held post waits: flags once others could see it (a thread with replies), else the
 * privacy guard, or a new member's first posts (never for anonymous posts). */
static enum held_reason draw_held(struct rng *r, const struct post_plan *p, int replies)
{
	if (p->k > 0 || replies > 0)
		return rng_chance(r, 0.5) ? HR_FLAGS : !p->anon && rng_chance(r, 0.4) ? HR_NEW_MEMBER : HR_GUARD;
	return !p->anon && rng_chance(r, 0.4) ? HR_NEW_MEMBER : HR_GUARD;
}

/* The reply times of a thread created at t0: the first within hours, the rest over days,
 * squeezed to fit before now. */
static void reply_times(const struct fill *f, struct rng *r, int64_t t0, int n, int64_t *out)
{
	double gaps[2 * REPLIES + 1], sum = 0;
	for (int i = 0; i < n; i++) {
		double mean = i == 0 ? 3 * 3600 : 10 * 3600;
		gaps[i] = 60 - mean * log(1 - rng_unit(r));
		sum += gaps[i];
	}
	double room = (double)(f->now - t0) * 0.95;
	double scale = sum > room ? room / sum : 1;
	double t = (double)t0;
	for (int i = 0; i < n; i++)
		out[i] = (int64_t)(t += gaps[i] * scale);
}

static void plan_topics(struct fill *f, struct rng *r, struct thread_plan *t)
{
	double u = rng_unit(r);
	t->ntopics = u < 0.6 ? 1 : u < 0.9 ? 2 : 3;
	for (int i = 0; i < t->ntopics; i++) {
		int x, dup;
		do {
			x = weighted(r, f->ntopics, 2.0);
			dup = 0;
			for (int j = 0; j < i; j++)
				dup |= t->topics[j] == x;
		} while (dup);
		t->topics[i] = (uint8_t)x;
	}
	t->setting = rng_chance(r, 0.5) ? (int8_t)weighted(r, f->nspec, 4.0) : -1;
}

/* The posts of thread j, from index `first`: authors, faces, times, states. */
static void plan_posts(struct fill *f, struct rng *r, uint32_t j, int replies)
{
	struct thread_plan *t = &f->threads[j];
	int64_t times[2 * REPLIES + 1];
	reply_times(f, r, t->created, replies, times);
	for (int k = 0; k <= replies; k++) {
		struct post_plan *p = &f->posts[t->first_post + k];
		p->thread = j;
		p->k = (uint8_t)k;
		p->quote = -1;
		p->created = k ? times[k - 1] : t->created;
		bool op = k == 0 || rng_chance(r, SHARE_OP_REPLY);
		p->author = op ? t->author : pick_member(f, r, p->created, t->author);
		p->anon = op ? t->anon : rng_chance(r, SHARE_ANONYMOUS);
		p->by_op = k > 0 && op;
		p->state = (uint8_t)draw_state(r);
		p->held = p->state == ST_HELD ? (uint8_t)draw_held(r, p, replies) : HR_NONE;
		p->edited = p->state == ST_VISIBLE && rng_chance(r, SHARE_EDITED);
		if (k > 0 && rng_chance(r, SHARE_QUOTING))
			p->quote = (int32_t)(t->first_post + rng_below(r, (uint32_t)k));
	}
}

/* A thread's counters and state from its posts: visible replies, newest post (in any
 * state), held with a held dilemma, removed when its removed dilemma has no replies left. */
static void thread_outcome(struct fill *f, struct thread_plan *t)
{
	const struct post_plan *d = &f->posts[t->first_post];
	t->reply_count = 0;
	t->last = d->created;
	for (int k = 1; k < t->nposts; k++) {
		const struct post_plan *p = d + k;
		t->reply_count += p->state == ST_VISIBLE;
		if (p->created > t->last)
			t->last = p->created;
	}
	t->state = d->state == ST_HELD ? ST_HELD
	         : d->state == ST_REMOVED && t->reply_count == 0 ? ST_REMOVED : ST_VISIBLE;
}

static void plan(struct fill *f)
{
	uint32_t next = 0;
	for (uint32_t j = 0; j < f->nthreads; j++) {
		struct rng r = rng_for(f->seed, S_THREAD, j);
		struct thread_plan *t = &f->threads[j];
		int replies = replies_of(j);
		if (next >= f->nposts) {
			f->nthreads = j;
			break;
		}
		if (next + 1 + (uint32_t)replies > f->nposts)
			replies = (int)(f->nposts - next - 1);
		t->created = f->start + (int64_t)((j + rng_unit(&r)) * SPAN_SECONDS / f->nthreads);
		t->author = pick_member(f, &r, t->created, UINT32_MAX);
		t->anon = rng_chance(&r, SHARE_ANONYMOUS);
		t->first_post = next;
		t->nposts = (uint8_t)(replies + 1);
		plan_topics(f, &r, t);
		plan_posts(f, &r, j, replies);
		thread_outcome(f, t);
		next += t->nposts;
	}
	f->nposts = next;
}

static int by_time(const void *a, const void *b, void *arg)
{
	const struct post_plan *posts = arg;
	const struct post_plan *x = &posts[*(const uint32_t *)a], *y = &posts[*(const uint32_t *)b];
	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	if (x->thread != y->thread)
		return x->thread < y->thread ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

/* Post ids follow time, as in a live forum: a thread's replies are spread among others'. */
static void number_posts(struct fill *f)
{
	f->order = xcalloc(f->nposts, sizeof *f->order);
	for (uint32_t i = 0; i < f->nposts; i++)
		f->order[i] = i;
	qsort_r(f->order, f->nposts, sizeof *f->order, by_time, f->posts);
	for (uint32_t i = 0; i < f->nposts; i++)
		f->posts[f->order[i]].id = i + 1;
}

/* ================================================================ threads */

static const char SQL_INSERT_THREAD[] =
	"INSERT INTO threads (id, title, member_id, anonymous, specialty_id, created_at,"
	" last_activity_at, reply_count, state)"
	" VALUES (?1, ?2, CASE WHEN ?4 THEN NULL ELSE ?3 END, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char SQL_INSERT_THREAD_TOPIC[] =
	"INSERT INTO thread_topics (thread_id, topic_id) VALUES (?1, ?2)";

/* Whether post index i holds "patient" (and the rarer words): drawn once per post. */
static void post_words(const struct fill *f, uint32_t i, struct post_spec *spec)
{
	struct rng r = rng_for(f->seed, S_POST, i);
	spec->patient = rng_chance(&r, SHARE_PATIENT);
	spec->neighbour = rng_chance(&r, SHARE_NEIGHBOUR);
	spec->malpractice = rng_chance(&r, SHARE_MALPRACTICE);
	spec->words = 40 + (int)rng_below(&r, 81);
}

static void insert_thread(struct fill *f, uint32_t j)
{
	const struct thread_plan *t = &f->threads[j];
	const struct post_plan *d = &f->posts[t->first_post];
	struct post_spec words;
	char title[BENCHTEXT_MAX];
	post_words(f, t->first_post, &words);
	if (d->state == ST_REMOVED)
		snprintf(title, sizeof title, "%s", ERASED_TITLE);
	else
		benchtext_title(title, rng_for(f->seed, S_TITLE, j).s, words.patient);
	sqlite3_stmt *st = stmt(f, SQL_INSERT_THREAD);
	sqlite3_bind_int64(st, 1, j + 1);
	sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, t->author + 1);
	sqlite3_bind_int(st, 4, t->anon);
	if (t->setting >= 0)
		sqlite3_bind_int64(st, 5, f->spec_ids[t->setting]);
	sqlite3_bind_int64(st, 6, t->created);
	sqlite3_bind_int64(st, 7, t->last);
	sqlite3_bind_int64(st, 8, t->reply_count);
	sqlite3_bind_text(st, 9, STATE_NAME[t->state], -1, SQLITE_STATIC);
	done(f, st, "thread");
	if (t->anon && alias_seal_thread(f->db, j + 1, t->author + 1) != 0)
		die("thread %u: %s", j + 1, sqlite3_errmsg(db_handle(f->db)));
	for (int i = 0; i < t->ntopics; i++) {
		st = stmt(f, SQL_INSERT_THREAD_TOPIC);
		sqlite3_bind_int64(st, 1, j + 1);
		sqlite3_bind_int64(st, 2, f->topic_ids[t->topics[i]]);
		done(f, st, "thread topic");
	}
}

/* ================================================================ posts */

/* Columns as forum/post.c writes them (AUTHORSHIP_VALUES: an anonymous post keeps no
 * member id, only its keyed tag and sealed author), plus the review columns of its state. */
static const char SQL_INSERT_POST[] =
	"INSERT INTO posts (id, thread_id, member_id, author_tag, author_seal, kind, anonymous,"
	" anon_alias, credentials, show_tags, body_md, body_html, created_at, edited_at, state,"
	" held_reason, held_at, mod_reason, guard_passages, quote_post_id, by_op)"
	" VALUES (?1, ?2, " AUTHORSHIP_VALUES("?3", "?2", "?4") ", ?5, ?4, ?6, ?7, ?8, ?9, ?10,"
	"         ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";
static const char SQL_INSERT_POST_TAG[] =
	"INSERT INTO post_specialties (post_id, specialty_id, position) VALUES (?1, ?2, ?3)";
static const char SQL_INSERT_FLAG[] =
	"INSERT INTO flags (post_id, member_id, reason, created_at) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_INSERT_REVISION[] =
	"INSERT INTO post_revisions (post_id, title, body_md, written_at, replaced_at)"
	" VALUES (?1, ?2, ?3, ?4, ?5)";

/* A privacy-guard passage the author posted anyway, appended to md; returns the JSON. */
static void guard_passage(char *md, size_t *len, char *json, size_t cap)
{
	static const char number[] = "48213907";
	size_t start = *len + strlen(" The chart number was ");
	*len += (size_t)snprintf(md + *len, BENCHTEXT_MAX - *len, " The chart number was %s, if that helps.", number);
	snprintf(json, cap, "[{\"rule\":\"record-number\",\"why\":\"Looks like a medical record, account"
	         " or chart number.\",\"text\":\"%s\",\"start\":%zu,\"end\":%zu}]", number, start,
	         start + strlen(number));
}

/* The block quote a reply opens with, as forum/post.c composes it (compose_reply): the
 * quoted post's first sentence and a link naming its author. */
static void quote_block(struct fill *f, const struct post_plan *q, bool patient, char *out, size_t cap)
{
	char sentence[BENCHTEXT_MAX], name[48];
	benchtext_sentence(sentence, rng_for(f->seed, S_TEXT, (uint64_t)(q - f->posts)).s, q->k == 0, patient);
	if (q->anon)
		snprintf(name, sizeof name, "Anonymous %s", q->alias ? q->alias : "Heron");
	else
		member_handle(f, q->author, name, sizeof name);
	snprintf(out, cap, "> %.2000s\n>\n> [— from %s's post](/d/%u#p%u)\n\n", sentence, name,
	         q->thread + 1, q->id);
}

/* The markdown of post index i into md (BENCHTEXT_MAX); guard holds set json. */
static size_t post_markdown(struct fill *f, uint32_t i, char *md, char *json, size_t jcap)
{
	struct post_plan *p = &f->posts[i];
	struct post_spec spec = { .dilemma = p->k == 0 };
	char quote[BENCHTEXT_MAX];
	post_words(f, i, &spec);
	if (p->quote >= 0) {
		const struct post_plan *q = &f->posts[p->quote];
		struct post_spec qs;
		post_words(f, (uint32_t)p->quote, &qs);
		if (!qs.patient || spec.patient) {   /* keep the share of posts with "patient" */
			quote_block(f, q, spec.patient, quote, sizeof quote);
			spec.quote = quote;
		} else {
			p->quote = -1;
		}
	}
	size_t len = benchtext_post(md, rng_for(f->seed, S_TEXT, i).s, &spec);
	json[0] = '\0';
	if (p->held == HR_GUARD)
		guard_passage(md, &len, json, jcap);
	return len;
}

static void bind_review(struct fill *f, sqlite3_stmt *st, const struct post_plan *p, const char *json)
{
	sqlite3_bind_text(st, 13, STATE_NAME[p->state], -1, SQLITE_STATIC);
	if (p->state == ST_HELD) {
		sqlite3_bind_text(st, 14, HELD_NAME[p->held], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 15, p->created + (p->held == HR_FLAGS ? 36000 : 0));
	}
	if (p->state == ST_HIDDEN) {
		struct rng r = rng_for(f->seed, S_MARKS, p->id);
		sqlite3_bind_text(st, 16, benchtext_hide_reason(&r), -1, SQLITE_STATIC);
	}
	if (*json)
		sqlite3_bind_text(st, 17, json, -1, SQLITE_STATIC);
}

/* The post's row, bound as SQL_INSERT_POST; md and html are blank for a removed post. */
static void bind_post(struct fill *f, sqlite3_stmt *st, const struct post_plan *p,
                      const char *md, const char *html, const char *json)
{
	const struct member *m = &f->members[p->author];
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, p->thread + 1);
	sqlite3_bind_int64(st, 3, p->author + 1);
	sqlite3_bind_int(st, 4, p->anon);
	sqlite3_bind_text(st, 5, p->k ? "reply" : "dilemma", -1, SQLITE_STATIC);
	if (p->anon)
		sqlite3_bind_text(st, 6, p->alias, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, p->anon ? "" : m->credentials, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, p->anon ? 0 : m->show_tags);
	sqlite3_bind_text(st, 9, p->state == ST_REMOVED ? "" : md, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, p->state == ST_REMOVED ? "" : html, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 11, p->created);
	if (p->edited)
		sqlite3_bind_int64(st, 12, p->created + 600);
	bind_review(f, st, p, json);
	if (p->quote >= 0)
		sqlite3_bind_int64(st, 18, f->posts[p->quote].id);
	sqlite3_bind_int(st, 19, p->by_op);
}

/* A named reply's two specialty tags, from its author's profile. */
static void insert_post_tags(struct fill *f, const struct post_plan *p)
{
	const struct member *m = &f->members[p->author];
	struct rng r = rng_for(f->seed, S_MARKS, p->id);
	int first = (int)rng_below(&r, m->nspec);
	int second = (first + 1 + (int)rng_below(&r, (uint32_t)m->nspec - 1)) % m->nspec;
	int tags[2] = { first, second };
	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = stmt(f, SQL_INSERT_POST_TAG);
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, f->spec_ids[m->spec[tags[i]]]);
		sqlite3_bind_int(st, 3, i + 1);
		done(f, st, "post specialty");
	}
}

static void audit(struct fill *f, int64_t actor, const char *action, const struct post_plan *p,
                  const char *reason)
{
	char url[64], handle[32] = "system";
	snprintf(url, sizeof url, "/d/%u#p%u", p->thread + 1, p->id);
	if (actor)
		member_handle(f, (uint32_t)actor - 1, handle, sizeof handle);
	struct audit_entry e = { actor, handle, action, "post", p->id, url, reason, NULL };
	if (audit_append(f->db, &e) != 0)
		die("audit: %s", sqlite3_errmsg(db_handle(f->db)));
}

/* The flags that held a post: FLAGS_TO_HOLD members other than its author, and the
 * system's audit row. */
static void insert_flags(struct fill *f, const struct post_plan *p)
{
	static const char *const REASONS[] = { "privacy", "harassment", "unsafe", "off-topic", "spam" };
	struct rng r = rng_for(f->seed, S_MARKS, p->id);
	uint32_t who[FLAGS_TO_HOLD];
	for (int i = 0; i < FLAGS_TO_HOLD; i++) {
		int dup;
		do {
			who[i] = pick_member(f, &r, p->created, p->author);
			dup = 0;
			for (int j = 0; j < i; j++)
				dup |= who[j] == who[i];
		} while (dup);
		sqlite3_stmt *st = stmt(f, SQL_INSERT_FLAG);
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, who[i] + 1);
		sqlite3_bind_text(st, 3, REASONS[rng_below(&r, 5)], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, p->created + 3600 * (i + 1));
		done(f, st, "flag");
	}
	audit(f, 0, "held-by-flags", p, "held pending review after flags");
}

/* The version an edit replaced: other text of the same kind. */
static void insert_revision(struct fill *f, uint32_t i, const struct post_plan *p)
{
	char md[BENCHTEXT_MAX], title[BENCHTEXT_MAX];
	struct post_spec spec = { .dilemma = p->k == 0 };
	post_words(f, i, &spec);
	benchtext_post(md, rng_for(f->seed, S_REVISION, i).s, &spec);
	sqlite3_stmt *st = stmt(f, SQL_INSERT_REVISION);
	sqlite3_bind_int64(st, 1, p->id);
	if (p->k == 0) {
		benchtext_title(title, rng_for(f->seed, S_REVISION, i).s, spec.patient);
		sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, 3, md, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, p->created);
	sqlite3_bind_int64(st, 5, p->created + 600);
	done(f, st, "revision");
}

/* The moderator who acted on post p (one of the first members). */
static int64_t moderator_for(const struct fill *f, const struct post_plan *p)
{
	return 2 + (int64_t)(p->id % (f->nmods ? f->nmods : 1));
}

static void insert_post(struct fill *f, uint32_t i, char *md, char *json)
{
	struct post_plan *p = &f->posts[i];
	if (p->anon && !(p->alias = alias_for(f->db, p->author + 1, p->thread + 1)))
		die("alias: %s", sqlite3_errmsg(db_handle(f->db)));
	size_t len = post_markdown(f, i, md, json, BENCHTEXT_MAX);
	char *html = markdown_to_html(md, len);
	sqlite3_stmt *st = stmt(f, SQL_INSERT_POST);
	bind_post(f, st, p, md, html, json);
	done(f, st, "post");
	free(html);
	if (p->anon && alias_ledger_add(f->db, p->author + 1, p->thread + 1) != 0)
		die("ledger: %s", sqlite3_errmsg(db_handle(f->db)));
	if (p->k > 0 && !p->anon)
		insert_post_tags(f, p);
	if (p->held == HR_FLAGS)
		insert_flags(f, p);
	if (p->state == ST_HIDDEN) {
		struct rng r = rng_for(f->seed, S_MARKS, p->id);
		audit(f, moderator_for(f, p), "hide", p, benchtext_hide_reason(&r));
	}
	if (p->edited)
		insert_revision(f, i, p);
}

static void insert_posts(struct fill *f)
{
	char *md = xmalloc(BENCHTEXT_MAX), *json = xmalloc(BENCHTEXT_MAX);
	uint32_t step = f->nposts >= 1000000 ? 100000 : f->nposts >= 100000 ? 20000 : 2000;
	for (uint32_t n = 0; n < f->nposts; n++) {
		insert_post(f, f->order[n], md, json);
		if ((n + 1) % step == 0)
			progress(f, "posts: %u of %u", n + 1, f->nposts);
	}
	free(md);
	free(json);
}

/* ================================================================ votes, marks, picks */

static const char SQL_INSERT_VOTE[] =
	"INSERT INTO helpful_votes (post_id, member_id, created_at) VALUES (?1, ?2, ?3)";
static const char SQL_OP_MARK[] = "UPDATE posts SET op_marked = 1 WHERE id = ?1";
static const char SQL_PICK[] = "UPDATE posts SET mod_pick = 1, pick_note = ?2 WHERE id = ?1";

/* A visible reply may be voted on, marked and picked. */
static bool votable(const struct post_plan *p)
{
	return p->k > 0 && p->state == ST_VISIBLE;
}

/* 1 to 7 "helpful" votes from distinct members other than the author, skewed to few;
 * helpful_count follows through 0005's triggers. */
static uint64_t insert_votes(struct fill *f, const struct post_plan *p, struct rng *r)
{
	double u = rng_unit(r);
	int n = 1 + (int)(7 * u * u * u);
	uint32_t who[8];
	for (int i = 0; i < n; i++) {
		int dup;
		int64_t at = p->created + 600 + (int64_t)rng_below(r, 3 * 86400);
		do {
			who[i] = pick_member(f, r, at, p->author);
			dup = 0;
			for (int j = 0; j < i; j++)
				dup |= who[j] == who[i];
		} while (dup);
		sqlite3_stmt *st = stmt(f, SQL_INSERT_VOTE);
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int64(st, 2, who[i] + 1);
		sqlite3_bind_int64(st, 3, at < f->now ? at : f->now);
		done(f, st, "vote");
	}
	return (uint64_t)n;
}

static void update_post(struct fill *f, const char *sql, const struct post_plan *p, const char *note)
{
	sqlite3_stmt *st = stmt(f, sql);
	sqlite3_bind_int64(st, 1, p->id);
	if (note)
		sqlite3_bind_text(st, 2, note, -1, SQLITE_STATIC);
	done(f, st, sql);
}

/* A visible reply of thread t not by its author, chosen by r; NULL when there is none. */
static const struct post_plan *some_reply(const struct fill *f, const struct thread_plan *t,
                                          struct rng *r)
{
	if (t->nposts < 2)
		return NULL;
	uint32_t start = rng_below(r, t->nposts - 1u);
	for (uint32_t k = 0; k < t->nposts - 1u; k++) {
		const struct post_plan *p = &f->posts[t->first_post + 1 + (start + k) % (t->nposts - 1u)];
		if (votable(p) && !p->by_op)
			return p;
	}
	return NULL;
}

static void curate_thread(struct fill *f, uint32_t j, uint64_t *votes)
{
	const struct thread_plan *t = &f->threads[j];
	struct rng r = rng_for(f->seed, S_VOTES, j);
	for (int k = 1; k < t->nposts; k++) {
		const struct post_plan *p = &f->posts[t->first_post + k];
		if (votable(p) && rng_chance(&r, SHARE_VOTED))
			*votes += insert_votes(f, p, &r);
	}
	const struct post_plan *p;
	if (rng_chance(&r, SHARE_OP_MARKED) && (p = some_reply(f, t, &r)))
		update_post(f, SQL_OP_MARK, p, NULL);
	if (rng_chance(&r, SHARE_PICKED) && (p = some_reply(f, t, &r))) {
		const char *note = benchtext_pick_note(&r);
		update_post(f, SQL_PICK, p, note);
		audit(f, moderator_for(f, p), "pick", p, note);
	}
}

static void curate(struct fill *f)
{
	uint64_t votes = 0;
	for (uint32_t j = 0; j < f->nthreads; j++)
		curate_thread(f, j, &votes);
	progress(f, "helpful votes: %" PRIu64 ", marks and picks", votes);
}

/* ================================================================ search index, checks */

/* What store/erase.c's purge runs after every erase: the index merged into one segment. */
static const char SQL_MERGE_INDEX[] = "INSERT INTO search_fts (search_fts) VALUES ('optimize')";

static void index_for_search(struct fill *f)
{
	if (search_index_all(f->db) != 0)
		die("search index: %s", sqlite3_errmsg(db_handle(f->db)));
	progress(f, "search index: %" PRId64 " posts", (int64_t)sqlite3_changes(db_handle(f->db)));
	exec(f, SQL_MERGE_INDEX);
	progress(f, "search index merged (as erase_purge leaves it)");
}

static const char SQL_INTEGRITY[] = "PRAGMA integrity_check";
static const char SQL_FOREIGN_KEYS[] = "PRAGMA foreign_key_check";

static void check(struct fill *f)
{
	sqlite3_stmt *st = stmt(f, SQL_INTEGRITY);
	int rc = sqlite3_step(st);
	const char *v = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (!v || strcmp(v, "ok") != 0)
		die("integrity_check: %s", v ? v : sqlite3_errmsg(db_handle(f->db)));
	sqlite3_reset(st);
	st = stmt(f, SQL_FOREIGN_KEYS);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		die("foreign_key_check: %s", rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0)
		                                              : sqlite3_errmsg(db_handle(f->db)));
	sqlite3_reset(st);
	progress(f, "integrity_check ok, foreign_key_check clean");
}

static const char SQL_COUNT_THREADS[] = "SELECT count(*) FROM threads WHERE state = 'visible'";
static const char SQL_COUNT_ANON[] = "SELECT count(*) FROM posts WHERE anonymous = 1";
static const char SQL_COUNT_NOT_VISIBLE[] = "SELECT count(*) FROM posts WHERE state <> 'visible'";
static const char SQL_COUNT_INDEXED[] = "SELECT count(*) FROM search_fts";
static const char SQL_COUNT_PATIENT[] =
	"SELECT count(*) FROM search_fts WHERE search_fts MATCH 'patient'";
static const char SQL_COUNT_NEIGHBOUR[] =
	"SELECT count(*) FROM search_fts WHERE search_fts MATCH 'neighbour'";
static const char SQL_COUNT_PHRASE[] =
	"SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"malpractice insurance\"'";
static const char SQL_COUNT_LEDGERS[] = "SELECT count(*) FROM anon_ledgers";

static void report(struct fill *f)
{
	double indexed = (double)scalar(f, SQL_COUNT_INDEXED);
	progress(f, "%u members, %u threads (%" PRId64 " listed), %u posts (%" PRId64
	         " anonymous, %" PRId64 " held, hidden or removed), %" PRId64 " ledgers",
	         f->nmembers, f->nthreads, scalar(f, SQL_COUNT_THREADS), f->nposts,
	         scalar(f, SQL_COUNT_ANON), scalar(f, SQL_COUNT_NOT_VISIBLE), scalar(f, SQL_COUNT_LEDGERS));
	progress(f, "indexed posts with \"patient\" %.1f %%, \"neighbour\" %.2f %%,"
	         " \"malpractice insurance\" %.2f %%",
	         100 * (double)scalar(f, SQL_COUNT_PATIENT) / indexed,
	         100 * (double)scalar(f, SQL_COUNT_NEIGHBOUR) / indexed,
	         100 * (double)scalar(f, SQL_COUNT_PHRASE) / indexed);
}

/* ================================================================ start and end */

/* The connection as forumd opens it, with the key and the migrations; then, for the bulk
 * write only, a journal in memory and no syncs (the file is renamed into place by the
 * caller only when this program succeeds). */
static void open_database(struct fill *f, const char *path)
{
	char err[512];
	struct stat sb;
	if (stat(path, &sb) == 0)
		die("%s exists: give a new path", path);
	if (!(f->db = db_open(path, err, sizeof err)) || keys_init(path, true, err, sizeof err) != 0)
		die("%s", err);
	if (migrate_run(f->db, NULL, err, sizeof err) < 0)
		die("migrations: %s", err);
	exec(f, "PRAGMA journal_mode=MEMORY");
	exec(f, "PRAGMA synchronous=OFF");
	exec(f, "PRAGMA secure_delete=OFF");
	exec(f, "PRAGMA cache_size=-1048576");
}

/* Leaves the database as forumd expects to find it: WAL, analysed (forumd's connections
 * run PRAGMA optimize when they close, which analyses what queries used: a forum that has
 * run a while has statistics). */
static void finish_database(struct fill *f)
{
	exec(f, "ANALYZE");
	progress(f, "analysed");
	check(f);
	report(f);
	exec(f, "PRAGMA journal_mode=WAL");
	db_close(f->db);
}

static void build(struct fill *f)
{
	f->nspec = load_ids(f, SQL_SPECIALTIES, f->spec_ids, 64);
	f->ntopics = load_ids(f, SQL_TOPICS, f->topic_ids, 32);
	plan(f);
	number_posts(f);
	progress(f, "planned %u threads, %u posts", f->nthreads, f->nposts);
	if (db_begin(f->db) != SQLITE_OK)
		die("begin: %s", sqlite3_errmsg(db_handle(f->db)));
	for (uint32_t i = 0; i < f->nmembers; i++)
		insert_member(f, i);
	progress(f, "members: %u", f->nmembers);
	for (uint32_t j = 0; j < f->nthreads; j++)
		insert_thread(f, j);
	progress(f, "threads: %u", f->nthreads);
	insert_posts(f);
	curate(f);
	index_for_search(f);
	if (db_commit(f->db) != SQLITE_OK)
		die("commit: %s", sqlite3_errmsg(db_handle(f->db)));
	progress(f, "committed");
}

static void usage(void)
{
	fprintf(stderr, "usage: benchfill --db PATH --posts N [--members N] [--seed N]\n");
	exit(2);
}

static uint64_t number_arg(const char *s, uint64_t lo, uint64_t hi)
{
	char *end;
	unsigned long long v = s ? strtoull(s, &end, 10) : 0;
	if (!s || !*s || *end || v < lo || v > hi)
		usage();
	return v;
}

static void parse_args(int argc, char **argv, struct fill *f, const char **path)
{
	uint64_t posts = 0, members = 0;
	f->seed = 20261201;
	for (int i = 1; i < argc; i += 2) {
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(argv[i], "--db") == 0 && v)
			*path = v;
		else if (strcmp(argv[i], "--posts") == 0)
			posts = number_arg(v, 100, 20000000);
		else if (strcmp(argv[i], "--members") == 0)
			members = number_arg(v, 20, 1000000);
		else if (strcmp(argv[i], "--seed") == 0)
			f->seed = number_arg(v, 0, UINT64_MAX);
		else
			usage();
	}
	if (!*path || !posts)
		usage();
	f->nthreads = (uint32_t)(posts / (REPLIES + 1));
	f->nposts = (uint32_t)posts;
	f->nmembers = (uint32_t)(members ? members : posts / 100 < 100 ? 100 : posts / 100 > 10000 ? 10000 : posts / 100);
	f->nmods = 1 + f->nmembers / 2000;
}

int main(int argc, char **argv)
{
	struct fill f = {0};
	const char *path = NULL;
	parse_args(argc, argv, &f, &path);
	if (sodium_init() < 0)
		die("libsodium failed to initialise");
	clock_gettime(CLOCK_MONOTONIC, &f.t0);
	f.now = (int64_t)time(NULL);
	f.start = f.now - SPAN_SECONDS;
	f.members = xcalloc(f.nmembers, sizeof *f.members);
	f.threads = xcalloc(f.nthreads, sizeof *f.threads);
	f.posts = xcalloc(f.nposts, sizeof *f.posts);
	open_database(&f, path);
	build(&f);
	finish_database(&f);
	keys_free();
	progress(&f, "done: %s", path);
	free(f.members), free(f.threads), free(f.posts), free(f.order);
	return 0;
}
