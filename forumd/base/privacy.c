/* privacy.c: the privacy guard's rule table (rows that are POSIX extended regular
 * expressions, and word rules over the post's tokens: guardnames.c, guardnumbers.c,
 * guarddates.c) and the scanner that reports which passages triggered which rule. */
#include "privacy.h"

#include <pthread.h>
#include <regex.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "guarddates.h"
#include "guardnames.h"
#include "guardnumbers.h"
#include "guardonline.h"
#include "guardplaces.h"
#include "guardtext.h"
#include "guardwords.h"
#include "html.h"
#include "limits.h"
#include "mem.h"

struct rule_def {
	struct privacy_rule rule;
	const char *pattern;   /* POSIX ERE with GNU \< \> \b; NULL for a word rule */
	const char *needle;    /* the pattern runs only on lines holding this (lowercase; found
	                        * in any case) */
	int flags;             /* extra regcomp flags (REG_ICASE) */
	int group;             /* sub-expression that is the passage; 0: the whole match */
	/* a word rule: reports its passages over the post's tokens (guardtext.h) */
	void (*find)(const struct guard_text *g, guard_emit emit, void *ctx);
};

/* The guard: one row per way a patient or a colleague can be identified. */
static const struct rule_def defs[] = {
	{{"name", "Looks like a person's name. Use a role instead (\"the daughter\", \"my charge "
	  "nurse\", \"the patient in a side room\")."}, NULL, NULL, 0, 0, guard_names},
	{{"phone", "Looks like a phone number. Do not post anyone's number, including your own."},
	 NULL, NULL, 0, 0, guard_phones},
	{{"email", "Looks like an email address."}, NULL, NULL, 0, 0, guard_emails},
	{{"email", "Looks like a spelled-out email address."},
	 "\\<[a-z0-9._-]+ ?(\\(at\\)|\\[at\\]| at ) ?[a-z0-9-]+ ?(\\(dot\\)|\\[dot\\]| dot ) ?"
	 "(com|net|org|edu|gov|co|ca|au|ie|nz|uk)\\>", "dot", REG_ICASE, 0, NULL},
	{{"email", "Looks like an email address given in words."}, NULL, NULL, 0, 0, guard_webmail},
	{{"address", "Looks like a street or a home address."}, NULL, NULL, 0, 0, guard_streets},
	{{"address", "Looks like a postcode or ZIP code."}, NULL, NULL, 0, 0, guard_postcodes},
	{{"address", "Looks like a post-office box or an apartment number."},
	 NULL, NULL, 0, 0, guard_boxes},
	{{"date", "Looks like a date of birth, admission, surgery, discharge or death: it can "
	  "identify someone. Say \"last spring\" or leave it out."}, NULL, NULL, 0, 0, guard_dates},
	{{"date", "A named hospital with a date or a holiday points to one patient."},
	 NULL, NULL, 0, 0, guard_facility_dates},
	{{"age", "An age over 89 is rare enough to identify someone. Say \"over 90\"."},
	 NULL, NULL, 0, 0, guard_ages},
	{{"record-number", "Looks like a record, card, policy, licence, plate or serial number."},
	 NULL, NULL, 0, 0, guard_codes},
	{{"ip-address", "Looks like an IP address."}, NULL, NULL, 0, 0, guard_ip_addresses},
	{{"social", "Looks like someone's social-media handle."}, NULL, NULL, 0, 0, guard_handles},
	{{"handle", "Looks like someone's handle on another site (\"he found me as @...\")."},
	 NULL, NULL, 0, 0, guard_handle_verbs},
	{{"social", "Looks like a link to a social-media or fundraising profile."},
	 "\\<(https?://)?(www\\.|m\\.)?(facebook|fb|instagram|twitter|x|tiktok|linkedin|snapchat|"
	 "youtube|threads|pinterest|reddit|gofundme|patreon|onlyfans|venmo)\\.(com|net)/[^ \t\n)]*[^ \t\n).,;:!?]", "/", REG_ICASE, 0, NULL},
	{{"social", "Looks like a link to a messaging or social profile."},
	 "\\<((https?://)?(t\\.me|wa\\.me|fb\\.me|paypal\\.me|linktr\\.ee|cash\\.app)/[^ \t\n)]*[^ \t\n).,;:!?]|u/[A-Za-z0-9_-]{3,20}\\>)", "/", REG_ICASE, 0, NULL},
};

