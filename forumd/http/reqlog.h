/* reqlog.h: the request log, one line per answer on stderr, written by a thread of its own
 * from a bounded buffer: a worker only copies its line in and never waits on the disk or
 * pipe behind stderr. When the buffer is full the line is dropped and counted, and the
 * count is logged once the writer catches up. */
#ifndef FORUMD_REQLOG_H
#define FORUMD_REQLOG_H
#include <stddef.h>
#include <stdint.h>

/* Starts the writer thread (call once, before the workers). Returns 0 or -1. */
int reqlog_start(void);

/* Queues one line (a newline is added); never blocks on I/O. Before reqlog_start or after
 * reqlog_stop, the line is written directly. */
void reqlog_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes what is queued, waiting at most about two seconds for a stderr that does not take
 * it, and stops the thread. */
void reqlog_stop(void);
#endif
