/* scan.c - decimal numbers read from text. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "common/scan.h"

unsigned long long
scan_ull(const char *s, char **end)
{
	const char *p = s;
	unsigned long long v = 0;
	int digits = 0;

	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		unsigned d = (unsigned)(*p - '0');

		if (v > (ULLONG_MAX - d) / 10) {
			errno = ERANGE;
			v = ULLONG_MAX;
		} else {
			v = v * 10 + d;
		}
	}
	if (end)
		*end = (char *)(digits ? p : s);
	return v;
}

char *
scan_str(const char *haystack, const char *needle)
{
	size_t len = strlen(needle);

	if (!len)
		return (char *)haystack;
	/* strchr(3) skips a word at a time to each candidate. */
	for (; (haystack = strchr(haystack, *needle)); haystack++)
		if (!strncmp(haystack, needle, len))
			return (char *)haystack;
	return NULL;
}
