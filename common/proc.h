/* proc.h - reading the /proc/PID files more than one applet parses. */
#ifndef NSBOX_PROC_H
#define NSBOX_PROC_H

#include <sys/types.h>

/* "PID (COMM) STATE PPID ..." from /proc/PID/stat: COMM may hold spaces
 * and parentheses, so it ends at the last ')'. 0 ok, -1 malformed. */
int proc_stat_parse(const char *line, char *comm, size_t size, pid_t *ppid);
/* num_threads (field 20) of a stat line; 0 if it is malformed. */
long proc_stat_threads(const char *line);
/* A NUL-separated cmdline (n bytes) as one space-separated string, in
 * place; returns its length. */
size_t proc_cmdline_join(char *buf, size_t n);

#endif
