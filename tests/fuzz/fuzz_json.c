/* JSON string escaping: the output is one valid JSON string. */
#include <stdio.h>

#include "common/json.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size), *out = NULL;
	size_t len = 0;
	FILE *f;

	if (!s)
		return 0;
	f = open_memstream(&out, &len);
	if (f) {
		json_string(f, s);
		fclose(f);
		/* Quoted, no raw control character, no unescaped quote. */
		if (len < 2 || out[0] != '"' || out[len - 1] != '"')
			abort();
		for (size_t i = 1; i + 1 < len; i++) {
			if ((unsigned char)out[i] < 0x20)
				abort();
			if (out[i] == '\\')
				i++;
			else if (out[i] == '"')
				abort();
		}
	}
	free(out);
	free(s);
	return 0;
}
