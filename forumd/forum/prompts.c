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
	size_t cap = blen + 1;
	for (int i = 0; i < DILEMMA_PROMPTS; i++)
		cap += plen[i] + strlen(dilemma_prompts[i].heading) + 8;
	char *md = xmalloc(cap), *at = md;
	memcpy(at, body ? body : "", blen);
	at += blen;
	for (int i = 0; i < DILEMMA_PROMPTS; i++) {
		if (!plen[i])
			continue;
		at += sprintf(at, "%s## %s\n\n", at > md ? "\n\n" : "", dilemma_prompts[i].heading);
		memcpy(at, prompts[i], plen[i]);
		at += plen[i];
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
