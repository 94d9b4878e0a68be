/* lines.c - line-by-line reading of /proc and /etc files. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common/lines.h"

int
lines_open(struct lines *l, const char *path)
{
	/* openat: musl's open() adds an fcntl for O_CLOEXEC. */
	int fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	lines_from_fd(l, fd);
	return 0;
}

void
lines_from_fd(struct lines *l, int fd)
{
	l->fd = fd;
	l->start = l->end = 0;
	l->error = 0;
}

/* Refill after the unread bytes are moved to the front; the count read,
 * 0 at the end, -1 on an error. */
static ssize_t
refill(struct lines *l)
{
	ssize_t n;

	memmove(l->buf, l->buf + l->start, l->end - l->start);
	l->end -= l->start;
	l->start = 0;
	do
		n = read(l->fd, l->buf + l->end, sizeof(l->buf) - l->end);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		l->end += (size_t)n;
	else if (n < 0)
		l->error = errno;
	return n;
}

int
lines_next(struct lines *l, char *line, size_t size)
{
	size_t len = 0, seen = 0;

	if (l->fd < 0 || !size)
		return 0;
	for (;;) {
		char *p = l->buf + l->start;
		size_t avail = l->end - l->start;
		char *nl = memchr(p, '\n', avail);
		size_t take = nl ? (size_t)(nl - p) : avail;

		seen += take;

		if (len < size - 1) {
			size_t room = size - 1 - len;

			memcpy(line + len, p, take < room ? take : room);
			len += take < room ? take : room;
		}
		if (nl) {
			l->start += take + 1;
			break;
		}
		l->start = l->end;
		if (refill(l) <= 0) {
			if (!seen)
				return 0;
			break; /* a last line without '\n' */
		}
	}
	line[len] = '\0';
	return 1;
}

void
lines_close(struct lines *l)
{
	if (l->fd >= 0)
		close(l->fd);
	l->fd = -1;
}
