/* ns-unshare's options: parse_options() and check_options(), nothing
 * after. Parsing -nNAME makes $NETNS_RUN_DIR (pin_add), which the
 * harness's mkdir() does not; check_options() only reads (statx and the
 * mount table, for a pinned mount namespace on a shared mount). */
#define FUZZ_HAS_PLAN /* its setup plan is zeroed with cfg */
#include "tests/fuzz/options.h"

#include "applets/ns-unshare.c"

static void
fuzz_parse(int argc, char **argv)
{
	parse_options(argc, argv);
	check_options();
}

FUZZ_OPTIONS_TARGET("ns-unshare", EXIT_OWN_FAIL, 0)
