/* out.c - buffered standard output. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/die.h"
#include "common/format.h"
#include "common/out.h"

static char buf[16384];
static size_t used;
static int failed_errno; /* first write error, kept for out_flush */

int
write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

static void
drain(void)
{
	if (used && write_all(STDOUT_FILENO, buf, used) < 0 && !failed_errno)
		failed_errno = errno ? errno : EIO;
	used = 0;
}

void
out_write(const char *s, size_t len)
{
	if (len > sizeof(buf) - used) {
		drain();
		if (len >= sizeof(buf)) {
			if (write_all(STDOUT_FILENO, s, len) < 0 &&
			    !failed_errno)
				failed_errno = errno ? errno : EIO;
			return;
		}
	}
	memcpy(buf + used, s, len);
	used += len;
}

void
out_str(const char *s)
{
	out_write(s, strlen(s));
}

void
out_char(char c)
{
	if (used == sizeof(buf))
		drain();
	buf[used++] = c;
}

void
out_fmt(const char *f, ...)
{
	va_list ap;
	char *big;
	int n;

	/* Straight into the buffer when it fits, else once more after a
	 * drain, else through a buffer of the size asked for. */
	for (int attempt = 0; attempt < 2; attempt++) {
		va_start(ap, f);
		n = vformat(buf + used, sizeof(buf) - used, f, ap);
		va_end(ap);
		if ((size_t)n < sizeof(buf) - used) {
			used += (size_t)n;
			return;
		}
		drain();
	}
	if (!(big = malloc((size_t)n + 1)))
		die("out of memory");
	va_start(ap, f);
	vformat(big, (size_t)n + 1, f, ap);
	va_end(ap);
	out_write(big, (size_t)n);
	free(big);
}

int
out_flush(void)
{
	drain();
	if (failed_errno) {
		errno = failed_errno;
		return -1;
	}
	return 0;
}
