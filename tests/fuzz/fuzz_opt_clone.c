/* ns-clone's options: parse_options() and check_options(), nothing after.
 * check_options() only looks: stat of --rootfs and --cgroup, the
 * interface --veth names, fcntl(F_GETFD) of --info-fd, the mount table. */
#define FUZZ_HAS_PLAN /* its setup plan is zeroed with cfg */
#include "tests/fuzz/options.h"

#include "applets/ns-clone.c"

static void
fuzz_parse(int argc, char **argv)
{
	parse_options(argc, argv);
	check_options();
	/* The sandbox's lists: the next input starts with sandbox_init(). (On
	 * a refusal the harness frees what the input allocated.) */
	free(sandbox.ops);
	free(sandbox.lock_files);
	free(sandbox.filter_fds);
	free(sandbox.env);
}

FUZZ_OPTIONS_TARGET("ns-clone", EXIT_OWN_FAIL, 0)
