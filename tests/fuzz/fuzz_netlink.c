/* An rtnetlink answer to RTM_GETNSID, as the kernel might send it. */
#include "common/netlink.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static long aligned[1024];
	int nsid;

	if (size > sizeof(aligned))
		size = sizeof(aligned);
	memcpy(aligned, data, size);
	nsid = nl_nsid_from_reply(aligned, size);
	if (nsid < -2)
		abort();
	return 0;
}
