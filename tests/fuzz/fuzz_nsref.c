/* Namespace references: PID, path or name, for every type; and the rule
 * for the names of network namespaces that nsref, the pins and ns-netns
 * share. */
#include <limits.h>

#include "common/nsfs.h"
#include "common/nsref.h"
#include "tests/fuzz/fuzz.h"

/* A name either rule takes stands for one file right in the run dir. */
static void
check_name(const char *spec)
{
	const char *dir = netns_run_dir();
	size_t len = strlen(dir);
	char path[PATH_MAX];
	int n = netns_path(path, sizeof(path), spec);

	/* The strict rule only adds to the other. */
	if (!netns_name_bad(spec, NETNS_NAME_STRICT) &&
	    netns_name_bad(spec, NETNS_NAME_FILE))
		abort();
	if ((n >= 0) != !netns_name_bad(spec, NETNS_NAME_FILE))
		abort();
	if (n >= 0 && (size_t)n < sizeof(path) &&
	    (strncmp(path, dir, len) || path[len] != '/' ||
		strchr(path + len + 1, '/') || !path[len + 1] ||
		!strcmp(path + len + 1, ".") || !strcmp(path + len + 1, "..")))
		abort();
}

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
	check_name(spec);
	free(spec);
	return 0;
}
