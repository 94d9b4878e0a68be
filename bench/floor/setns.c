/* floor-setns - the least `nsenter -t PID -u -i -n COMMAND` must do: a
 * pidfd for PID and one setns(2) that joins its uts, ipc and net
 * namespaces at once (Linux 5.8), then the exec. Opening
 * /proc/PID/ns/{uts,ipc,net} and joining them one by one, as the peers do,
 * takes six calls where this takes two. The floor that bench/run sets
 * ns-exec -t PID -u -i -n against. */
#include <sched.h>
#include <stdlib.h>
#include <sys/syscall.h>

#include "floor.h"

int
main(int argc, char **argv)
{
	int pidfd;

	if (argc < 3)
		fail("usage: floor-setns PID COMMAND [ARG]...", 0, 125);
	/* A pidfd is close-on-exec from birth. */
	pidfd = syscall(SYS_pidfd_open, atoi(argv[1]), 0);
	if (pidfd < 0)
		fail("pidfd_open", errno, 125);
	if (setns(pidfd, CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET) < 0)
		fail("setns", errno, 125);
	run(argv + 2);
}
