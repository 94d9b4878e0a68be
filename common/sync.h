/* sync.h - one-byte messages between a parent and its child over a
 * close-on-exec pipe: a byte says "go on"; a pipe closed unsent says the
 * other side failed (and has said why). And one fd handed over a socket
 * pair the same way. */
#ifndef NSBOX_SYNC_H
#define NSBOX_SYNC_H

#include <sys/types.h>

/* Read one byte, through EINTR: 1, 0 at end of file, -1 with errno. */
ssize_t sync_read(int fd, char *c);
/* Close our copy of the write end, wait for the other side's byte and
 * close the read end: 0 if it came, -1 if the other side gave up (errno
 * 0) or the read failed (errno says why). */
int sync_wait(int pipe_fd[2]);
/* Close our copy of the read end, send the byte and close the write
 * end: 0, or -1 with errno if the other side is gone. */
int sync_post(int pipe_fd[2]);
/* Close our copy of the other end, send fd over the socket pair and
 * close ours: 0, or -1 with errno if the other side is gone. */
int sync_send_fd(int sock[2], int fd);
/* Close our copy of the other end, receive the fd sent (close-on-exec)
 * and close ours: the fd, or -1 if the other side gave up (errno 0) or
 * the receive failed (errno says why). */
int sync_recv_fd(int sock[2]);

#endif
