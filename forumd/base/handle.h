/* handle.h: the rules for members' handles: their shape and the reserved words. */
#ifndef FORUMD_HANDLE_H
#define FORUMD_HANDLE_H
#include <stdbool.h>

/* NULL when s is an acceptable new handle, else the reason (shape or reserved word). */
const char *handle_problem(const char *s);
/* True when s has the shape of a handle (3-24 of A-Z a-z 0-9 _ -). */
bool handle_shape_ok(const char *s);

#endif
