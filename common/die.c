/* die.c - one-line error messages, each written with a single write(2). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/die.h"
#include "common/format.h"
#include "common/out.h"

const char *applet_name = "nsbox";
int applet_fail_status = EXIT_OWN_FAIL;
int message_fd = STDERR_FILENO;
int message_levels;

/* The syslog level of the message being written: errors 3, else 4. */
static int dying;

/* Append str to the line, leaving room for its newline. */
static size_t
append(char *line, size_t size, size_t len, const char *str)
{
	size_t n = strlen(str);

	if (n > size - 2 - len)
		n = size - 2 - len;
	memcpy(line + len, str, n);
	return len + n;
}

/* "APPLET: message[: strerror]\n" in one buffer, so a message from the
 * parent and one from its child never interleave mid-line. Only the
 * message goes through format: the rest is copied. */
void
vmessage(int err, const char *fmt, va_list ap)
{
	char line[1024];
	size_t len = 0;
	int n;

	if (message_levels)
		len = append(line, sizeof(line), 0, dying ? "<3>" : "<4>");
	len = append(line, sizeof(line), len, applet_name);

	len = append(line, sizeof(line), len, ": ");
	n = vformat(line + len, sizeof(line) - len, fmt, ap);
	if (n > 0)
		len += (size_t)n;
	if (len > sizeof(line) - 2)
		len = sizeof(line) - 2;
	if (err) {
		len = append(line, sizeof(line), len, ": ");
		len = append(line, sizeof(line), len, strerror(err));
	}
	line[len++] = '\n';
	(void)!write(message_fd, line, len);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(0, fmt, ap);
	va_end(ap);
}

void
warn_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmessage(err, fmt, ap);
	va_end(ap);
	errno = err;
}

#if HAVE_HELP
void
hint(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	warn("hint: %s", buf);
}
#endif

/* Output printed before the failure still goes out, as stdio's exit
 * would have done. */
static void __attribute__((noreturn)) leave(int status)
{
	out_flush();
	exit(status);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	dying = 1;
	va_start(ap, fmt);
	vmessage(0, fmt, ap);
	va_end(ap);
	leave(applet_fail_status);
}

void
die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	dying = 1;
	va_start(ap, fmt);
	vmessage(err, fmt, ap);
	va_end(ap);
	leave(applet_fail_status);
}

void
die_status(int status, const char *fmt, ...)
{
	va_list ap;

	dying = 1;
	va_start(ap, fmt);
	vmessage(0, fmt, ap);
	va_end(ap);
	leave(status);
}

const char *
printable(const char *s, char *buf, unsigned long size)
{
	unsigned long len = 0;

	for (; *s && len + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f || c == '\\')
			len += (unsigned long)format(
			    buf + len, size - len, "\\x%02x", c);
		else
			buf[len++] = (char)c;
	}
	buf[len] = '\0';
	return buf;
}
