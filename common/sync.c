/* sync.c - one-byte messages over a pipe between parent and child. */
#include <errno.h>
#include <unistd.h>

#include "common/sync.h"

ssize_t
sync_read(int fd, char *c)
{
	ssize_t n;

	do
		n = read(fd, c, 1);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Each end is closed once, here, and marked so. */
static void
close_end(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int
sync_wait(int pipe_fd[2])
{
	char c;
	ssize_t n;
	int err;

	/* Our own write end open would hide the other side's exit. */
	close_end(&pipe_fd[1]);
	n = sync_read(pipe_fd[0], &c);
	err = n < 0 ? errno : 0;
	close_end(&pipe_fd[0]);
	errno = err;
	return n == 1 ? 0 : -1;
}

int
sync_post(int pipe_fd[2])
{
	ssize_t n;
	int err;

	close_end(&pipe_fd[0]);
	do
		n = write(pipe_fd[1], "g", 1);
	while (n < 0 && errno == EINTR);
	err = errno;
	close_end(&pipe_fd[1]);
	errno = err;
	return n == 1 ? 0 : -1;
}
