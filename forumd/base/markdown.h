/* markdown.h: CommonMark to HTML with cmark in safe mode (no raw HTML, no unsafe URLs). */
#ifndef FORUMD_MARKDOWN_H
#define FORUMD_MARKDOWN_H
#include <stddef.h>

/* Returns newly allocated HTML (caller frees with free()) for `len` bytes of markdown.
 * Raw HTML is dropped, javascript:/vbscript:/file:/data: (non-image) links are removed,
 * and links carry rel="nofollow ugc noopener". Never returns NULL. */
char *markdown_to_html(const char *md, size_t len);
#endif
