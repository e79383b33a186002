/* configdoc.h: documents made from the config table (configdoc.c), and the roff writing the
 * man pages of forumd and forumctl share. */
#ifndef FORUMD_CONFIGDOC_H
#define FORUMD_CONFIGDOC_H
#include <stdio.h>

struct config;

/* A config file holding every key, each under its meaning as comments: commented out
 * ("#key = default") when cfg has the default, set when it does not. */
void config_print_file(FILE *out, const struct config *cfg);

/* The keys, one a line: name, default and meaning, tab-separated (README's table and the
 * documents' test are made from it). */
void config_print_keys(FILE *out);

/* The keys as a roff tagged list (.TP), for forumd.conf(5). */
void config_print_man_keys(FILE *out);

/* Writes s as roff text: backslashes and hyphens escaped, a line starting with '.' or '\''
 * kept as text. */
void man_text(FILE *out, const char *s);

/* A flag in bold and its argument (NULL: none) in italics, on the current line. */
void man_option(FILE *out, const char *flag, const char *arg);

/* A man page's first lines: the note that it is made, and .TH. */
void man_header(FILE *out, const char *name, int section, const char *version,
                const char *title);
#endif
