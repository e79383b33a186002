/* test_html.c: unit tests for html.c, the escaping path (TAP output). */
#include "html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "tap.h"

/* Returns 1 when `got` (len bytes) equals NUL-terminated `want`, else prints both. */
static int same(const char *got, size_t len, const char *want)
{
	if (len == strlen(want) && (len == 0 || memcmp(got, want, len) == 0))
		return 1;
	printf("# got:  \"%.*s\"\n# want: \"%s\"\n", (int)len, got, want);
	return 0;
}

static int escapes_to(const char *in, size_t len, const char *want)
{
	struct evbuffer *b = evbuffer_new();
	html_escape(b, in, len);
	size_t n = evbuffer_get_length(b);
	int ok = same((const char *)evbuffer_pullup(b, -1), n, want);
	evbuffer_free(b);
	return ok;
}

static int url_escapes_to(const char *in, const char *want)
{
	struct evbuffer *b = evbuffer_new();
	url_escape(b, in, strlen(in));
	size_t n = evbuffer_get_length(b);
	int ok = same((const char *)evbuffer_pullup(b, -1), n, want);
	evbuffer_free(b);
	return ok;
}

#define ESC(s, want) escapes_to((s), strlen(s), (want))

static int html_escape_leaves_plain_text_alone(void)
{
	return ESC("Hello, nurse 42!", "Hello, nurse 42!");
}

static int html_escape_handles_empty_input(void)
{
	return ESC("", "");
}

static int html_escape_escapes_each_special_char(void)
{
	return ESC("&", "&amp;") && ESC("<", "&lt;") && ESC(">", "&gt;") &&
	       ESC("\"", "&quot;") && ESC("'", "&#39;");
}

static int html_escape_escapes_runs_and_edges(void)
{
	return ESC("<<a&&b>>", "&lt;&lt;a&amp;&amp;b&gt;&gt;") &&
	       ESC("x<", "x&lt;") && ESC("<x", "&lt;x");
}

