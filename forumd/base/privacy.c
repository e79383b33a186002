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
#include "guardtext.h"
#include "html.h"
#include "limits.h"
#include "mem.h"

/* Pieces shared by several patterns. Case-sensitive rules spell both cases where needed. */
#define TITLE "(Mr|Mrs|Ms|Miss|Mx|Mister)\\.?"
#define NAME "[A-Z][a-z]+(-[A-Z][a-z]+)?"
#define ROOM "([Rr]oom|ROOM|[Rr]m|RM|[Bb]ed|BED|[Bb]ay|BAY)\\.? ?#? ?[0-9]{1,4}[A-Za-z]?\\>"
#define MONTH "(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?"
#define NUMDATE "[0-9]{1,2}[/.-][0-9]{1,2}[/.-]([0-9]{4}|[0-9]{2})\\>"
#define ISODATE "(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}\\>"
#define WORDDATE "(" MONTH " [0-9]{1,2}(st|nd|rd|th)?,? [0-9]{4}|[0-9]{1,2}(st|nd|rd|th)? (of )?" \
	MONTH ",? [0-9]{4})"
#define STREET "(street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|" \
	"place|pl|terrace|ter|circle|cir|highway|hwy|parkway|pkwy|trail|trl)\\>\\.?"

struct rule_def {
	struct privacy_rule rule;
	const char *pattern;   /* POSIX ERE with GNU \< \> \b; NULL for a word rule */
	int flags;             /* extra regcomp flags (REG_ICASE) */
	int group;             /* sub-expression that is the passage; 0: the whole match */
	/* a word rule: reports its passages over the post's tokens (guardtext.h) */
	void (*find)(const struct guard_text *g, guard_emit emit, void *ctx);
};

