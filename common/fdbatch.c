/* fdbatch.c - descriptors closed in bulk. Those kept for later (keep_max
 * and below) were opened before the batch or are wanted after it. */
#include <limits.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/fdbatch.h"

static struct {
	int active, lowest, keep_max, n;
	int fd[64];
} batch;

void
fd_drop(int fd)
{
	if (batch.active &&
	    batch.n < (int)(sizeof(batch.fd) / sizeof(batch.fd[0]))) {
		batch.fd[batch.n++] = fd;
		if (fd < batch.lowest)
			batch.lowest = fd;
	} else {
		close(fd);
	}
}

void
fd_keep(int fd)
{
	if (fd > batch.keep_max)
		batch.keep_max = fd;
}

void
fd_batch_start(void)
{
	batch.active = 1;
	batch.lowest = INT_MAX;
	batch.n = 0;
}

void
fd_batch_end(void)
{
	int from =
	    batch.lowest > batch.keep_max ? batch.lowest : batch.keep_max + 1;
	int bulk =
	    batch.n && syscall(SYS_close_range, (unsigned)from, ~0U, 0) == 0;

	for (int i = 0; i < batch.n; i++)
		if (!bulk || batch.fd[i] < from)
			close(batch.fd[i]);
	batch.active = 0;
	batch.n = 0;
}
