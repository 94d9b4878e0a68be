/* die.h - error reporting and the exit statuses every applet uses. */
#ifndef NSBOX_DIE_H
#define NSBOX_DIE_H

#include <stdarg.h>

#include "common/feature.h"

/* Exit statuses (SPEC "Exit status"). */
enum {
	EXIT_REPORT_FAIL = 1,	/* a reporting applet failed */
	EXIT_OWN_FAIL = 125,	/* a chain-loader failed itself */
	EXIT_CANNOT_EXEC = 126, /* command found but not executable */
	EXIT_NOT_FOUND = 127,	/* command or applet not found */
};

/* Name used as the message prefix: argv[0]'s basename. */
extern const char *applet_name;
/* Status die() exits with: 125 for chain-loaders, 1 for reporters. */
extern int applet_fail_status;
/* Where messages go: standard error, or a copy of the caller's once
 * standard error is something else (ns-exec --pty). */
extern int message_fd;
/* Set: each message starts with its syslog level, <3> for an error and
 * <4> for a warning (bwrap --level-prefix, for journald). */
extern int message_levels;

/* Each message goes out in one write(2): parent and child both write. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn_errno(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A build without help has no hints either: an empty inline function,
 * so the compiler drops their text and still checks their arguments. */
#if HAVE_HELP
void hint(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#else
static inline __attribute__((format(printf, 1, 2))) void
hint(const char *fmt, ...)
{
	(void)fmt;
}
#endif
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void die_errno(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
void die_status(int status, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));
void vmessage(int err, const char *fmt, va_list ap);
/* s with control characters and '\' as \xHH, for a one-line message. */
const char *printable(const char *s, char *buf, unsigned long size);

#endif
