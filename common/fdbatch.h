/* fdbatch.h - closing the descriptors opened while one process is read
 * all together, with one close_range(2) instead of a close each: a scan
 * of /proc opens most of its descriptors that way, for thousands of
 * processes. */
#ifndef NSBOX_FDBATCH_H
#define NSBOX_FDBATCH_H

void fd_batch_start(void);
/* Closes what fd_drop() was given since fd_batch_start(). */
void fd_batch_end(void);
/* fd is done with: closed now outside a batch, else at its end. */
void fd_drop(int fd);
/* fd stays open across batches: it and every descriptor below it are
 * never closed in bulk. Call it for each fd kept for later, and for
 * those opened before the first batch. */
void fd_keep(int fd);

#endif
