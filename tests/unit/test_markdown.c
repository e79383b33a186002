/* test_markdown.c: markdown_to_html drops raw HTML, makes hostile links inert, adds rel;
 * markdown_to_plain keeps only the words a reader sees. */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L  /* clock_gettime */
#endif
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "markdown.h"
#include "mem.h"

static int test_number;
static int failures;

static void ok(int cond, const char *name)
{
	test_number++;
	printf("%sok %d - %s\n", cond ? "" : "not ", test_number, name);
	if (!cond)
		failures++;
}

static char *render(const char *md)
{
	return markdown_to_html(md, strlen(md));
}

/* markdown_to_plain(md) is exactly want. */
static void check_plain(const char *md, const char *want, const char *name)
{
	char *got = markdown_to_plain(md, strlen(md));
	ok(strcmp(got, want) == 0, name);
	if (strcmp(got, want) != 0)
		printf("# got \"%s\"\n", got);
	free(got);
}

/* Lowercased copy, so checks catch any casing of a scheme. */
static char *lower(const char *s)
{
	char *l = xstrdup(s);
	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

/* True when the HTML holds no active content: no script element, no event handler
 * attribute, no raw tag from the input, and no attribute value that is anything but a
 * plain http(s), mailto or relative URL (text that merely mentions a scheme is fine). */
static int inert(const char *html)
{
	char *l = lower(html);
	int bad = strstr(l, "<script") || strstr(l, "onerror") || strstr(l, "onload") ||
	          strstr(l, "<img") || strstr(l, "<svg") || strstr(l, "<iframe") ||
	          strstr(l, "=\"javascript") || strstr(l, "=\"vbscript") || strstr(l, "=\"data") ||
	          strstr(l, "=\"file") || strstr(l, "=\"%") || strstr(l, "=\"&");
	free(l);
	return !bad;
}

static void check_inert(const char *md, const char *name)
{
	char *html = render(md);
	int good = inert(html);
	if (!good)
		printf("# input:  %s\n# output: %s", md, html);
	ok(good, name);
	free(html);
}

/* An unsafe link keeps its text and loses its anchor. */
static void check_link_dropped(const char *md, const char *text, const char *name)
{
	char *html = render(md);
	int good = inert(html) && !strstr(html, "<a ") && strstr(html, text);
	if (!good)
		printf("# input:  %s\n# output: %s", md, html);
	ok(good, name);
	free(html);
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

int main(void)
{
	char *html;

	html = render("Hello *world*");
	ok(strcmp(html, "<p>Hello <em>world</em></p>\n") == 0, "plain markdown renders");
	free(html);

	html = render("before\n\n<script>alert(1)</script>\n\nafter <script>alert(2)</script>");
	ok(inert(html) && strstr(html, "before") && strstr(html, "after"), "<script> is dropped");
	free(html);

	check_inert("<img src=x onerror=alert(1)>", "raw <img onerror> is dropped");
	check_inert("text <img src=x onerror=alert(1)> inline", "inline raw <img onerror> is dropped");
	check_inert("<svg onload=alert(1)>", "raw <svg onload> is dropped");
	check_inert("\"><script>alert(1)</script>", "\"><script> is escaped or dropped");

	check_link_dropped("[x](javascript:alert(1))", "x", "javascript: link is inert");
	check_link_dropped("[x](JaVaScRiPt:alert(1))", "x", "JaVaScRiPt: link is inert");
	check_link_dropped("[x](&#106;avascript:alert(1))", "x", "&#106;avascript: link is inert");
	check_link_dropped("[x](&#x6A;avascript&#58;alert(1))", "x", "hex entity javascript: is inert");
	check_link_dropped("[x](vbscript:msgbox(1))", "x", "vbscript: link is inert");
	check_link_dropped("[x](data:text/html,<script>alert(1)</script>)", "x",
	                   "data:text/html link is inert");
	check_link_dropped("[x](<data:text/html;base64,PHNjcmlwdD4=>)", "x",
	                   "data: base64 link is inert");
	check_link_dropped("[x](file:///etc/passwd)", "x", "file: link is inert");
	check_link_dropped("<javascript:alert(1)>", "alert", "javascript: autolink is inert");
	check_link_dropped("[x]\n\n[x]: javascript:alert(1)", "x", "javascript: reference link is inert");
	check_inert("[x](<java\tscript:alert(1)>)", "tab inside the scheme is inert");
	check_link_dropped("[x](<\x01javascript:alert(1)>)", "x", "leading control character drops the link");
	check_inert("[x](java&#10;script:alert(1))", "encoded newline in the scheme is inert");

	html = render("[x](https://example.org/a?b=1&c=2)");
	ok(strstr(html, "<a rel=\"nofollow ugc noopener\" href=\"https://example.org/a?b=1&amp;c=2\">x</a>")
	   != NULL, "an https link carries rel=\"nofollow ugc noopener\"");
	free(html);

	html = render("see <https://example.org> and [rel](/t/gifts-money) and <nurse@example.org>");
	ok(strstr(html, "href=\"https://example.org\"") && strstr(html, "href=\"/t/gifts-money\"") &&
	   strstr(html, "href=\"mailto:nurse@example.org\""), "autolinks, relative and mailto links stay");
	{
		int anchors = 0, rels = 0;
		for (const char *p = html; (p = strstr(p, "<a ")); p++)
			anchors++;
		for (const char *p = html; (p = strstr(p, "rel=\"nofollow ugc noopener\"")); p++)
			rels++;
		ok(anchors == 3 && rels == 3, "every anchor has the rel attribute");
	}
	free(html);

	html = render("![a chart](https://example.org/x.png)");
	ok(!strstr(html, "<img") && strstr(html, "href=\"https://example.org/x.png\"") &&
	   strstr(html, ">a chart</a>"), "an image becomes a link to it");
	free(html);

	html = render("![](data:image/png;base64,AAAA)");
	ok(inert(html) && !strstr(html, "<a "), "a data: image is dropped");
	free(html);

	html = render("[![alt](https://example.org/i.png)](https://example.org/)");
	ok(!strstr(html, "<img") && strstr(html, "href=\"https://example.org/\">alt</a>"),
	   "an image inside a link becomes text");
	{
		int anchors = 0;
		for (const char *p = html; (p = strstr(p, "<a ")); p++)
			anchors++;
		ok(anchors == 1, "no nested anchors from an image inside a link");
	}
	free(html);

	html = render("`<a href=\"javascript:alert(1)\">x</a>`\n\n    <a href=\"x\">");
	ok(!strstr(html, "<a ") && !strstr(html, "rel="), "code spans and blocks stay escaped text");
	free(html);

	html = render("bad utf-8: \xff\xfe end");
	ok(strstr(html, "\xef\xbf\xbd") != NULL, "invalid UTF-8 becomes U+FFFD");
	free(html);

	html = markdown_to_html("", 0);
	ok(html && strcmp(html, "") == 0, "empty input gives empty output");
	free(html);

	/* CVE-2023-22486: "![[]()" repeated is quadratic in cmark 0.30.2. */
	{
		const char *unit = "![[]()";
		size_t unit_len = strlen(unit), total = 20000;
		char *md = xmalloc(total + 1);
		for (size_t i = 0; i < total; i++)
			md[i] = unit[i % unit_len];
		md[total] = '\0';
		double t0 = now_ms();
		html = markdown_to_html(md, total);
		double ms = now_ms() - t0;
		printf("# ![[]() x %zu bytes rendered in %.1f ms\n", total, ms);
		ok(html != NULL && inert(html), "the CVE-2023-22486 pattern at 20,000 characters renders");
		free(html);
		free(md);
	}

	check_plain("**Say** _no_ kindly.\n\n> her words\n\n- one\n- two", "Say no kindly. her words one two",
	            "emphasis, quotes and lists become their words");
	check_plain("see [the policy](https://example.org/p) and <https://x.org>", "see the policy and https://x.org",
	            "a link keeps its text, not its target");
	check_plain("# Title\nline one\nline two  \nthree", "Title line one line two three",
	            "headings and line breaks separate words");
	check_plain("`code` and\n\n    block\n    two\n\nafter", "code and block two after",
	            "code spans and blocks keep their text");
	check_plain("a <b>bold</b> <script>x</script> &amp; b", "a bold x & b",
	            "raw HTML tags are dropped (as the page drops them), entities decoded");
	check_plain("", "", "empty input gives empty text");

	printf("1..%d\n", test_number);
	return failures ? 1 : 0;
}
