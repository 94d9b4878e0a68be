/* ns-exec's options and leading namespace-file operands: parse_options()
 * and check_options(), nothing after. Parsing opens each namespace file
 * named (nsref_open, read-only); the harness opens only regular files and
 * directories and closes what the run kept open in cfg.join[]. */
#include "tests/fuzz/options.h"

#include "applets/ns-exec.c"

static void
fuzz_parse(int argc, char **argv)
{
	parse_options(argc, argv);
	check_options();
}

FUZZ_OPTIONS_TARGET("ns-exec", EXIT_OWN_FAIL, 0)
