/* ns-ls's options: parse_options() (its checks are at its end), nothing
 * after; --list-columns and the scan of /proc are not reached. */
#include "tests/fuzz/options.h"

#include "applets/ns-ls.c"

static void
fuzz_parse(int argc, char **argv)
{
	parse_options(argc, argv);
	filter_free(cfg.filter); /* -Q's, which the run would have used */
}

FUZZ_OPTIONS_TARGET("ns-ls", EXIT_REPORT_FAIL, 0)
