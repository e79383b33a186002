/* postcheck.h: the input checks every writing handler shares (text fields, NULs). */
#ifndef FORUMD_POSTCHECK_H
#define FORUMD_POSTCHECK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "request.h"

#include "messages.h"

/* Checks one text field: present, clean UTF-8 (no NUL or control characters), min..max
 * characters. Returns NULL when fine, else the problem in words (in buf). */
const char *check_text(const char *s, bool multiline, size_t min, size_t max,
                       const char *what, char *buf, size_t buflen);

/* s when it is clean text that can go back into a form's model, else "": jansson refuses
 * invalid UTF-8, and a refused string would leave the whole form model (and its CSRF
 * token) empty. */
const char *kept_text(const char *s);

/* The form's scripts ("Words you could say": every non-empty "script" field, trimmed) into
 * *out (a new array of strings, also when there is an error: what was typed, to show
 * again). Returns NULL when fine, else the problem in words (in buf) for the field
 * "scripts": more than SCRIPTS_MAX, or one not SCRIPT_MIN_CHARS to SCRIPT_MAX_CHARS of
 * clean text. */
const char *check_scripts(struct request *r, json_t **out, char *buf, size_t buflen);

/* A form's "Words you could say" fields: [{n, value}], SCRIPTS_MAX of them, or as many as
 * typed holds when more (so nothing typed is lost); values as typed (strings), kept_text. */
json_t *script_fields(const json_t *typed);

/* True when the raw POST body held an encoded NUL (evhttp's parser cuts the value there). */
bool form_has_nul(struct request *r);
#endif
