/* format.h - printf-style formatting into a buffer, without stdio.
 *
 * The subset nsbox uses: %s %c %d %i %u %x %o %%, the flags '-' and '0', a
 * width and a precision (digits or '*'; precision for %s only), and the
 * lengths l, ll and z. Like snprintf(3) it returns the length the whole
 * result needs and stores at most size - 1 bytes and a '\0'. */
#ifndef NSBOX_FORMAT_H
#define NSBOX_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

int format(char *buf, size_t size, const char *f, ...)
    __attribute__((format(printf, 3, 4)));
int vformat(char *buf, size_t size, const char *f, va_list ap);

#endif
