/* reaper.h - a tiny init for a new PID namespace (--init). */
#ifndef NSBOX_REAPER_H
#define NSBOX_REAPER_H

#include <signal.h>

/* Run as PID 1: start the command as PID 2, pass it every signal we get,
 * reap every orphan, and exit with the command's status (128+N when a
 * signal killed it: PID 1 cannot die of a signal sent from inside).
 * mask is the signal mask the command starts with. */
void reaper_run(char **argv, const sigset_t *mask) __attribute__((noreturn));

#endif