#define NRULES (sizeof defs / sizeof defs[0])
#define GUARD_LINE_BYTES 120   /* how far a pattern reads either side of its needle */
#define ATTRIBUTION_NAME_MAX 64   /* a handle or an alias in a quote attribution */

static regex_t compiled[NRULES];
static int init_rc = -1;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
	if (guardwords_init() != 0) {
		fprintf(stderr, "forumd: the privacy guard's word lists are missing from the build\n");
		return;
	}
	if (!guard_text_ready() || !guard_names_ready() || !guard_numbers_ready() || !guard_dates_ready() ||
	    !guard_places_ready() || !guard_online_ready()) {
		fprintf(stderr, "forumd: a privacy rule's word table is out of order\n");
		return;
	}
	for (size_t i = 0; i < NRULES; i++) {
		if (!defs[i].pattern)
			continue;
		int rc = regcomp(&compiled[i], defs[i].pattern, REG_EXTENDED | defs[i].flags);
		if (rc != 0) {
			char msg[200];
			regerror(rc, &compiled[i], msg, sizeof msg);
			fprintf(stderr, "forumd: privacy rule %zu (%s): %s\n", i, defs[i].rule.name, msg);
			return;
		}
	}
	init_rc = 0;
}

int privacy_init(void)
{
	pthread_once(&init_once, compile_all);
	return init_rc;
}

/* The passage of one match: the rule's group, or for group -1 the whole match. */
static void passage_of(const struct rule_def *d, const regmatch_t *m, size_t *s, size_t *e)
{
	int g = d->group > 0 && m[d->group].rm_so >= 0 ? d->group : 0;
	*s = (size_t)m[g].rm_so;
	*e = (size_t)m[g].rm_eo;
}

static int hit_cmp(const void *a, const void *b)
{
	const struct privacy_hit *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end > y->end ? -1 : x->end < y->end;
}

/* Adds [s, e) unless the same rule name already covers it. */
static size_t add_hit(struct privacy_hit *hits, size_t n, size_t max, size_t s, size_t e,
                      const struct privacy_rule *rule)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(hits[i].rule->name, rule->name) && hits[i].start <= s && hits[i].end >= e)
			return n;
	if (n == max)
		return n;
	hits[n] = (struct privacy_hit){s, e, rule};
	return n + 1;
}

/* Runs d's pattern over [from, to) of text, adding its passages. Returns the new count. */
static size_t regex_span(const struct rule_def *d, const regex_t *re, const char *text,
                         size_t from, size_t to, struct privacy_hit *hits, size_t n, size_t max)
{
	regmatch_t m[12];
	size_t off = from;
	while (off < to && n < max) {
		m[0].rm_so = (regoff_t)off;
		m[0].rm_eo = (regoff_t)to;
		if (regexec(re, text, 12, m, REG_STARTEND) != 0)
			break;
		size_t s, e;
		passage_of(d, m, &s, &e);
		if (e > s)
			n = add_hit(hits, n, max, s, e, &d->rule);
		off = (size_t)m[0].rm_eo > off ? (size_t)m[0].rm_eo : off + 1;
	}
	return n;
}

/* Runs d's pattern on each line of text that holds its needle (a line is at most
 * GUARD_LINE_BYTES either side of the needle): a long post without one costs a search. */
static size_t regex_lines(const struct rule_def *d, const regex_t *re, const char *text,
                          const char *low, size_t len, struct privacy_hit *hits, size_t n,
                          size_t max)
{
	size_t done = 0;
	/* the needle is lowercase, low is text lowercased: a plain search finds it in any case */
	for (const char *p = strstr(low, d->needle); p && n < max; p = strstr(low + done, d->needle)) {
		size_t at = (size_t)(p - low), from = at, to = at;
		while (from > 0 && from + GUARD_LINE_BYTES > at && text[from - 1] != '\n')
			from--;
		while (to < len && to < at + GUARD_LINE_BYTES && text[to] != '\n')
			to++;
		/* never inside a UTF-8 character: a passage must be whole text */
		while (from > 0 && ((unsigned char)text[from] & 0xC0) == 0x80)
			from--;
		while (to < len && ((unsigned char)text[to] & 0xC0) == 0x80)
			to++;
		n = regex_span(d, re, text, from, to, hits, n, max);
		done = to > at ? to : at + 1;
		if (done >= len)
			break;
	}
	return n;
}