static int html_escape_neutralises_script_tag(void)
{
	return ESC("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
}

static int html_escape_neutralises_attribute_breakout(void)
{
	return ESC("\"><img src=x onerror=alert(1)>",
	           "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") &&
	       ESC("' onmouseover='x", "&#39; onmouseover=&#39;x");
}

static int html_escape_escapes_entities_again(void)
{
	return ESC("&amp;", "&amp;amp;") && ESC("&#106;", "&amp;#106;");
}

/* Bytes that are no valid UTF-8 (stored by older code, or written to the database by
 * hand) become U+FFFD, one a byte: the page stays valid UTF-8. */
static int html_escape_replaces_invalid_utf8(void)
{
	return ESC("\xff<\xc3", "\xef\xbf\xbd&lt;\xef\xbf\xbd") &&
	       ESC("\xc3\xa9\x80'", "\xc3\xa9\xef\xbf\xbd&#39;") &&
	       ESC("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");   /* a surrogate */
}

static int html_escape_respects_length_with_nul_inside(void)
{
	static const char want[] = "a\xef\xbf\xbd&lt;b";   /* the NUL, replaced: XML holds none */
	struct evbuffer *b = evbuffer_new();
	html_escape(b, "a\0<b", 4);
	size_t n = evbuffer_get_length(b);
	int ok = n == sizeof want - 1 && memcmp(evbuffer_pullup(b, -1), want, n) == 0;
	evbuffer_free(b);
	return ok;
}

static int html_escape_passes_valid_utf8_unchanged(void)
{
	return ESC("caf\xc3\xa9 \xe2\x80\xae", "caf\xc3\xa9 \xe2\x80\xae");
}

/* Any stored text escapes to valid XML: C0 controls (not tab, newline, return) and
 * non-characters become U+FFFD; other characters, with the same lead bytes, stay. */
static int html_escape_replaces_what_xml_cannot_hold(void)
{
	int ok = ESC("a\x01" "b\x1f\tc\n\r", "a\xef\xbf\xbd" "b\xef\xbf\xbd\tc\n\r") &&
	         ESC("x\xef\xbf\xbfy\xef\xbf\xbe", "x\xef\xbf\xbdy\xef\xbf\xbd") &&          /* U+FFFF, U+FFFE */
	         ESC("\xef\xb7\x90\xef\xb7\xaf", "\xef\xbf\xbd\xef\xbf\xbd") &&               /* U+FDD0, U+FDEF */
	         ESC("\xf0\x9f\xbf\xbe<\xf4\x8f\xbf\xbf", "\xef\xbf\xbd&lt;\xef\xbf\xbd") &&   /* U+1FFFE, U+10FFFF */
	         ESC("\xef\xbc\x81\xef\xb7\xb0\xef\xbf\xbd\xf0\x9f\x98\x80",
	             "\xef\xbc\x81\xef\xb7\xb0\xef\xbf\xbd\xf0\x9f\x98\x80") &&              /* kept */
	         ESC("cut \xef\xbf", "cut \xef\xbf\xbd\xef\xbf\xbd") &&                       /* cut short */
	         ESC("del\x7f c1\xc2\x85", "del\xef\xbf\xbd c1\xef\xbf\xbd");                   /* DEL, U+0085 */
	char *d = html_escape_dup("a\x02<\xef\xbf\xbf");
	ok = ok && same(d, strlen(d), "a\xef\xbf\xbd&lt;\xef\xbf\xbd");
	free(d);
	return ok;
}

/* Raw HTML keeps its markup; only what XML cannot hold is replaced. */
static int html_raw_keeps_markup(void)
{
	struct evbuffer *b = evbuffer_new();
	html_raw(b, "<p class=\"x\">a &amp; b\x01</p>\xef\xbf\xbf", 30);
	size_t n = evbuffer_get_length(b);
	int ok = same((const char *)evbuffer_pullup(b, -1), n,
	              "<p class=\"x\">a &amp; b\xef\xbf\xbd</p>\xef\xbf\xbd");
	evbuffer_free(b);
	return ok;
}

static int html_escape_dup_matches_html_escape(void)
{
	char *s = html_escape_dup("<b title=\"x\">Tom & Jerry's</b>");
	int ok = same(s, strlen(s), "&lt;b title=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/b&gt;");
	free(s);
	char *e = html_escape_dup("");
	ok = ok && same(e, strlen(e), "");
	free(e);
	return ok;
}

static int url_escape_keeps_unreserved(void)
{
	return url_escapes_to("AZaz09-._~", "AZaz09-._~");
}

static int url_escape_encodes_space_as_percent20(void)
{
	return url_escapes_to("night shift", "night%20shift");
}

static int url_escape_encodes_query_delimiters(void)
{
	return url_escapes_to("a&b=c?d#e/f", "a%26b%3Dc%3Fd%23e%2Ff") &&
	       url_escapes_to("+%", "%2B%25");
}

static int url_escape_encodes_unicode_bytes(void)
{
	return url_escapes_to("caf\xc3\xa9", "caf%C3%A9") && url_escapes_to("\xff", "%FF");
}

static int url_escape_handles_input_longer_than_a_chunk(void)
{
	char in[1001], want[3001];
	for (int i = 0; i < 1000; i++)
		in[i] = i % 2 ? 'a' : ' ';
	in[1000] = '\0';
	char *w = want;
	for (int i = 0; i < 1000; i++)
		w += sprintf(w, "%s", i % 2 ? "a" : "%20");
	return url_escapes_to(in, want);
}

int main(void)
{
	RUN_OK(html_escape_leaves_plain_text_alone);
	RUN_OK(html_escape_handles_empty_input);
	RUN_OK(html_escape_escapes_each_special_char);
	RUN_OK(html_escape_escapes_runs_and_edges);
	RUN_OK(html_escape_neutralises_script_tag);
	RUN_OK(html_escape_neutralises_attribute_breakout);
	RUN_OK(html_escape_escapes_entities_again);
	RUN_OK(html_escape_replaces_invalid_utf8);
	RUN_OK(html_escape_respects_length_with_nul_inside);
	RUN_OK(html_escape_passes_valid_utf8_unchanged);
	RUN_OK(html_escape_replaces_what_xml_cannot_hold);
	RUN_OK(html_raw_keeps_markup);
	RUN_OK(html_escape_dup_matches_html_escape);
	RUN_OK(url_escape_keeps_unreserved);
	RUN_OK(url_escape_encodes_space_as_percent20);
	RUN_OK(url_escape_encodes_query_delimiters);
	RUN_OK(url_escape_encodes_unicode_bytes);
	RUN_OK(url_escape_handles_input_longer_than_a_chunk);
	return DONE();
}
