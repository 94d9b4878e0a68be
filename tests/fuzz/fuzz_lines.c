/* The line reader (common/lines.c) against a plain split of the same
 * bytes: every line, in order, cut to the caller's buffer, none lost or
 * added, across reads of any size. The first byte picks the buffer size. */
#include <sys/mman.h>
#include <unistd.h>

#include "common/lines.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int memfd = -1;
	static struct lines l;
	char line[300], want[300];
	size_t cap, pos = 1;

	if (size < 1)
		return 0;
	cap = 1 + data[0] % sizeof(line);
	if (memfd < 0 && (memfd = memfd_create("fuzz_lines", 0)) < 0)
		abort();
	if (ftruncate(memfd, 0) < 0 ||
	    pwrite(memfd, data + 1, size - 1, 0) != (ssize_t)(size - 1) ||
	    lseek(memfd, 0, SEEK_SET) < 0)
		abort();
	lines_from_fd(&l, dup(memfd));
	while (pos < size) {
		const uint8_t *nl = memchr(data + pos, '\n', size - pos);
		size_t len = nl ? (size_t)(nl - data - pos) : size - pos;
		size_t keep = len < cap - 1 ? len : cap - 1;

		memcpy(want, data + pos, keep);
		want[keep] = '\0';
		if (!lines_next(&l, line, cap) || strcmp(line, want))
			abort();
		pos += len + 1;
	}
	if (lines_next(&l, line, cap))
		abort();
	lines_close(&l);
	return 0;
}
