/* opt.h - getopt_long with the house conventions, and value parsers. */
#ifndef NSBOX_OPT_H
#define NSBOX_OPT_H

#include <getopt.h>

/* Every applet's option table ends with these two. */
#define OPT_HELP_VERSION                                                       \
	{ "help", no_argument, NULL, 'h' },                                    \
	    { "version", no_argument, NULL, 'V' },                             \
	{                                                                      \
		NULL, 0, NULL, 0                                               \
	}

struct opt_spec {
	const char *help;      /* first line: the usage line (man SYNOPSIS) */
	const char *shortopts; /* without the leading '+' and 'hV' */
	const struct option *longopts;
};

/* getopt_long with '+' (stop at the first operand). Handles --help,
 * --version and misuse itself; returns the next option, or -1. */
int opt_next(int argc, char **argv, const struct opt_spec *spec);
/* Print the usage line and "Try ..." to stderr and exit with the
 * applet's failure status, after the message given. */
void opt_misuse(const struct opt_spec *spec, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* Whole decimal number in [0, max]; -1 with errno EINVAL/ERANGE else. */
int parse_ulong(const char *s, unsigned long max, unsigned long *out);
/* Whole decimal number, sign allowed, fitting a long long. */
int parse_llong(const char *s, long long *out);

#endif
