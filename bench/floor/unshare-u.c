/* floor-unshare-u - the least `unshare -u COMMAND` must do: one unshare(2)
 * and the exec. The floor that bench/run sets ns-unshare -u against. */
#include <sched.h>

#include "floor.h"

int
main(int argc, char **argv)
{
	if (argc < 2)
		fail("usage: floor-unshare-u COMMAND [ARG]...", 0, 125);
	if (unshare(CLONE_NEWUTS) < 0)
		fail("unshare(CLONE_NEWUTS)", errno, 125);
	run(argv + 1);
}
