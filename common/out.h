/* out.h - standard output through our own buffer, without stdio.
 *
 * Listings go out in large writes; a write that fails (EPIPE included) is
 * remembered and reported by out_flush(), so an applet can turn it into
 * its exit status. */
#ifndef NSBOX_OUT_H
#define NSBOX_OUT_H

#include <stddef.h>

void out_write(const char *s, size_t len);
void out_str(const char *s);
void out_char(char c);
void out_fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* Write out what is buffered; 0, or -1 with errno if any write of this
 * run failed. */
int out_flush(void);
/* Write all of s to fd, retrying after EINTR and short writes; -1 with
 * errno on failure. */
int write_all(int fd, const char *s, size_t len);

#endif
