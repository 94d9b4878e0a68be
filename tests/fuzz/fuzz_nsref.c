/* Namespace references: PID, path or name, for every type. */
#include <limits.h>

#include "common/nsref.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *spec = fuzz_string(data, size), path[PATH_MAX];

	if (!spec)
		return 0;
	nsref_path(spec, NULL, path, sizeof(path));
	NS_FOREACH(t)
		if (nsref_path(spec, t, path, sizeof(path)) == NSREF_OK &&
		    strlen(path) >= sizeof(path))
			abort();
	free(spec);
	return 0;
}
