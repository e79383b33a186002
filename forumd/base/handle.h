/* handle.h: the rules for members' handles: their shape and the reserved words. */
#ifndef FORUMD_HANDLE_H
#define FORUMD_HANDLE_H
#include <stdbool.h>
#include <stddef.h>

/* NULL when s is an acceptable new handle, else the reason (shape or reserved word). */
const char *handle_problem(const char *s);
/* True when s has the shape of a handle (3-24 of A-Z a-z 0-9 _ -). */
bool handle_shape_ok(const char *s);

/* One "@handle" in a text: bytes [start, end) from the '@', the handle [start + 1, end). */
struct handle_mention {
	size_t start, end;
};

/* The @handles of text, in order, at most max (later ones are not looked for): an '@' that
 * does not follow a letter, digit or ".%+-_" (so not an email's), then 3-24 handle
 * characters not followed by another (a longer run is no handle). Returns the count. */
size_t handle_mentions(const char *text, struct handle_mention *out, size_t max);

#endif
