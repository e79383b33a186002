/* prompts.c: the new-dilemma form's optional prompts: fields, checks, the composed dilemma
 * (see prompts.h). */
#include "prompts.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"
#include "postcheck.h"
#include "text.h"

const struct dilemma_prompt dilemma_prompts[DILEMMA_PROMPTS] = {
	{ "happened", "What happened", "The situation, with any detail that could identify someone changed." },
	{ "said", "What you said or did", "So far, if anything." },
	{ "asking", "What you are asking", "The question you want the forum's nurses to answer." },
};

/* (http/request.c's request_prose_fields names them too, after "body") */
const char *const dilemma_prompt_fields[DILEMMA_PROMPTS + 1] = { "happened", "said", "asking", NULL };

/* Length of s without trailing white space (0 for NULL or only white space). */
static size_t trimmed_len(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	while (n > 0 && strchr(" \t\r\n", s[n - 1]))
		n--;
	return n;
}

json_t *prompts_model(const char *const values[DILEMMA_PROMPTS], const json_t *errors)
{
	json_t *list = json_array();
	for (int i = 0; i < DILEMMA_PROMPTS; i++) {
		const struct dilemma_prompt *p = &dilemma_prompts[i];
		json_t *e = json_object_get(errors, p->field);
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:O?}", "field", p->field,
		    "label", p->heading, "hint", p->hint, "value", kept_text(values[i] ? values[i] : ""),
		    "error", e));
	}
	return list;
}

/* Checks one piece of the dilemma (the body or a prompt's text): clean text of at most max
 * characters. Adds its length in characters to *chars; false (and errors[key]) if not. */
static bool piece_ok(const char *s, size_t len, const char *what, const char *key, size_t max,
                     size_t *chars, json_t *errors)
{
	char buf[200];
	if (!len)
		return true;
	const char *e = check_text(s, true, 0, SIZE_MAX, what, buf, sizeof buf);
	size_t n = e ? 0 : text_chars(s, len);
	if (!e && n > max) {
		snprintf(buf, sizeof buf, "The %s must be at most %zu characters long; it is %zu.", what,
		         max, n);
		e = buf;
	}
	if (e) {
		json_object_set_new(errors, key, json_string(e));
		return false;
	}
	*chars += n;
	return true;
}

/* The code fence s[0..len) leaves open, if any: its character in *ch and length in *n
 * (CommonMark: a line of at least three ` or ~ after at most three spaces opens one; a
 * line of the same character, at least as long, and nothing else but spaces closes it). */
static bool open_fence(const char *s, size_t len, char *ch, size_t *n)
{
	bool open = false;
	for (size_t at = 0; at < len;) {
		const char *line = s + at, *nl = memchr(line, '\n', len - at);
		size_t ll = nl ? (size_t)(nl - line) : len - at, i = 0, k = 0;
		at += ll + 1;
		while (i < 3 && i < ll && line[i] == ' ')
			i++;
		if (i >= ll || (line[i] != '`' && line[i] != '~') || (open && line[i] != *ch))
			continue;
		char c = line[i];
		while (i + k < ll && line[i + k] == c)
			k++;
		if (k < 3)
			continue;
		if (!open) {
			if (c == '`' && memchr(line + i + k, '`', ll - i - k))
				continue;   /* a backtick fence's info string holds no backtick */
			open = true, *ch = c, *n = k;
		} else if (k >= *n && strspn(line + i + k, " \t\r") == ll - i - k) {
			open = false;
		}
	}
	return open;
}

/* Appends s[0..len) to at, then a line closing the code fence it leaves open (close
 * characters of ch; 0: none), so that the next section's heading is no code. Returns the
 * new end. */
static char *add_piece(char *at, const char *s, size_t len, char ch, size_t close)
{
	memcpy(at, s, len);
	at += len;
	if (close) {
		*at++ = '\n';
		memset(at, ch, close);
		at += close;
	}
	return at;
}

char *prompts_compose(const char *body, const char *const prompts[DILEMMA_PROMPTS],
                      size_t min, size_t max, json_t *errors)
{
	size_t chars = 0, blen = trimmed_len(body), plen[DILEMMA_PROMPTS];
	bool ok = piece_ok(body, blen, "dilemma", "body", max, &chars, errors);
	for (int i = 0; i < DILEMMA_PROMPTS; i++) {
		plen[i] = trimmed_len(prompts[i]);
		ok &= piece_ok(prompts[i], plen[i], "text under this prompt", dilemma_prompts[i].field,
		               max, &chars, errors);
	}
	if (!ok)
		return NULL;
	char buf[200];
	if (chars < min) {
		snprintf(buf, sizeof buf, "Please write at least %zu characters, here or under the "
		         "prompts; there %s %zu.", min, chars == 1 ? "is" : "are", chars);
		json_object_set_new(errors, "body", json_string(buf));
		return NULL;
	}
	/* each piece, then the close of a fence it leaves open */
	const char *piece[DILEMMA_PROMPTS + 1] = { body, prompts[0], prompts[1], prompts[2] };
	size_t len[DILEMMA_PROMPTS + 1] = { blen, plen[0], plen[1], plen[2] }, close[DILEMMA_PROMPTS + 1];
	char ch[DILEMMA_PROMPTS + 1];
	size_t cap = 1;
	for (int i = 0; i <= DILEMMA_PROMPTS; i++) {
		close[i] = len[i] && open_fence(piece[i], len[i], &ch[i], &close[i]) ? close[i] : 0;
		cap += len[i] + (close[i] ? close[i] + 1 : 0) +
		       (i ? strlen(dilemma_prompts[i - 1].heading) + 7 : 0);
	}
	char *md = xmalloc(cap), *at = md;
	at = add_piece(at, body ? body : "", blen, ch[0], close[0]);
	for (int i = 0; i < DILEMMA_PROMPTS; i++) {
		if (!plen[i])
			continue;
		at += sprintf(at, "%s## %s\n\n", at > md ? "\n\n" : "", dilemma_prompts[i].heading);
		at = add_piece(at, prompts[i], plen[i], ch[i + 1], close[i + 1]);
	}
	*at = '\0';
	size_t total = text_chars(md, (size_t)(at - md));
	if (total > max) {
		snprintf(buf, sizeof buf, "The dilemma with its prompts' headings must be at most %zu "
		         "characters; it is %zu.", max, total);
		json_object_set_new(errors, "body", json_string(buf));
		free(md);
		return NULL;
	}
	return md;
}
