/* opt.c - option parsing shared by every applet: one place that knows how
 * --help, --version and misuse look. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/die.h"
#include "common/ns.h"
#include "common/opt.h"

#ifndef NSBOX_VERSION
#define NSBOX_VERSION "0"
#endif

static void
write_all(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

void
opt_misuse(const struct opt_spec *spec, const char *fmt, ...)
{
	char msg[1024];
	const char *nl = strchr(spec->help, '\n');
	int usage_len = nl ? (int)(nl - spec->help) : (int)strlen(spec->help);
	char buf[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = snprintf(buf, sizeof(buf),
	    "%s: %s\n%.*s\nTry '%s --help' for "
	    "more information.\n",
	    applet_name, msg, usage_len, spec->help, applet_name);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	write_all(STDERR_FILENO, buf, (size_t)n);
	exit(applet_fail_status);
}

/* The option as the user typed it, for messages. */
static const char *
typed_option(char **argv)
{
	return argv[optind - 1];
}

/* The applet's own options first (getopt_long takes the first exact
 * match), then one per namespace type from the type table. */
static const struct option *
all_longopts(const struct opt_spec *spec, char *shortopts, size_t size)
{
	static struct option all[96];
	size_t n = 0, len;

	for (const struct option *o = spec->longopts; o->name && n < 80; o++)
		all[n++] = *o;
	len = (size_t)snprintf(shortopts, size, "+:%s", spec->shortopts);
	if (spec->ns_options != OPT_NS_NONE)
		NS_FOREACH(t)
		{
			all[n].name = t->longopt;
			all[n].has_arg = spec->ns_options == OPT_NS_FLAG
			    ? no_argument
			    : optional_argument;
			all[n].flag = NULL;
			all[n++].val = t->opt;
			len += (size_t)snprintf(shortopts + len, size - len,
			    spec->ns_options == OPT_NS_FLAG ? "%c" : "%c::",
			    t->opt);
		}
	snprintf(shortopts + len, size - len, "hV");
	all[n] = (struct option){ NULL, 0, NULL, 0 };
	return all;
}

int
opt_next(int argc, char **argv, const struct opt_spec *spec)
{
	static char shortopts[128];
	static const struct option *longopts;
	int c;

	if (!longopts)
		longopts = all_longopts(spec, shortopts, sizeof(shortopts));
	opterr = 0;
	c = getopt_long(argc, argv, shortopts, longopts, NULL);
	switch (c) {
	case 'h':
		write_all(STDOUT_FILENO, spec->help, strlen(spec->help));
		exit(0);
	case 'V': {
		char buf[128];
		int n = snprintf(buf, sizeof(buf), "%s (nsbox) %s\n",
		    applet_name, NSBOX_VERSION);

		write_all(STDOUT_FILENO, buf, (size_t)n);
		exit(0);
	}
	case ':':
		if (!strncmp(typed_option(argv), "--", 2))
			opt_misuse(spec, "option '%s' requires an argument",
			    typed_option(argv));
		opt_misuse(spec, "option requires an argument -- '%c'", optopt);
	case '?':
		/* Long options leave optopt 0 when unknown; one given an
		 * argument it does not take leaves its value there. */
		if (optopt == 0)
			opt_misuse(spec, "unrecognized option '%s'",
			    typed_option(argv));
		if (optopt > 255 || strchr(spec->shortopts, optopt))
			opt_misuse(spec,
			    "option '%s' doesn't allow an "
			    "argument",
			    typed_option(argv));
		opt_misuse(spec, "invalid option -- '%c'", optopt);
	}
	return c;
}

int
parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	if (!s || *s < '0' || *s > '9') {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end) {
		errno = EINVAL;
		return -1;
	}
	if (errno == ERANGE || v > max) {
		errno = ERANGE;
		return -1;
	}
	*out = v;
	return 0;
}

int
parse_llong(const char *s, long long *out)
{
	long long v;
	char *end;

	if (!s || !*s) {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end || end == s) {
		errno = EINVAL;
		return -1;
	}
	if (errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}
