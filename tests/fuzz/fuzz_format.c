/* Our printf subset (common/format.c) against the C library's snprintf:
 * the input picks conversions, flags, widths, values and buffer sizes;
 * both must give the same text and the same return value. */
#include <stdio.h>

#include "common/format.h"
#include "tests/fuzz/fuzz.h"

struct input {
	const uint8_t *p, *end;
};

static unsigned
take(struct input *in)
{
	return in->p < in->end ? *in->p++ : 0;
}

static unsigned long long
take_value(struct input *in)
{
	unsigned long long v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | take(in);
	return v;
}

/* One conversion with its flags, width and precision, with literal text
 * around it; compared at one buffer size. */
static void
one(struct input *in)
{
	static const char convs[] = "sdiuxc%";
	static const char *lens[] = { "", "l", "ll", "z" };
	char spec[64], ours[256], theirs[256], str[40];
	unsigned op = take(in), width = take(in) % 40, size = take(in);
	char conv = convs[op % 7];
	const char *len = strchr("diux", conv) ? lens[(op >> 3) % 4] : "";
	int left = op & 0x20, zero = (op & 0x40) && strchr("diux", conv);
	int star = op & 0x80, prec = conv == 's' && (width & 1);
	unsigned long long v = take_value(in);
	const char *width_spec = star ? "*" : "7";
	int n1, n2;

	if (!star && !width)
		width_spec = "";
	size %= sizeof(ours) + 1;
	snprintf(spec, sizeof(spec), "<%%%s%s%s%s%s%c>|", left ? "-" : "",
	    zero ? "0" : "", width_spec, prec ? ".5" : "", len, conv);
	/* A string from the input, bytes 1..255 (NUL ends it). */
	for (size_t i = 0; i < sizeof(str) - 1; i++)
		str[i] = (char)(take(in) | 1);
	str[take(in) % sizeof(str)] = '\0';

#define BOTH(...)                                                              \
	do {                                                                   \
		n1 = format(ours, size, spec, __VA_ARGS__);                    \
		n2 = snprintf(theirs, size, spec, __VA_ARGS__);                \
	} while (0)
#define BOTH_STAR(...)                                                         \
	do {                                                                   \
		if (star)                                                      \
			BOTH((int)width - 20, __VA_ARGS__);                    \
		else                                                           \
			BOTH(__VA_ARGS__);                                     \
	} while (0)
	switch (conv) {
	case 's':
		BOTH_STAR(str);
		break;
	case 'c':
		BOTH_STAR((int)(v % 255 + 1));
		break;
	case '%':
		n1 = format(ours, size, "<%%|%s", str);
		n2 = snprintf(theirs, size, "<%%|%s", str);
		break;
	default:
		if (!*len)
			BOTH_STAR((int)v);
		else if (len[0] == 'z')
			BOTH_STAR((size_t)v);
		else if (len[1])
			BOTH_STAR((long long)v);
		else
			BOTH_STAR((long)v);
	}
	if (n1 != n2 || (size && strcmp(ours, theirs)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, data + size };

	while (in.p < in.end)
		one(&in);
	return 0;
}
