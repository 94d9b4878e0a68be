/* reaper.c - PID 1 for --init: forward signals, reap orphans. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/child.h"
#include "common/compat.h"
#include "common/die.h"
#include "common/reaper.h"

/* Reap whatever has exited; returns the command's wait status once it is
 * among them, else -1. */
static int
reap_all(pid_t command)
{
	int status, command_status = -1;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if (pid == command)
			command_status = status;
	return command_status;
}

void
reaper_run(char **argv, const sigset_t *mask)
{
	sigset_t all;
	siginfo_t info;
	pid_t command;
	int status;

	/* Every signal waits for sigwaitinfo: as PID 1 we would otherwise
	 * drop default-action signals, and a handler could race the fork. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	/* vfork: the command's process only has to exec, and we wait
	 * meanwhile; a fork copied our page tables and both sides then
	 * faulted in each page they wrote (a tenth of a millisecond of
	 * every sandbox). Until exec it writes only its own stack, and on
	 * failure exits as before (our at-exit report is then spent). */
	command = vfork();
	if (command < 0)
		die_errno("fork");
	if (command == 0) {
		sigprocmask(SIG_SETMASK, mask, NULL);
		exec_command(argv);
	}
	/* Only the command may report to our parent whether exec worked. */
	execreport_forget();
	prctl(PR_SET_NAME, "nsbox-init", 0, 0, 0);
	for (;;) {
		if (sigwaitinfo(&all, &info) < 0) {
			if (errno == EINTR)
				continue;
			die_errno("sigwaitinfo");
		}
		if (info.si_signo == SIGCHLD) {
			status = reap_all(command);
			if (status == -1)
				continue;
			if (WIFSIGNALED(status))
				exit(128 + WTERMSIG(status));
			exit(WEXITSTATUS(status));
		}
		kill(command, info.si_signo);
	}
}
