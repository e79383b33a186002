/* markdown.h: CommonMark to HTML with cmark in safe mode (no raw HTML, no unsafe URLs),
 * and to the plain text a reader sees. */
#ifndef FORUMD_MARKDOWN_H
#define FORUMD_MARKDOWN_H
#include <stddef.h>

/* Returns newly allocated HTML (caller frees with free()) for `len` bytes of markdown.
 * Raw HTML is dropped, javascript:/vbscript:/file:/data: (non-image) links are removed,
 * and links carry rel="nofollow ugc noopener". Never returns NULL. */
char *markdown_to_html(const char *md, size_t len);

/* Returns the words a reader sees in `len` bytes of markdown, as newly allocated plain
 * text (caller frees): text, code and image descriptions, blocks separated by a space; no
 * markup, no link targets, no raw HTML. What the search index holds (searchindex.c), so a
 * search snippet never shows "**" or "](https://". Never returns NULL. */
char *markdown_to_plain(const char *md, size_t len);
#endif
