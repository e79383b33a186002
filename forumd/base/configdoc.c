/* configdoc.c: documents made from the one table of config keys (config.c), so they cannot
 * drift from `forumd --help`: a config file with every key, and man pages (roff). */
#include "configdoc.h"

#include <stdbool.h>
#include <string.h>

#include "config.h"

#define WRAP_COLUMNS 78

void man_text(FILE *out, const char *s)
{
	bool line_start = true;
	for (; *s; s++) {
		if (line_start && (*s == '.' || *s == '\''))
			fputs("\\&", out);
		line_start = *s == '\n';
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

void man_option(FILE *out, const char *flag, const char *arg)
{
	fputs("\\fB", out);
	man_text(out, flag);
	fputs("\\fR", out);
	if (arg) {
		fputs(" \\fI", out);
		man_text(out, arg);
		fputs("\\fR", out);
	}
}

void man_header(FILE *out, const char *name, int section, const char *version,
                const char *title)
{
	fprintf(out, ".\\\" Made by forumd from its own tables; edit the tables, not this file.\n");
	fprintf(out, ".TH %s %d \"\" \"forumd %s\" \"%s\"\n", name, section, version, title);
}

/* Writes text as "# "-comment lines of at most WRAP_COLUMNS. */
static void comment_wrapped(FILE *out, const char *text)
{
	size_t col = 0;
	const char *p = text;
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t wlen = sp ? (size_t)(sp - p) : strlen(p);
		if (col == 0) {
			fputs("#", out);
			col = 1;
		}
		if (col > 1 && col + 1 + wlen > WRAP_COLUMNS) {
			fputs("\n#", out);
			col = 1;
		}
		fprintf(out, " %.*s", (int)wlen, p);
		col += 1 + wlen;
		p += wlen;
		while (*p == ' ')
			p++;
	}
	if (col)
		fputc('\n', out);
}

void config_print_file(FILE *out, const struct config *cfg)
{
	struct config defaults;
	config_defaults(&defaults);
	fputs("# forumd.conf: forumd's settings, one \"key = value\" a line (forumd.conf(5)).\n"
	      "# Every key is here with what it means; a commented key has its default.\n"
	      "# forumd reads this file with --config; its flags override it.\n", out);
	for (size_t i = 0; i < config_key_count(); i++) {
		struct config_doc d = config_key_doc(i);
		char value[1100], dflt[1100];
		config_value_text(cfg, i, value, sizeof value);
		config_value_text(&defaults, i, dflt, sizeof dflt);
		fputc('\n', out);
		comment_wrapped(out, d.meaning);
		fprintf(out, "%s%s =%s%s\n", strcmp(value, dflt) == 0 ? "#" : "", d.name,
		        value[0] ? " " : "", value);
	}
}

void config_print_man_keys(FILE *out)
{
	for (size_t i = 0; i < config_key_count(); i++) {
		struct config_doc d = config_key_doc(i);
		fputs(".TP\n\\fB", out);
		man_text(out, d.name);
		fputs("\\fR = ", out);
		if (d.default_text[0]) {
			fputs("\\fI", out);
			man_text(out, d.default_text);
			fputs("\\fR", out);
		} else {
			fputs("(empty)", out);
		}
		fputs("\n", out);
		man_text(out, d.meaning);
		fputs(".\n", out);
	}
}

void config_print_keys(FILE *out)
{
	for (size_t i = 0; i < config_key_count(); i++) {
		struct config_doc d = config_key_doc(i);
		fprintf(out, "%s\t%s\t%s\n", d.name, d.default_text, d.meaning);
	}
}
