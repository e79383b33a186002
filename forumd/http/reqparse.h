/* reqparse.h: a request's path, query and form decoded from the bytes evhttp holds, each
 * checked clean; pure functions of their input (what request_parse runs, and what the
 * fuzzers feed). Each returns 0, or the HTTP status to answer. */
#ifndef FORUMD_REQPARSE_H
#define FORUMD_REQPARSE_H
#include <stdbool.h>
#include <stddef.h>
#include <event2/keyvalq_struct.h>

/* The raw path (as in the request line, before '?') percent-decoded into *path (a new
 * string the caller frees, also on failure when set): 400 when it does not start with '/',
 * decodes to a NUL or to text that is not clean (text.h); 414 when too long. */
int reqparse_path(const char *raw, char **path);

/* The query string's pairs into out (evhttp_clear_headers frees them): 400 for a %00, a
 * malformed pair or a key or value that is not clean one-line text. */
int reqparse_query(const char *q, struct evkeyvalq *out);

/* A form body of len bytes (NUL-terminated at len) into out: 400 when it holds a NUL byte or
 * a malformed pair. *nul tells whether it held %00 (which the handler answers itself). */
int reqparse_form(const char *body, size_t len, struct evkeyvalq *out, bool *nul);
#endif
