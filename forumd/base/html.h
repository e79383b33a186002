/* html.h: the one escaping path from text to HTML, XML and URLs. */
#ifndef FORUMD_HTML_H
#define FORUMD_HTML_H
#include <stddef.h>
#include <event2/buffer.h>

/* Appends `s` (len bytes) HTML-escaped: & < > " ' become &amp; &lt; &gt; &quot; &#39;.
 * Safe for element text and for quoted attribute values; also valid XML (Atom): C0 control
 * characters other than tab, newline and carriage return, and non-characters (U+FDD0..FDEF,
 * U+nFFFE, U+nFFFF), become U+FFFD, whatever text was stored. */
void html_escape(struct evbuffer *out, const char *s, size_t len);

/* Appends HTML made by forumd (a template's {{{name_html}}} slot: cmark's output) as it is,
 * but for those same characters, replaced. */
void html_raw(struct evbuffer *out, const char *s, size_t len);

/* Appends `s` percent-encoded for a URL query value or path segment (RFC 3986 unreserved
 * characters pass, everything else is %XX). */
void url_escape(struct evbuffer *out, const char *s, size_t len);

/* Returns a newly allocated (caller frees) HTML-escaped copy of NUL-terminated s. */
char *html_escape_dup(const char *s);
#endif
