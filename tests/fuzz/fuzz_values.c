/* Option values: numbers, signal names, CIDR addresses; and the number
 * and substring scanners checked against libc's strtoull, strtoll and
 * strstr. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "common/child.h"
#include "common/netlink.h"
#include "common/opt.h"
#include "common/scan.h"
#include "tests/fuzz/fuzz.h"

/* As libc reads the same text. */
static void
check_scanners(const char *s)
{
	const char *p = s, *newline = strchr(s, '\n');
	char *end, *libc_end;
	unsigned long long v, libc_v;
	long long ll, libc_ll;
	int err;

	while (isspace((unsigned char)*p))
		p++;
	/* strtoull takes a sign; scan_ull does not. */
	if (*p != '-' && *p != '+') {
		errno = 0;
		v = scan_ull(s, &end);
		err = errno;
		errno = 0;
		libc_v = strtoull(s, &libc_end, 10);
		if (v != libc_v || end != libc_end || err != errno)
			abort();
	}
	/* parse_llong takes what strtoll reads whole, without blanks. */
	errno = 0;
	libc_ll = strtoll(s, &libc_end, 10);
	if ((parse_llong(s, &ll) == 0) !=
	    (*s && !isspace((unsigned char)*s) && !*libc_end && libc_end != s &&
		errno != ERANGE))
		abort();
	if (!*libc_end && errno != ERANGE && libc_end != s &&
	    !isspace((unsigned char)*s) && ll != libc_ll)
		abort();
	/* "HAYSTACK\nNEEDLE" */
	if (newline) {
		char *haystack = strndup(s, (size_t)(newline - s));

		if (haystack &&
		    scan_str(haystack, newline + 1) !=
			strstr(haystack, newline + 1))
			abort();
		free(haystack);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	unsigned long u;
	long long ll;
	int sig;

	if (!s)
		return 0;
	if (parse_ulong(s, UINT_MAX, &u) == 0 && u > UINT_MAX)
		abort();
	parse_llong(s, &ll);
	sig = signal_from_name(s);
	if (sig != -1 && (sig < 1 || sig >= 65))
		abort();
	nl_cidr_check(s);
	check_scanners(s);
	free(s);
	return 0;
}
