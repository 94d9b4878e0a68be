/* ns-ls's options: parse_options() (its checks are at its end), nothing
 * after; --list-columns and the scan of /proc are not reached. */
#include "tests/fuzz/options.h"

#include "applets/ns-ls.c"

static void
fuzz_reset(void)
{
	memset(&cfg, 0, sizeof(cfg));
}

static void
fuzz_parse(int argc, char **argv)
{
	parse_options(argc, argv);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fuzz_applet applet = { "ns-ls", EXIT_REPORT_FAIL,
		fuzz_reset, fuzz_parse };

	return fuzz_options(&applet, data, size);
}
