/* format.c - our own small printf. Linking stdio's vfprintf (floating point,
 * wide characters, FILE locking) would be a tenth of the static binary and
 * most of the instructions of a short run. */
#include <string.h>

#include "common/format.h"

struct sink {
	char *buf;
	size_t size, len; /* len counts what would be written */
};

static void
put(struct sink *s, const char *p, size_t n)
{
	if (s->len < s->size) {
		size_t room = s->size - s->len;

		memcpy(s->buf + s->len, p, n < room ? n : room);
	}
	s->len += n;
}

static void
put_repeat(struct sink *s, char c, size_t n)
{
	while (n-- > 0)
		put(s, &c, 1);
}

/* text padded to width: on the left unless left-justified; zeros go
 * after a sign. */
static void
put_field(struct sink *s, const char *text, size_t len, size_t width, int left,
    char fill)
{
	size_t pad = width > len ? width - len : 0;

	if (left) {
		put(s, text, len);
		put_repeat(s, ' ', pad);
		return;
	}
	if (fill == '0' && len > 0 && text[0] == '-') {
		put(s, text, 1);
		text++;
		len--;
	}
	put_repeat(s, fill, pad);
	put(s, text, len);
}

/* %s: at most prec bytes ((size_t)-1: all) of str, padded to width. */
static void
put_string(struct sink *s, const char *str, size_t prec, size_t width, int left)
{
	if (!str)
		str = "(null)";
	put_field(s, str, prec == (size_t)-1 ? strlen(str) : strnlen(str, prec),
	    width, left, ' ');
}

/* A decimal number at *f, after what n holds already. */
static size_t
read_digits(const char **f, size_t n)
{
	for (; **f >= '0' && **f <= '9'; (*f)++)
		n = n * 10 + (size_t)(**f - '0');
	return n;
}

/* v in base, written backwards from end; returns where it starts. */
static char *
digits(char *end, unsigned long long v, unsigned base, int neg)
{
	do {
		*--end = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		*--end = '-';
	return end;
}

int
vformat(char *buf, size_t size, const char *f, va_list ap)
{
	struct sink s = { buf, size ? size - 1 : 0, 0 };

	while (*f) {
		const char *lit = f;
		char num[24], *p;
		unsigned long long v;
		int left = 0, longs = 0, base = 10, neg = 0;
		size_t width = 0, prec = (size_t)-1;
		char fill = ' ';

		while (*f && *f != '%')
			f++;
		put(&s, lit, (size_t)(f - lit));
		if (!*f++)
			break;
		for (; *f == '-' || *f == '0'; f++)
			if (*f == '-')
				left = 1;
			else
				fill = '0';
		if (*f == '*') {
			int w = va_arg(ap, int);

			if (w < 0)
				left = 1, w = -w;
			width = (size_t)w;
			f++;
		}
		width = read_digits(&f, width);
		if (*f == '.') {
			f++;
			if (*f == '*') {
				int pr = va_arg(ap, int);

				prec = pr < 0 ? (size_t)-1 : (size_t)pr;
				f++;
			} else {
				prec = read_digits(&f, 0);
			}
		}
		for (; *f == 'l' || *f == 'z'; f++) /* z: size_t is long */
			longs++;
		switch (*f) {
		case 's':
			put_string(
			    &s, va_arg(ap, const char *), prec, width, left);
			f++;
			continue;
		case 'c':
			num[0] = (char)va_arg(ap, int);
			put_field(&s, num, 1, width, left, ' ');
			f++;
			continue;
		case 'd':
		case 'i': {
			long long sv = longs >= 2 ? va_arg(ap, long long)
			    : longs		  ? va_arg(ap, long)
						  : va_arg(ap, int);

			neg = sv < 0;
			v = neg ? 0ULL - (unsigned long long)sv
				: (unsigned long long)sv;
			break;
		}
		case 'x':
		case 'o':
			base = *f == 'x' ? 16 : 8;
			/* fall through */
		case 'u':
			v = longs >= 2 ? va_arg(ap, unsigned long long)
			    : longs    ? va_arg(ap, unsigned long)
				       : va_arg(ap, unsigned int);
			break;
		case '%':
			put(&s, "%", 1);
			f++;
			continue;
		default: /* not ours: shown as written */
			put(&s, "%", 1);
			continue;
		}
		f++;
		p = digits(num + sizeof(num), v, (unsigned)base, neg);
		put_field(
		    &s, p, (size_t)(num + sizeof(num) - p), width, left, fill);
	}
	if (size)
		buf[s.len < s.size ? s.len : s.size] = '\0';
	return (int)s.len;
}

int
format(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vformat(buf, size, f, ap);
	va_end(ap);
	return n;
}
