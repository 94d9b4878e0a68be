/* netbeside.c - a network namespace made beside a child (netbeside.h). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/child.h"
#include "common/compat.h"
#include "common/die.h"
#include "common/format.h"
#include "common/netbeside.h"
#include "common/sync.h"

void
net_beside_open(struct net_beside *nb, const struct setup_plan *plan,
    const char *fail_words)
{
	nb->plan = plan;
	nb->fail_words = fail_words;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, nb->sock) < 0)
		die_errno("socketpair");
}

/* In the child's user namespace (where the child has put its own maps,
 * or is putting them), a new network namespace, lo up, sent to the
 * child. A child gone already is no error of ours. */
static _Noreturn void
helper_main(struct net_beside *nb, pid_t child)
{
	char path[64];
	int fd;

	execreport_forget();
	if (nb->plan->flags & CLONE_NEWUSER) {
		format(path, sizeof(path), "/proc/%d/ns/user", (int)child);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, CLONE_NEWUSER) < 0)
			die_errno("cannot enter the user namespace of %d",
			    (int)child);
		close(fd);
	}
	if (unshare(CLONE_NEWNET) < 0)
		die_errno("%s", nb->fail_words);
	fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die_errno("cannot open /proc/self/ns/net");
	setup_lo(nb->plan);
	if (sync_send_fd(nb->sock, fd) < 0 && errno != EPIPE)
		die_errno("cannot pass the network namespace on");
	_exit(0);
}

/* No signal of ours reaches the helper: it is gone in a moment. */
int
net_beside_start(struct net_beside *nb, pid_t child)
{
	sigset_t all, old;
	int err;

	if (nb->sock[0] < 0)
		return 0;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	nb->helper = _Fork();
	if (nb->helper == 0)
		helper_main(nb, child);
	err = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(nb->sock[0]);
	close(nb->sock[1]);
	errno = err;
	return nb->helper < 0 ? -1 : 0;
}

void
net_beside_join(struct net_beside *nb)
{
	int fd = sync_recv_fd(nb->sock);

	if (fd < 0) {
		if (errno)
			die_errno("cannot receive the network namespace");
		_exit(applet_fail_status);
	}
	if (setns(fd, CLONE_NEWNET) < 0)
		die_errno("cannot join the new network namespace");
	close(fd);
}

void
net_beside_reap(struct net_beside *nb)
{
	int status;

	if (nb->helper > 0 && waitpid(nb->helper, &status, 0) == nb->helper &&
	    WIFSIGNALED(status))
		warn("the process making the network namespace was killed "
		     "by signal %d",
		    WTERMSIG(status));
}
