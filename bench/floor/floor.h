/* floor.h - what the floor programs share: a one-write error line and the
 * exec that ends each of them. Static functions in a header on purpose:
 * each floor program is one file that includes only this. */
#ifndef NSBOX_BENCH_FLOOR_H
#define NSBOX_BENCH_FLOOR_H

#include <errno.h>
#include <string.h>
#include <unistd.h>

static void fail(const char *what, int err, int status)
    __attribute__((noreturn));
static void run(char **argv) __attribute__((noreturn));

/* "floor: WHAT: strerror(ERR)" in one write, then exit with STATUS. */
static void
fail(const char *what, int err, int status)
{
	char line[256];
	size_t n = 0;
	const char *part[] = { "floor: ", what, err ? ": " : "",
		err ? strerror(err) : "" };

	for (size_t i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
		size_t len = strlen(part[i]);

		if (len > sizeof(line) - 1 - n)
			len = sizeof(line) - 1 - n;
		memcpy(line + n, part[i], len);
		n += len;
	}
	line[n++] = '\n';
	if (write(2, line, n) < 0) {
		/* nothing left to tell */
	}
	_exit(status);
}

/* The command, found on $PATH; 127 not found, 126 not executable. */
static void
run(char **argv)
{
	execvp(argv[0], argv);
	fail(argv[0], errno, errno == ENOENT ? 127 : 126);
}

#endif
