/* Option values: numbers, signal names, CIDR addresses. */
#include <limits.h>

#include "common/child.h"
#include "common/netlink.h"
#include "common/opt.h"
#include "tests/fuzz/fuzz.h"

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
	free(s);
	return 0;
}
