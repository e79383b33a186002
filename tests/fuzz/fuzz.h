/* fuzz.h: what every fuzz target shares: libFuzzer's entry point, and the check that stops
 * a run (a broken property is a crash the fuzzer keeps, like a sanitizer's report). */
#ifndef FORUMD_FUZZ_H
#define FORUMD_FUZZ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts, naming the property, when cond is false. */
#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* True when s[0..n) is text an XML document may hold: valid UTF-8 with no control but tab,
 * line feed and carriage return, no DEL, C1 control or non-character (what every writer
 * must produce for any stored text; bidi controls are valid XML and allowed). */
static inline bool fuzz_xml_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (len == 0)
			return false;
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7f && cp <= 0x9f) ||
		    text_noncharacter(cp))
			return false;
		i += len;
	}
	return true;
}

/* A NUL-terminated copy of the input (caller frees). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	for (size_t i = 0; i < size; i++)
		s[i] = (char)data[i];
	s[size] = '\0';
	return s;
}
#endif
