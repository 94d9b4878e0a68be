/* sync.c - one-byte messages over a pipe between parent and child. */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
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

/* Room for the one fd sent: SCM_RIGHTS in its control message. */
union fd_control {
	struct cmsghdr header;
	char space[CMSG_SPACE(sizeof(int))];
};

int
sync_send_fd(int sock[2], int fd)
{
	union fd_control control;
	struct iovec iov = { "g", 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	ssize_t n;
	int err;

	close_end(&sock[0]);
	memset(&control, 0, sizeof(control));
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof(control.space);
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(fd));
	do /* no SIGPIPE: a side that is gone is an error to return */
		n = sendmsg(sock[1], &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	err = errno;
	close_end(&sock[1]);
	errno = err;
	return n == 1 ? 0 : -1;
}

int
sync_recv_fd(int sock[2])
{
	union fd_control control;
	char byte;
	struct iovec iov = { &byte, 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;
	ssize_t n;
	int fd = -1, err;

	close_end(&sock[1]);
	msg.msg_control = control.space;
	msg.msg_controllen = sizeof(control.space);
	do
		n = recvmsg(sock[0], &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	err = n < 0 ? errno : 0;
	c = n == 1 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
	    c->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	close_end(&sock[0]);
	errno = err;
	return fd;
}
