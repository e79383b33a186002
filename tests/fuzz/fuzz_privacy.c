/* fuzz_privacy.c: the privacy guard's scanner (base/privacy.c and its word rules) on any
 * clean text, as the posting pipeline passes it. Properties: every passage lies inside the
 * text, on UTF-8 character boundaries; placeholders and the highlighted HTML are clean text,
 * and the HTML's only tags are <mark> and </mark>. */
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "privacy.h"
#include "text.h"

#define MAX_HITS 64

static bool at_boundary(const char *s, size_t i)
{
	return ((unsigned char)s[i] & 0xC0) != 0x80;
}

/* The HTML with every <mark> and </mark> taken out holds no '<'. */
static void check_only_marks(const char *html)
{
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<'))
		FUZZ_CHECK(strncmp(p, "<mark>", 6) == 0 || strncmp(p, "</mark>", 7) == 0);
}

static void check_hits(const char *text, size_t len)
{
	struct privacy_hit hits[MAX_HITS];
	size_t n = privacy_scan(text, hits, MAX_HITS);
	FUZZ_CHECK(n <= MAX_HITS);
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(hits[i].start < hits[i].end && hits[i].end <= len);
		FUZZ_CHECK(at_boundary(text, hits[i].start));
		FUZZ_CHECK(hits[i].end == len || at_boundary(text, hits[i].end));
		FUZZ_CHECK(hits[i].rule && hits[i].rule->name);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 20000 || memchr(data, '\0', size) ||
	    !text_is_clean((const char *)data, size, true))
		return 0;
	FUZZ_CHECK(privacy_init() == 0);
	char *text = fuzz_string(data, size);
	check_hits(text, size);

	size_t replaced = 0;
	char *placed = privacy_placeholders(text, &replaced);
	FUZZ_CHECK(placed && text_is_clean(placed, strlen(placed), true));
	free(placed);

	json_t *passages = privacy_post_passages(text, text);
	FUZZ_CHECK(json_is_array(passages));
	char *html = privacy_highlight_html(text, passages);
	char *title_html = privacy_highlight_title_html(text, passages);
	FUZZ_CHECK(html && text_is_clean(html, strlen(html), true));
	FUZZ_CHECK(title_html && text_is_clean(title_html, strlen(title_html), true));
	check_only_marks(html);
	check_only_marks(title_html);
	free(html);
	free(title_html);
	json_decref(passages);
	free(text);
	return 0;
}
