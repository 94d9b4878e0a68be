/* ns-clone's options: parse_options() and check_options(), nothing after.
 * check_options() only looks: stat of --rootfs and --cgroup, the
 * interface --veth names, fcntl(F_GETFD) of --info-fd, the mount table. */
#include "tests/fuzz/options.h"

#include "applets/ns-clone.c"

static void
fuzz_reset(void)
{
	memset(&cfg, 0, sizeof(cfg));
}

static void
fuzz_parse(int argc, char **argv)
{
	parse_options(argc, argv);
	check_options();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct fuzz_applet applet = { "ns-clone", EXIT_OWN_FAIL,
		fuzz_reset, fuzz_parse };

	return fuzz_options(&applet, data, size);
}
