/* /proc/PID/stat lines and cmdline contents. */
#include <sys/types.h>

#include "common/proc.h"
#include "tests/fuzz/fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = fuzz_string(data, size), comm[64];
	pid_t ppid;

	if (!line)
		return 0;
	if (proc_stat_parse(line, comm, sizeof(comm), &ppid) == 0 &&
	    strlen(comm) >= sizeof(comm))
		abort();
	proc_stat_threads(line);
	if (proc_cmdline_join(line, size) > size)
		abort();
	free(line);
	return 0;
}
