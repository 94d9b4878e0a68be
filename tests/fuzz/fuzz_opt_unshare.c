/* ns-unshare's options: parse_options() and check_options(), nothing
 * after. Parsing -nNAME makes $NETNS_RUN_DIR (pin_add), which the
 * harness's mkdir() does not; check_options() only reads (statx and the
 * mount table, for a pinned mount namespace on a shared mount). */
#include "tests/fuzz/options.h"

#include "applets/ns-unshare.c"

static void
fuzz_parse(int argc, char **argv)
{
	/* The setup plan is the applet's state too: cfg alone is zeroed by
	 * the harness, and a plan kept from the last input would point into
	 * its freed arguments. */
	memset(&plan, 0, sizeof(plan));
	parse_options(argc, argv);
	check_options();
}

FUZZ_OPTIONS_TARGET("ns-unshare", EXIT_OWN_FAIL, 0)
