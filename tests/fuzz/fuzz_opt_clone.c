/* ns-clone's options: parse_options() and check_options(), nothing after.
 * check_options() only looks: stat of --rootfs and --cgroup, the
 * interface --veth names, fcntl(F_GETFD) of --info-fd, the mount table. */
#include "tests/fuzz/options.h"

#include "applets/ns-clone.c"

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

FUZZ_OPTIONS_TARGET("ns-clone", EXIT_OWN_FAIL, 0)
