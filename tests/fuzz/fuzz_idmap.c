/* --map-users/--map-groups values, and the map text they become. */
#include "common/idmap.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct idmap map;
	char *spec = fuzz_string(data, size), text[IDMAP_MAX * 36];
	const char *why;

	if (!spec)
		return 0;
	for (int kind = IDMAP_UID; kind <= IDMAP_GID; kind++) {
		map.n = 0;
		if (idmap_parse(&map, kind, spec, &why) == 0) {
			idmap_put_single(&map, 0, 1000);
			if (idmap_format(&map, text, sizeof(text)) < 0 &&
			    map.n < 10)
				abort();
		} else if (!why) {
			abort(); /* every refusal says why */
		}
	}
	free(spec);
	return 0;
}
