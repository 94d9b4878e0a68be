/* child.c - fork, wait, forward signals, pass the status through. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <poll.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/child.h"
#include "common/compat.h"
#include "common/die.h"
#include "common/scan.h"
#include "common/sync.h"

/* clang-format off */
const int forwarded_signals[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH,
};
const int forwarded_signal_count =
    sizeof(forwarded_signals) / sizeof(forwarded_signals[0]);

int exec_fail_own;
const char *exec_argv0;
void (*exec_last_step)(void);

void
exec_command(char **argv)
{
	char *shell_argv[2];
	const char *file;

	if (!argv || !argv[0]) {
		const char *shell = getenv("SHELL");

		shell_argv[0] = (char *)(shell && *shell ? shell : "/bin/sh");
		shell_argv[1] = NULL;
		argv = shell_argv;
	}
	file = argv[0];
	if (exec_last_step)
		exec_last_step();
	if (exec_argv0)
		argv[0] = (char *)exec_argv0;
	execvp(file, argv);
	if (exec_fail_own)
		die_errno("execvp %s", file);
	warn_errno("failed to execute %s", file);
	exit(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
}

static pid_t forward_pid;
static int forward_pidfd = -1;

static void
forward_handler(int sig)
{
	int err = errno;

	/* The pidfd cannot name a recycled PID; kill() is the fallback for
	 * kernels without pidfds, where we have not reaped the child yet. */
	if (forward_pidfd >= 0)
		sys_pidfd_send_signal(forward_pidfd, sig, NULL, 0);
	else if (forward_pid > 0)
		kill(forward_pid, sig);
	errno = err;
}

static void
forwarded_set(sigset_t *set)
{
	sigemptyset(set);
	for (int i = 0; i < forwarded_signal_count; i++)
		sigaddset(set, forwarded_signals[i]);
}

/* Before fork: block the forwarded signals so none is lost or sent to a
 * PID not yet known. old receives the caller's mask for the child. */
static void
forward_prepare(sigset_t *old)
{
	sigset_t set;

	forwarded_set(&set);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* In the parent after fork: send the forwarded signals to child (by pidfd
 * where the kernel has one), then unblock them. */
static void
forward_start(pid_t child, const sigset_t *old)
{
	struct sigaction sa;
	sigset_t set;

	forward_pid = child;
	forward_pidfd = sys_pidfd_open(child, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward_handler;
	sa.sa_flags = SA_RESTART;
	sigfillset(&sa.sa_mask);
	for (int i = 0; i < forwarded_signal_count; i++)
		sigaction(forwarded_signals[i], &sa, NULL);
	forwarded_set(&set);
	/* Unblock only what the caller had not blocked itself. */
	for (int i = 0; i < forwarded_signal_count; i++)
		if (sigismember(old, forwarded_signals[i]))
			sigdelset(&set, forwarded_signals[i]);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Without forwarding: keep SIGINT and SIGTERM blocked while waiting, as
 * util-linux does, so a terminal ^C reaches only the command. */
static void
forward_block_only(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* The parent as the child knows it: by pidfd where the kernel has one. */
static int parent_pidfd = -1;
static pid_t parent_pid;

/* PR_SET_PDEATHSIG misses a parent that died before the prctl, so look
 * at the parent afterwards (util-linux #1490): its pidfd polls readable
 * once it has exited; without one, we were handed to a reaper. */
static void
die_with_parent(int sig)
{
	struct pollfd pfd = { .fd = parent_pidfd, .events = POLLIN };

	if (prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) < 0)
		die_errno("prctl(PR_SET_PDEATHSIG)");
	if (parent_pidfd >= 0 ? poll(&pfd, 1, 0) > 0
			      : getppid() != parent_pid && getppid() != 0)
		_exit(EXIT_OWN_FAIL);
}

pid_t
fork_forwarding(const struct fork_how *how, sigset_t *mask)
{
	pid_t child;
	int err;

	if (how->death_signal) {
		parent_pid = getpid();
		parent_pidfd = sys_pidfd_open(parent_pid, 0);
	}
	if (how->forward)
		forward_prepare(mask);
	else
		forward_block_only(mask);
	child = how->start ? how->start() : _Fork();
	err = errno;
	if (child == 0) {
		sigprocmask(SIG_SETMASK, mask, NULL);
		if (how->death_signal)
			die_with_parent(how->death_signal);
	}
	if (parent_pidfd >= 0)
		close(parent_pidfd);
	parent_pidfd = -1;
	if (child > 0 && how->forward)
		forward_start(child, mask);
	errno = err;
	return child;
}

int
child_wait(pid_t child)
{
	int status;

	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			die_errno("waitpid(%d)", (int)child);
	if (forward_pidfd >= 0) {
		close(forward_pidfd);
		forward_pidfd = -1;
	}
	forward_pid = 0;
	return status;
}

void
exit_like(int status)
{
	struct rlimit no_core = { 0, 0 };
	sigset_t set;
	int sig;

	if (WIFEXITED(status))
		exit(WEXITSTATUS(status));
	sig = WTERMSIG(status);
	/* The command dumped core already; do not add ours. (prlimit:
	 * musl's setrlimit sets it in every thread, for 2 KB.) */
	prlimit(0, RLIMIT_CORE, &no_core, NULL);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	exit(128 + sig);
}

static const struct {
	const char *name;
	int sig;
} signal_names[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT },
	{ "ILL", SIGILL }, { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "BUS", SIGBUS }, { "FPE", SIGFPE }, { "KILL", SIGKILL },
	{ "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "URG", SIGURG }, { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH },
	{ "IO", SIGIO }, { "PWR", SIGPWR }, { "SYS", SIGSYS },
};

/* clang-format on */

int
signal_from_name(const char *name)
{
	char *end;
	long n;

	if (*name >= '0' && *name <= '9') {
		n = (long)scan_ull(name, &end);
		return *end || n < 1 || n >= NSIG ? -1 : (int)n;
	}
	if (!strncasecmp(name, "SIG", 3))
		name += 3;
	for (size_t i = 0; i < sizeof(signal_names) / sizeof(signal_names[0]);
	     i++)
		if (!strcasecmp(signal_names[i].name, name))
			return signal_names[i].sig;
	return -1;
}

static int report_fd[2] = { -1, -1 };

int
execreport_open(void)
{
	return pipe2(report_fd, O_CLOEXEC);
}

static void
report_failure(void)
{
	if (report_fd[1] >= 0)
		(void)!write(report_fd[1], "F", 1);
}

void
execreport_child(void)
{
	if (report_fd[1] < 0)
		return;
	close(report_fd[0]);
	report_fd[0] = -1;
	atexit(report_failure);
}

void
execreport_forget(void)
{
	if (report_fd[1] >= 0)
		close(report_fd[1]);
	report_fd[1] = -1;
}

int
execreport_reached(void)
{
	if (report_fd[0] < 0)
		return 1;
	/* No byte: the child's exit did not write one, exec closed it. */
	return sync_wait(report_fd) < 0;
}