/* Where a word rule's passages go: add_hit on the scan's list. */
struct word_hits {
	struct privacy_hit *hits;
	size_t n, max;
	const struct privacy_rule *rule;
};

static void word_hit(void *ctx, size_t start, size_t end)
{
	struct word_hits *w = ctx;
	if (end > start)
		w->n = add_hit(w->hits, w->n, w->max, start, end, w->rule);
}

size_t privacy_scan(const char *text, struct privacy_hit *hits, size_t max)
{
	if (privacy_init() != 0)
		return 0;
	size_t len = strlen(text), n = 0;
	struct guard_text g;
	guard_text_cut(&g, text);
	for (size_t i = 0; i < NRULES; i++) {
		if (defs[i].find) {
			struct word_hits w = { hits, n, max, &defs[i].rule };
			defs[i].find(&g, word_hit, &w);
			n = w.n;
			continue;
		}
		n = regex_lines(&defs[i], &compiled[i], text, g.low, len, hits, n, max);
	}
	guard_text_free(&g);
	qsort(hits, n, sizeof *hits, hit_cmp);
	return n;
}

/* True when line[0..n) is exactly a quote attribution forumd writes: "> [— from NAME's
 * post](/d/T#pI)", NAME a handle ([A-Za-z0-9_.-], no space) or an alias ("Anonymous" and one
 * word), T and I digits. Anything else in that shape is scanned like the rest. */
static bool attribution_line(const char *line, size_t n)
{
	static const char lead[] = "> [\xE2\x80\x94 from ";
	size_t k = sizeof lead - 1;
	if (n && line[n - 1] == '\r')
		n--;
	if (n <= k || memcmp(line, lead, k) != 0)
		return false;
	size_t name = k, spaces = 0;
	while (k < n && line[k] != '\'' && k - name <= ATTRIBUTION_NAME_MAX) {
		char c = line[k++];
		spaces += c == ' ';
		if (!(c == ' ' || c == '_' || c == '.' || c == '-' || (c >= '0' && c <= '9') ||
		      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return false;
	}
	if (k == name || spaces > 1 || (spaces == 1 && strncmp(line + name, "Anonymous ", 10) != 0))
		return false;
	static const char mid[] = "'s post](/d/";
	if (n - k < sizeof mid - 1 || memcmp(line + k, mid, sizeof mid - 1) != 0)
		return false;
	k += sizeof mid - 1;
	size_t digits = k;
	while (k < n && line[k] >= '0' && line[k] <= '9')
		k++;
	if (k == digits || k + 2 >= n || line[k] != '#' || line[k + 1] != 'p')
		return false;
	k += 2;
	digits = k;
	while (k < n && line[k] >= '0' && line[k] <= '9')
		k++;
	return k > digits && k + 1 == n && line[k] == ')';
}

/* A copy of text with the quote attributions forumd writes blanked, byte for byte: their
 * NAME is a member's handle or a thread alias, no identifier, and offsets into the copy are
 * offsets into text. */
static char *without_attributions(const char *text)
{
	char *copy = xstrdup(text);
	for (char *p = copy; *p; ) {
		char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		if (attribution_line(p, n))
			memset(p, ' ', n);
		p += n + (eol ? 1 : 0);
	}
	return copy;
}

json_t *privacy_passages(const char *text)
{
	struct privacy_hit hits[PRIVACY_MAX_PASSAGES];
	char *scanned = without_attributions(text);
	size_t n = privacy_scan(scanned, hits, PRIVACY_MAX_PASSAGES);
	free(scanned);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:s%, s:I, s:I}",
		    "rule", hits[i].rule->name, "why", hits[i].rule->why,
		    "text", text + hits[i].start, hits[i].end - hits[i].start,
		    "start", (json_int_t)hits[i].start, "end", (json_int_t)hits[i].end));
	return list;
}

