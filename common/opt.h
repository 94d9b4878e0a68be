/* opt.h - option parsing with the house conventions, and value parsers. */
#ifndef NSBOX_OPT_H
#define NSBOX_OPT_H

#include <getopt.h>

/* Every applet's option table ends with these two. */
#define OPT_HELP_VERSION                                                       \
	{ "help", no_argument, 'h' }, { "version", no_argument, 'V' },         \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

/* The namespace-type options (-m/--mount ... -T/--time), taken from the
 * one type table rather than written out in every applet. */
enum opt_ns {
	OPT_NS_NONE,	 /* the applet has none */
	OPT_NS_FLAG,	 /* -n, --net */
	OPT_NS_OPTIONAL, /* -n[ARG], --net[=ARG] (nsenter) */
	OPT_NS_LONG_ARG, /* -n, --net[=ARG] (unshare: -Ur is -U -r) */
};

/* A long option: getopt's struct option without the flag pointer no
 * applet uses, half the size in every table. */
struct opt_long {
	const char *name;
	short has_arg; /* no_argument, required_argument, optional_argument */
	short val;
};

struct opt_spec {
	const char *help;      /* first line: the usage line (man SYNOPSIS) */
	const char *shortopts; /* without the '+', 'hV' and type letters */
	const struct opt_long *longopts; /* an entry here shadows a type's */
	enum opt_ns ns_options;
};

/* The argument of the option opt_next returned (NULL if none), and the
 * index of the next word; set opt_ind = 0 to start over on another argv
 * (a half-read "-abc" is forgotten). */
extern char *opt_arg;
extern int opt_ind;
/* Parts of --help kept apart (ns-clone's sandbox options are also
 * bwrap's help), printed after spec's help in turn; NULL-terminated, or
 * NULL for none. */
extern const char *const *opt_more_help;

/* getopt_long's grammar, without permutation: options end at the first
 * operand, "-" or "--". Short options cluster ("-fp"), optional
 * arguments attach ("-n/run/x", "--net=x"), a long name may be
 * abbreviated while it is unambiguous. Handles --help, --version and
 * misuse itself; returns the next option, or -1. */
int opt_next(int argc, char **argv, const struct opt_spec *spec);
/* Print the usage line and "Try ..." to stderr and exit with the
 * applet's failure status, after the message given. */
void opt_misuse(const struct opt_spec *spec, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

/* text, a part of the help whose usage line is help's, on stdout: the
 * applet's own name replaced by the one we were called by, tabs padded
 * to the description column. 0, or -1 if it did not get out. */
int opt_print_help(const char *help, const char *text);

/* Whole decimal number in [0, max]; -1 with errno EINVAL/ERANGE else. */
int parse_ulong(const char *s, unsigned long max, unsigned long *out);
/* Whole decimal number, sign allowed, fitting a long long. */
int parse_llong(const char *s, long long *out);

#endif
