/* opt.c - option parsing shared by every applet: one place that knows how
 * --help, --version and misuse look. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/die.h"
#include "common/format.h"
#include "common/ns.h"
#include "common/opt.h"
#include "common/out.h"
#include "common/scan.h"

#ifndef NSBOX_VERSION
#define NSBOX_VERSION "0"
#endif

/* The help texts are written for an applet's own name, the word after
 * "Usage: "; they are shown with the name we were called by (nsenter,
 * ns-setns), which is the name the user types. */
#define HELP_NAME_AT 7 /* strlen("Usage: ") */

static size_t
help_name_len(const char *help)
{
	return strcspn(help + HELP_NAME_AT, " \n");
}

static int
word_char(int c)
{
	return c == '-' || c == '_' || (unsigned)((c | 32) - 'a') < 26 ||
	    (unsigned)(c - '0') < 10;
}

/* The help with each word that is the applet's own name replaced, and
 * each tab padded out to the column where option descriptions start:
 * the texts say "\t" for the run of spaces, which the binary need not
 * hold a hundred times. */
#define HELP_TAB_COLUMN 28

int
opt_print_help(const char *help, const char *text)
{
	const char *name = help + HELP_NAME_AT;
	size_t len = help_name_len(help), column = 0;

	for (const char *p = text; *p;) {
		if (!strncmp(p, name, len) && !word_char(p[len]) &&
		    (p == text || !word_char(p[-1]))) {
			out_str(applet_name);
			column += strlen(applet_name);
			p += len;
		} else if (*p == '\t') {
			do
				out_char(' ');
			while (++column < HELP_TAB_COLUMN);
			p++;
		} else {
			column = *p == '\n' ? 0 : column + 1;
			out_char(*p++);
		}
	}
	return out_flush();
}

