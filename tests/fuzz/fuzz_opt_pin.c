/* ns-pin's options: parse_options() and check_options(), nothing after.
 * check_options() only looks: an NSREF is opened read-only (nsref_open)
 * and closed, /proc/PID is asked with access() and stat(); the pins'
 * directory, mounts and unpinning are not reached. */
#include "tests/fuzz/options.h"

#include "applets/ns-pin.c"

static void
fuzz_parse(int argc, char **argv)
{
	parse_options(argc, argv);
	check_options();
}

FUZZ_OPTIONS_TARGET("ns-pin", EXIT_REPORT_FAIL, 0)
