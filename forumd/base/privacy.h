/* privacy.h: the privacy guard: one table of rules that find what must not be on a public
 * nurse forum (phone numbers, email addresses, street addresses, dates of birth, record
 * numbers, a room or bed next to a name, social-media handles and profile links). */
#ifndef FORUMD_PRIVACY_H
#define FORUMD_PRIVACY_H
#include <stddef.h>
#include <jansson.h>

/* One rule of the guard's table. */
struct privacy_rule {
	const char *name;      /* short id: "phone", "email", ... */
	const char *why;       /* shown to the author: why this passage triggered */
};

/* One passage that triggered: bytes [start, end) of the text, and the rule. */
struct privacy_hit {
	size_t start, end;
	const struct privacy_rule *rule;
};

/* Compiles the rules (once; thread-safe, also called by privacy_scan). Returns 0, or -1
 * when a rule does not compile (a programming error: start-up should fail). */
int privacy_init(void);

/* Finds the passages of NUL-terminated `text` that trigger a rule, in text order, at most
 * `max` of them (overlapping passages of different rules are all kept). Returns the count. */
size_t privacy_scan(const char *text, struct privacy_hit *hits, size_t max);

/* The passages as JSON: [{"rule", "why", "text", "start", "end"}] (new reference; empty
 * array when nothing triggered). The quote attributions forumd writes into a reply
 * ("> [— from NAME's post](/d/T#pI)": a handle or an alias) are not scanned. */
json_t *privacy_passages(const char *text);

/* The passages of a post: those of its title (a dilemma's, which is public too; NULL for a
 * reply), each carrying "field": "title" and offsets into the title, then those of its
 * body as privacy_passages makes them (new reference). */
json_t *privacy_post_passages(const char *title, const char *body);

/* A copy of text with each passage replaced by what it is ("[name]", "[phone]", "[date]",
 * "[address]", "[number]", ...), for the author to check before posting; *replaced counts
 * them. Caller frees. */
char *privacy_placeholders(const char *text, size_t *replaced);

/* `text` (a post's body) as HTML with every body passage of `passages` (as privacy_passages
 * or privacy_post_passages made them) wrapped in <mark>, everything escaped. Caller frees. */
char *privacy_highlight_html(const char *text, const json_t *passages);

/* The same for a title and the passages marked "field": "title". Caller frees. */
char *privacy_highlight_title_html(const char *title, const json_t *passages);

/* The same for another text and the passages marked "field": field ("script1"). Caller
 * frees. */
char *privacy_highlight_field_html(const char *text, const json_t *passages, const char *field);
#endif