void
opt_misuse(const struct opt_spec *spec, const char *fmt, ...)
{
	char msg[1024];
	const char *rest =
	    spec->help + HELP_NAME_AT + help_name_len(spec->help);
	char buf[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	vformat(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = format(buf, sizeof(buf),
	    "%s: %s\n%.*s%s%.*s\nTry '%s --help' for "
	    "more information.\n",
	    applet_name, msg, HELP_NAME_AT, spec->help, applet_name,
	    (int)strcspn(rest, "\n"), rest, applet_name);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	(void)write_all(STDERR_FILENO, buf, (size_t)n);
	exit(applet_fail_status);
}

char *opt_arg;
int opt_ind = 1;
const char *const *opt_more_help;
static const char *cluster; /* the rest of a "-abc" word being read */

/* How a short option letter takes its argument, or -1 if unknown. */
static int
short_option(const struct opt_spec *spec, int c)
{
	const char *p = spec->shortopts;

	if (c == ':' || c == '\0')
		return -1;
	/* A dozen letters: a plain scan costs less than strchr's setup. */
	while (*p && *p != c)
		p++;
	if (*p)
		return p[1] != ':' ? no_argument
		    : p[2] == ':'  ? optional_argument
				   : required_argument;
	if (spec->ns_options != OPT_NS_NONE && ns_by_opt(c))
		return spec->ns_options == OPT_NS_OPTIONAL ? optional_argument
							   : no_argument;
	return c == 'h' || c == 'V' ? no_argument : -1;
}

/* The n-th long option: the applet's own first (so they shadow), then
 * one per namespace type from the type table. */
static int
long_option(const struct opt_spec *spec, int n, struct opt_long *o)
{
	for (const struct opt_long *p = spec->longopts; p->name; p++)
		if (n-- == 0) {
			*o = *p;
			return 1;
		}
	if (spec->ns_options == OPT_NS_NONE || n >= ns_type_count)
		return 0;
	o->name = ns_types[n].longopt;
	o->has_arg =
	    spec->ns_options == OPT_NS_FLAG ? no_argument : optional_argument;
	o->val = ns_types[n].opt;
	return 1;
}

/* "--name[=value]": an exact name, else the one option it abbreviates
 * (several that abbreviate the same option are one). */
static int
next_long(const struct opt_spec *spec, int argc, char **argv, char *word)
{
	const char *name = word + 2, *eq = strchrnul(name, '=');
	size_t len = (size_t)(eq - name);
	struct opt_long o, found = { NULL, 0, 0 };
	int matches = 0;

	for (int n = 0; long_option(spec, n, &o); n++) {
		if (strncmp(o.name, name, len))
			continue;
		if (!o.name[len]) {
			found = o;
			matches = 1;
			break;
		}
		if (!matches)
			found = o, matches = 1;
		else if (o.has_arg != found.has_arg || o.val != found.val)
			matches++;
	}
	if (matches == 0)
		opt_misuse(spec, "unrecognized option '%s'", word);
	if (matches > 1)
		opt_misuse(spec, "option '%s' is ambiguous", word);
	opt_arg = NULL;
	if (*eq) {
		if (found.has_arg == no_argument)
			opt_misuse(spec,
			    "option '--%s' doesn't allow an argument",
			    found.name);
		opt_arg = (char *)eq + 1;
	} else if (found.has_arg == required_argument) {
		if (opt_ind >= argc)
			opt_misuse(spec, "option '--%s' requires an argument",
			    found.name);
		opt_arg = argv[opt_ind++];
	}
	return found.val;
}

static int
next_short(const struct opt_spec *spec, int argc, char **argv)
{
	int c = (unsigned char)*cluster++;
	int has_arg = short_option(spec, c);

	opt_arg = NULL;
	if (has_arg < 0)
		opt_misuse(spec, "invalid option -- '%c'", c);
	if (has_arg != no_argument && *cluster) {
		opt_arg = (char *)cluster;
		cluster = "";
	} else if (has_arg == required_argument) {
		if (opt_ind >= argc)
			opt_misuse(
			    spec, "option requires an argument -- '%c'", c);
		opt_arg = argv[opt_ind++];
	}
	if (!*cluster)
		cluster = NULL;
	return c;
}

int
opt_next(int argc, char **argv, const struct opt_spec *spec)
{
	int c;

	if (opt_ind == 0) { /* start over, as with getopt */
		opt_ind = 1;
		cluster = NULL;
	}
	if (cluster) {
		c = next_short(spec, argc, argv);
	} else {
		char *word = opt_ind < argc ? argv[opt_ind] : NULL;

		/* Options end at the first operand, at "-" and after "--". */
		if (!word || word[0] != '-' || !word[1])
			return -1;
		opt_ind++;
		if (!strcmp(word, "--"))
			return -1;
		if (word[1] == '-') {
			c = next_long(spec, argc, argv, word);
		} else {
			cluster = word + 1;
			c = next_short(spec, argc, argv);
		}
	}
	if (c == 'h') {
		/* A help text that did not get out is a failure. */
		int err = opt_print_help(spec->help, spec->help);

		for (int i = 0; opt_more_help && opt_more_help[i]; i++)
			err |= opt_print_help(spec->help, opt_more_help[i]);
		exit(err < 0 ? applet_fail_status : 0);
	}
	if (c == 'V') {
		char buf[128];
		int n = format(buf, sizeof(buf), "%s (nsbox) %s\n", applet_name,
		    NSBOX_VERSION);

		exit(write_all(STDOUT_FILENO, buf, (size_t)n) < 0
			? applet_fail_status
			: 0);
	}
	return c;
}

int
parse_ulong(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long long v;
	char *end;

	if (!s || *s < '0' || *s > '9') {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = scan_ull(s, &end);
	if (*end) {
		errno = EINVAL;
		return -1;
	}
	if (errno == ERANGE || v > max) {
		errno = ERANGE;
		return -1;
	}
	*out = (unsigned long)v;
	return 0;
}

int
parse_llong(const char *s, long long *out)
{
	unsigned long long v;
	int negative = 0;
	char *end;

	if (s && (*s == '-' || *s == '+'))
		negative = *s++ == '-';

	if (!s || *s < '0' || *s > '9') {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = scan_ull(s, &end);
	if (*end) {
		errno = EINVAL;
		return -1;
	}
	if (v > (unsigned long long)LLONG_MAX + negative) {
		errno = ERANGE;
		return -1;
	}
	*out = negative ? (long long)(0 - v) : (long long)v;
	return 0;
}
