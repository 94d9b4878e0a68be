/* lines.h - reading a file line by line, without stdio. */
#ifndef NSBOX_LINES_H
#define NSBOX_LINES_H

#include <stddef.h>

struct lines {
	int fd;
	size_t start, end; /* unread bytes are buf[start..end) */
	int error;	   /* a failed read's errno, or 0 */
	char buf[8192];
};

/* Open path (O_CLOEXEC); 0, or -1 with errno. */
int lines_open(struct lines *l, const char *path);
/* Read from fd, which lines_close will close. */
void lines_from_fd(struct lines *l, int fd);
/* The next line into line, without its '\n': at most size - 1 bytes, the
 * rest of a longer line is skipped. 1, or 0 at the end or on an error
 * (then l->error holds its errno). */
int lines_next(struct lines *l, char *line, size_t size);
void lines_close(struct lines *l);

#endif
