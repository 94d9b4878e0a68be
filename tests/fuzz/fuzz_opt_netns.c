/* ns-netns's options: parse_options(), that is the leading -all, --help
 * and --, the subcommand's name and its check, nothing after; the run
 * directory, netlink and the namespaces are not reached. exec's check
 * switches the failure status to 125 before it refuses. */
#include "tests/fuzz/options.h"

#include "applets/ns-netns.c"

static void
fuzz_parse(int argc, char **argv)
{
	parse_options(argc, argv);
}

FUZZ_OPTIONS_TARGET("ns-netns", EXIT_REPORT_FAIL, EXIT_OWN_FAIL)