/* The guard: one row per way a patient or a colleague can be identified. */
static const struct rule_def defs[] = {
	{{"name", "Looks like a person's name. Use a role instead (\"the daughter\", \"my charge "
	  "nurse\", \"the patient in a side room\")."}, NULL, 0, 0, guard_names},
	{{"phone", "Looks like a phone number. Do not post anyone's number, including your own."},
	 NULL, 0, 0, guard_phones},
	{{"email", "Looks like an email address."},
	 "[A-Za-z0-9._%+-]+ ?@ ?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}\\>", 0, 0, NULL},
	{{"email", "Looks like a spelled-out email address."},
	 "\\<[a-z0-9._-]+ ?(\\(at\\)|\\[at\\]| at ) ?[a-z0-9-]+ ?(\\(dot\\)|\\[dot\\]| dot ) ?"
	 "(com|net|org|edu|gov)\\>", REG_ICASE, 0, NULL},
	{{"address", "Looks like a street address."},
	 "\\<[0-9]{1,6}[A-Za-z]? ([NSEW]\\.? )?([A-Z][a-z]+ |[0-9]+(st|nd|rd|th) ){1,3}"
	 "(Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
	 "Terrace|Ter|Circle|Cir|Highway|Hwy|Parkway|Pkwy|Trail|Trl)\\>\\.?", 0, 0, NULL},
	{{"address", "Looks like a home address."},
	 "\\<(lives|lived|living|address|house|home|moved)( is)?( at| on| to)? ([0-9]{1,6} [a-z]+ "
	 "([a-z]+ )?" STREET ")", REG_ICASE, 4, NULL},
	{{"address", "Looks like a street."},
	 "\\<([A-Z][a-z]+ ){1,3}(Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|"
	 "Court|Ct|Crescent|Cres|Close|Grove|Gardens|Mews|Parade|Pde|Esplanade|Terrace|Tce|"
	 "Highway|Hwy|Parkway|Pkwy|Row|Way)\\>", 0, 0, NULL},
	{{"address", "Looks like a postcode or ZIP code."}, NULL, 0, 0, guard_postcodes},
	{{"address", "Looks like a post-office box or an apartment number."},
	 "\\<(p\\.? ?o\\.? box [0-9]+|(apt|apartment)\\.? ?#? ?[0-9]+[a-z]?\\>)", REG_ICASE, 0, NULL},
	{{"date-of-birth", "Looks like a date of birth."},
	 "\\<(dob|d\\.o\\.b\\.?|date of birth|birth ?date|born( on)?|birthday( is| was)?)[: ]*("
	 NUMDATE "|" ISODATE "|" WORDDATE ")", REG_ICASE, 4, NULL},
	{{"date-of-birth", "A full date in the 1900s reads like a date of birth."},
	 "\\<([0-9]{1,2}[/.-][0-9]{1,2}[/.-]19[0-9]{2}|19[0-9]{2}-[0-9]{2}-[0-9]{2}|" MONTH
	 " [0-9]{1,2}(st|nd|rd|th)?,? 19[0-9]{2})\\>", REG_ICASE, 0, NULL},
	{{"date", "A date of a person's birth, admission, surgery, discharge or death can identify "
	  "them. Say \"last spring\" or leave it out."}, NULL, 0, 0, guard_dates},
	{{"date", "A named hospital with a date or a holiday points to one patient."},
	 NULL, 0, 0, guard_facility_dates},
	{{"age", "An age over 89 is rare enough to identify someone. Say \"over 90\"."},
	 NULL, 0, 0, guard_ages},
	{{"record-number", "Looks like a record, card, policy, licence, plate or serial number."},
	 NULL, 0, 0, guard_codes},
	{{"ip-address", "Looks like an IP address."}, NULL, 0, 0, guard_ip_addresses},
	{{"record-number", "Looks like a medical record, account or chart number."},
	 "\\<(mrn|mr|medical record|record|chart|acct|account|patient id|pt id|encounter|fin|csn|"
	 "visit)\\>( (number|num|no\\.?|#|id))?[ .:#-]*([a-z]{0,3}-?[0-9]{7,})\\>", REG_ICASE, 4, NULL},
	{{"record-number", "A long number like this can identify a patient (record, account, ID)."},
	 "(^|[^0-9.,/+-])([0-9]{9,})\\>", 0, 2, NULL},
	{{"record-number", "Looks like a social security number."},
	 "\\<[0-9]{3}-[0-9]{2}-[0-9]{4}\\>", 0, 0, NULL},
	{{"room-and-name", "A room or bed number next to a name can identify a patient."},
	 "\\<" TITLE " " NAME "(,? [a-z]+){0,4},? (in |from |at )?" ROOM, 0, 0, NULL},
	{{"room-and-name", "A room or bed number next to a name can identify a patient."},
	 "\\<" ROOM "[ ,:()-]+((is|was) )?(" TITLE " " NAME "|[Pp]atient " NAME ")", 0, 0, NULL},
	{{"room-and-name", "A room or bed number next to a name can identify a patient."},
	 "\\<([Pp]atient|[Pp]t\\.?) " NAME "(,? [a-z]+){0,4},? (in |from |at )?" ROOM, 0, 0, NULL},
	/* an @handle alone is a forum member answered; named with a network, it is someone's */
	{{"social", "Looks like someone's social-media handle."},
	 "\\<(insta|instagram|ig|tiktok|tik tok|snap|snapchat|twitter|x|threads|fb|facebook|"
	 "handle|username|user name|account|as|called|named|added|dm|dms|message|messaged|"
	 "follow|followed|following|follows)\\>"
	 "[^@\n]{0,24}(@[A-Za-z_][A-Za-z0-9_.]{1,29}[A-Za-z0-9_])", REG_ICASE, 2, NULL},
	{{"social", "Looks like a link to a social-media profile."},
	 "\\<(https?://)?(www\\.|m\\.)?(facebook|fb|instagram|twitter|x|tiktok|linkedin|snapchat|"
	 "youtube|threads|pinterest|reddit)\\.(com|net)/[^ \t\n)]*[^ \t\n).,;:!?]", REG_ICASE, 0, NULL},
	{{"social", "Looks like a link to a messaging or social profile."},
	 "\\<((https?://)?(t\\.me|wa\\.me|fb\\.me)/[^ \t\n)]*[^ \t\n).,;:!?]|u/[A-Za-z0-9_-]{3,20}\\>)", REG_ICASE, 0, NULL},
};

#define NRULES (sizeof defs / sizeof defs[0])

static regex_t compiled[NRULES];
static int init_rc = -1;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void compile_all(void)
{
	if (!guard_names_ready() || !guard_numbers_ready() || !guard_dates_ready()) {
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
		regmatch_t m[12];
		size_t off = 0;
		while (off < len && n < max) {
			m[0].rm_so = (regoff_t)off;
			m[0].rm_eo = (regoff_t)len;
			if (regexec(&compiled[i], text, 12, m, REG_STARTEND) != 0)
				break;
			size_t s, e;
			passage_of(&defs[i], m, &s, &e);
			if (e > s)
				n = add_hit(hits, n, max, s, e, &defs[i].rule);
			off = (size_t)m[0].rm_eo > off ? (size_t)m[0].rm_eo : off + 1;
		}
	}
	guard_text_free(&g);
	qsort(hits, n, sizeof *hits, hit_cmp);
	return n;
}

/* A copy of text with the quote attributions forumd writes ("> [— from NAME's post](/d/T#pI)")
 * blanked, byte for byte: NAME is a member's handle or a thread alias, no identifier, and
 * offsets into the copy are offsets into text. */
static char *without_attributions(const char *text)
{
	static const char lead[] = "> [\xE2\x80\x94 from ";
	char *copy = xstrdup(text);
	for (char *p = strstr(copy, lead); p; p = strstr(p + 1, lead)) {
		if (p != copy && p[-1] != '\n')
			continue;
		char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char *link = memmem(p, n, "'s post](/d/", 12);
		if (link && p[n - 1] == ')')
			memset(p, ' ', n);
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
