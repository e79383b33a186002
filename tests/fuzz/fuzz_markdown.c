/* fuzz_markdown.c: the markdown wrapper (base/markdown.c: cmark in safe mode) on any text.
 * Properties: the HTML holds no script, frame or style element and no javascript: link
 * (raw HTML is dropped, text escaped). */
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "markdown.h"

static bool contains_nocase(const char *s, const char *needle)
{
	return strcasestr(s, needle) != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *md = fuzz_string(data, size);
	char *html = markdown_to_html(md, size);
	FUZZ_CHECK(html != NULL);
	FUZZ_CHECK(!contains_nocase(html, "<script"));
	FUZZ_CHECK(!contains_nocase(html, "href=\"javascript:"));
	FUZZ_CHECK(!contains_nocase(html, "src=\"javascript:"));
	FUZZ_CHECK(!contains_nocase(html, "<iframe"));
	FUZZ_CHECK(!contains_nocase(html, "<style"));
	char *plain = markdown_to_plain(md, size);
	FUZZ_CHECK(plain != NULL);
	free(plain);
	free(html);
	free(md);
	return 0;
}