json_t *privacy_post_passages(const char *title, const char *body)
{
	json_t *all = title ? privacy_passages(title) : json_array();
	size_t k;
	json_t *p;
	json_array_foreach(all, k, p)
		json_object_set_new(p, "field", json_string("title"));
	json_t *in_body = privacy_passages(body);
	json_array_extend(all, in_body);
	json_decref(in_body);
	return all;
}

/* True when passage p belongs to `field` ("title"), or to the body when field is NULL. */
static bool of_field(const json_t *p, const char *field)
{
	const char *f = json_string_value(json_object_get(p, "field"));
	return field ? f && strcmp(f, field) == 0 : f == NULL;
}

/* True when byte i of the text lies inside one of the passages of `field`. */
static bool marked(const json_t *passages, const char *field, size_t i)
{
	size_t k;
	json_t *p;
	json_array_foreach(passages, k, p) {
		if (!of_field(p, field))
			continue;
		size_t s = (size_t)json_integer_value(json_object_get(p, "start"));
		size_t e = (size_t)json_integer_value(json_object_get(p, "end"));
		if (i >= s && i < e)
			return true;
	}
	return false;
}

/* text as HTML with the passages of `field` marked (see privacy_highlight_html). */
static char *highlight(const char *text, const json_t *passages, const char *field)
{
	struct evbuffer *b = evbuffer_new();
	size_t len = strlen(text), i = 0;
	while (i < len) {
		bool in = marked(passages, field, i);
		size_t j = i + 1;
		while (j < len && marked(passages, field, j) == in)
			j++;
		/* never split a UTF-8 sequence: extend over continuation bytes */
		while (j < len && ((unsigned char)text[j] & 0xC0) == 0x80)
			j++;
		if (in)
			evbuffer_add(b, "<mark>", 6);
		html_escape(b, text + i, j - i);
		if (in)
			evbuffer_add(b, "</mark>", 7);
		i = j;
	}
	size_t n = evbuffer_get_length(b);
	char *out = xstrndup((const char *)evbuffer_pullup(b, -1), n);
	evbuffer_free(b);
	return out;
}

char *privacy_highlight_html(const char *text, const json_t *passages)
{
	return highlight(text, passages, NULL);
}

char *privacy_highlight_title_html(const char *title, const json_t *passages)
{
	return highlight(title, passages, "title");
}

char *privacy_highlight_field_html(const char *text, const json_t *passages, const char *field)
{
	return highlight(text, passages, field);
}

/* What stands in for a passage of each rule. */
static const char *placeholder(const char *rule)
{
	static const struct { const char *rule, *text; } map[] = {
		{ "name", "[name]" }, { "phone", "[phone]" }, { "email", "[email]" },
		{ "address", "[address]" }, { "date", "[date]" }, { "age", "[age over 89]" },
		{ "record-number", "[number]" }, { "ip-address", "[number]" }, { "social", "[handle]" },
		{ "handle", "[handle]" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].rule, rule) == 0)
			return map[i].text;
	return "[removed]";
}

char *privacy_placeholders(const char *text, size_t *replaced)
{
	struct privacy_hit hits[PRIVACY_MAX_PASSAGES];
	char *scanned = without_attributions(text);
	size_t n = privacy_scan(scanned, hits, PRIVACY_MAX_PASSAGES);
	free(scanned);
	struct evbuffer *b = evbuffer_new();
	size_t at = 0;
	*replaced = 0;
	for (size_t i = 0; i < n; i++) {   /* in text order; an overlapping passage joins */
		if (hits[i].start < at) {
			if (hits[i].end > at)
				at = hits[i].end;
			continue;
		}
		evbuffer_add(b, text + at, hits[i].start - at);
		const char *p = placeholder(hits[i].rule->name);
		evbuffer_add(b, p, strlen(p));
		at = hits[i].end;
		(*replaced)++;
	}
	evbuffer_add(b, text + at, strlen(text + at));
	size_t len = evbuffer_get_length(b);
	char *out = xstrndup((const char *)evbuffer_pullup(b, -1), len);
	evbuffer_free(b);
	return out;
}
