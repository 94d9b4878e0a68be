/* JSON string escaping: the output is one valid JSON string. json_string
 * writes to standard output (common/out.c), which here is a memfd. */
#include <sys/mman.h>
#include <unistd.h>

#include "common/json.h"
#include "common/out.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int memfd = -1;
	char *s = fuzz_string(data, size), *out;
	ssize_t len;

	if (!s)
		return 0;
	if (memfd < 0) {
		memfd = memfd_create("fuzz_json", MFD_CLOEXEC);
		if (memfd < 0 || dup2(memfd, STDOUT_FILENO) < 0)
			abort();
	}
	if (ftruncate(memfd, 0) < 0 || lseek(memfd, 0, SEEK_SET) < 0)
		abort();
	json_string(s);
	if (out_flush() < 0)
		abort();
	out = malloc(size * 6 + 3);
	len = out ? pread(memfd, out, size * 6 + 3, 0) : -1;
	if (len < 0)
		abort();
	/* Quoted, no raw control character, no unescaped quote. */
	if (len < 2 || out[0] != '"' || out[len - 1] != '"')
		abort();
	for (ssize_t i = 1; i + 1 < len; i++) {
		if ((unsigned char)out[i] < 0x20)
			abort();
		if (out[i] == '\\')
			i++;
		else if (out[i] == '"')
			abort();
	}
	free(out);
	free(s);
	return 0;
}
