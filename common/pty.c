/* pty.c - a command on a pseudo-terminal of its own (ns-exec --pty). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "common/child.h"
#include "common/compat.h"
#include "common/die.h"
#include "common/out.h"
#include "common/pty.h"

/* --pty: the command gets a terminal of its own; we relay bytes between it
 * and ours, so whatever it pushes into its terminal (TIOCSTI) stays there.
 * The relay runs in the caller's namespaces, before any is joined. */
static struct termios saved_termios;
static int have_saved_termios;
static volatile sig_atomic_t winch;

static void
on_winch(int sig)
{
	(void)sig;
	winch = 1;
}

static void
copy_winsize(int master)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

/* Relay what is there; the last byte sent to the command is kept, for
 * how many EOFs its terminal needs. 0 relayed, -1 at the end of from. */
static int
relay(int from, int to, char *last)
{
	char buf[4096];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n <= 0)
		return n < 0 && errno == EINTR ? 0 : -1;
	if (last)
		*last = buf[n - 1];
	return write_all(to, buf, (size_t)n);
}

/* Our input ended: the command sees end of input as a typist makes it,
 * with the terminal's EOF character once at the start of a line, twice
 * after a partial line (the first only ends that line). A terminal in
 * raw mode has no such character; it sees the end when we go. */
static void
send_eof(int master, char last)
{
	struct termios t;
	char eof[2];

	if (tcgetattr(master, &t) < 0 || !(t.c_lflag & ICANON))
		return;
	eof[0] = eof[1] = (char)t.c_cc[VEOF];
	(void)!write_all(master, eof,
	    last == '\n' || last == '\0' || last == eof[0] ? 1 : 2);
}

/* The command has ended: what it wrote before is still in the terminal;
 * pass it on, but do not wait for others who hold the terminal open. */
static void
drain(int master)
{
	char buf[4096];
	ssize_t n;
	int flags = fcntl(master, F_GETFL);

	if (flags < 0 || fcntl(master, F_SETFL, flags | O_NONBLOCK) < 0)
		return;
	while ((n = read(master, buf, sizeof(buf))) > 0)
		if (write_all(STDOUT_FILENO, buf, (size_t)n) < 0)
			return;
}

/* Relay both ways until the command ends: its pidfd says so (without
 * pidfds, on kernels before 5.3, the terminal's hang-up, once nothing
 * holds it open). */
static _Noreturn void
pty_parent(int master, pid_t child)
{
	struct pollfd pfd[3] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = master, .events = POLLIN },
		{ .fd = (int)sys_pidfd_open(child, 0), .events = POLLIN },
	};
	struct sigaction sa = { .sa_handler = on_winch };
	char last = '\0';
	int status;

	sigaction(SIGWINCH, &sa, NULL);
	for (;;) {
		if (winch) {
			winch = 0;
			copy_winsize(master);
		}
		if (poll(pfd, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (relay(master, STDOUT_FILENO, NULL) < 0)
				break;
		}
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (relay(STDIN_FILENO, master, &last) < 0) {
				pfd[0].fd = -1; /* our input ended */
				send_eof(master, last);
			}
		}
		if (pfd[2].revents & POLLIN) {
			drain(master);
			break;
		}
	}
	if (have_saved_termios)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
	status = child_wait(child);
	exit_like(status);
}

void
pty_start(void)
{
	int master, slave, fd;
	struct termios raw;
	pid_t child;

	/* posix_openpt(3) and unlockpt(3) by hand: musl's bring its
	 * printf (13 KB) along. TIOCGPTPEER opens the peer of this very
	 * master, without a trip through /dev/pts by name. */
	master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || ioctl(master, TIOCSPTLCK, &(int){ 0 }) < 0)
		die_errno("cannot allocate a pseudo-terminal");
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		die_errno("cannot open the pseudo-terminal's peer");
	if (isatty(STDIN_FILENO)) {
		copy_winsize(master);
		if (tcgetattr(STDIN_FILENO, &saved_termios) == 0) {
			have_saved_termios = 1;
			raw = saved_termios;
			cfmakeraw(&raw);
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
		}
	}
	child = _Fork();
	if (child < 0)
		die_errno("fork");
	if (child > 0) {
		close(slave);
		pty_parent(master, child);
	}
	close(master);
	/* Our own messages still go to the caller's standard error, not
	 * into the terminal the command gets. */
	fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (fd >= 0)
		message_fd = fd;
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		die_errno("cannot make the pseudo-terminal the controlling "
			  "terminal");
	for (fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			die_errno("dup2");
	close(slave);
}
