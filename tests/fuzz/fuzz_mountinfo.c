/* A /proc/PID/mountinfo line, as common/mountinfo.c parses it, and the
 * namespace an nsfs mount's root names (common/nsfs.c). */
#include "common/mountinfo.h"
#include "common/nsfs.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mountinfo m;
	char *line = fuzz_string(data, size);

	if (line && mountinfo_parse(line, &m) == 0) {
		unsigned long ino = 0;

		/* Every field points inside the line and is terminated. */
		if (strlen(m.root) > size || strlen(m.mountpoint) > size ||
		    strlen(m.fstype) > size || strlen(m.source) > size ||
		    strlen(m.optional) > size)
			abort();
		/* A pin names a type we know and a namespace, never 0. */
		if (nsfs_mount_ns(&m, &ino) && !ino)
			abort();
	}
	free(line);
	return 0;
}
