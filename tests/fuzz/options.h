/* options.h - shared by the option-parsing targets (fuzz_opt_*.c). Each
 * includes its applet's .c file to reach the static parse_options() and
 * check_options(), and runs only those on an argv made from the input.
 *
 * Linked with -Wl,--wrap for every name in FUZZ_WRAP (GNUmakefile), so
 * that while an input runs:
 *   - exit() (die, misuse, --help) comes back here;
 *   - messages to stdout and stderr are swallowed (NSBOX_FUZZ_VERBOSE=1
 *     lets them through, to look at one input);
 *   - files open read-only, and only regular files and directories: a
 *     FIFO or device named in argv is never opened (EACCES instead);
 *   - mkdir() creates nothing and says EEXIST (ns-unshare's pin_add()
 *     makes the netns run directory while parsing);
 *   - anything else that would change the system or this process (mount,
 *     unshare, setns, fork, exec, sockets, signals, ids...) aborts, with
 *     the caller on the stack: a parse stage must only look.
 * Memory and file descriptors the run leaves behind because exit() cut
 * it short are freed and closed here; LeakSanitizer still sees any leak
 * of a run that returns normally. */
#ifndef NSBOX_FUZZ_OPTIONS_H
#define NSBOX_FUZZ_OPTIONS_H

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common/compat.h"
#include "common/die.h"
#include "common/opt.h"
#include "tests/fuzz/fuzz.h"

#define FUZZ_MAX_ARGS 64

struct fuzz_applet {
	const char *name;    /* argv[0] */
	int fail_status;     /* applet_fail_status, as common/main.c sets it */
	void (*reset)(void); /* the applet's static state back to zero */
	void (*parse)(int argc, char **argv); /* parse and check, no more */
	int switched_status; /* one the parse may switch to, or 0 */
};

static int fuzz_active; /* an input is running: the wrappers refuse */
static int fuzz_verbose;
static jmp_buf fuzz_exit_jmp;
static int fuzz_exited, fuzz_exit_status, fuzz_said_why;
static int fuzz_fds[64], fuzz_nfds;
static void *fuzz_mem[256];
static int fuzz_nmem;

int LLVMFuzzerInitialize(int *argc, char ***argv);

ssize_t __real_write(int fd, const void *buf, size_t len);
int __real_openat(int dirfd, const char *path, int flags, ...);
int __real_close(int fd);
void *__real_malloc(size_t size);
void __real_free(void *p);
void __real_exit(int status) __attribute__((noreturn));

static void
fuzz_say(const char *what, const char *why)
{
	char msg[256];
	int n = snprintf(msg, sizeof(msg), "fuzz: %s: %s\n", what, why);

	if (n > 0)
		__real_write(STDERR_FILENO, msg,
		    (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1);
}

static void
fuzz_forbid(const char *what)
{
	fuzz_active = 0;
	fuzz_say(what, "called while parsing options");
	abort();
}

/* --- exit, messages -------------------------------------------------- */

void __wrap_exit(int status) __attribute__((noreturn));
void
__wrap_exit(int status)
{
	if (!fuzz_active)
		__real_exit(status);
	fuzz_exited = 1;
	fuzz_exit_status = status;
	longjmp(fuzz_exit_jmp, 1);
}

void __real__exit(int status) __attribute__((noreturn));
void __wrap__exit(int status) __attribute__((noreturn));
void
__wrap__exit(int status)
{
	if (fuzz_active)
		fuzz_forbid("_exit");
	__real__exit(status);
}

/* 1: swallow the message (or let it through when verbose). */
static int
fuzz_message(int fd, size_t len)
{
	if (!fuzz_active)
		return 0;
	if (fd != STDOUT_FILENO && fd != STDERR_FILENO)
		fuzz_forbid("write to a file descriptor other than 1 and 2");
	if (fd == STDERR_FILENO && len)
		fuzz_said_why = 1;
	return !fuzz_verbose;
}

ssize_t __wrap_write(int fd, const void *buf, size_t len);
ssize_t
__wrap_write(int fd, const void *buf, size_t len)
{
	if (fuzz_message(fd, len))
		return (ssize_t)len;
	return __real_write(fd, buf, len);
}

ssize_t __real_writev(int fd, const struct iovec *iov, int n);
ssize_t __wrap_writev(int fd, const struct iovec *iov, int n);
ssize_t
__wrap_writev(int fd, const struct iovec *iov, int n)
{
	size_t len = 0;

	for (int i = 0; fuzz_active && i < n; i++)
		len += iov[i].iov_len;
	if (fuzz_message(fd, len))
		return (ssize_t)len;
	return __real_writev(fd, iov, n);
}

/* --- files ------------------------------------------------------------- */

/* Look before opening: through O_PATH, which opens no device and waits on
 * no FIFO. Only regular files (nsfs files are) and directories pass. */
static int
fuzz_harmless(int dirfd, const char *path, int flags)
{
	struct stat st;
	int fd, rc;

	if (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND))
		fuzz_forbid("open for writing");
	fd = __real_openat(dirfd, path,
	    O_PATH | O_CLOEXEC | (flags & (O_NOFOLLOW | O_DIRECTORY)));
	if (fd < 0)
		return -1;
	rc = fstat(fd, &st);
	__real_close(fd);
	if (rc < 0)
		return -1;
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

static int
fuzz_opened(int fd)
{
	if (fd < 0)
		return fd;
	if (fuzz_nfds == (int)(sizeof(fuzz_fds) / sizeof(fuzz_fds[0])))
		fuzz_forbid("a 65th open descriptor"); /* a leak, surely */
	fuzz_fds[fuzz_nfds++] = fd;
	return fd;
}

int __wrap_openat(int dirfd, const char *path, int flags, ...);
int
__wrap_openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (!fuzz_active)
		return __real_openat(dirfd, path, flags, mode);
	if (fuzz_harmless(dirfd, path, flags) < 0)
		return -1;
	return fuzz_opened(__real_openat(dirfd, path, flags, mode));
}

int __wrap_open(const char *path, int flags, ...);
int
__wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	va_list ap;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	return __wrap_openat(AT_FDCWD, path, flags, mode);
}

FILE *__real_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);
FILE *
__wrap_fopen(const char *path, const char *mode)
{
	if (fuzz_active && strpbrk(mode, "wa+"))
		fuzz_forbid("fopen for writing");
	if (fuzz_active && fuzz_harmless(AT_FDCWD, path, O_RDONLY) < 0)
		return NULL;
	return __real_fopen(path, mode);
}

int __wrap_close(int fd);
int
__wrap_close(int fd)
{
	int i;

	if (!fuzz_active)
		return __real_close(fd);
	for (i = 0; i < fuzz_nfds && fuzz_fds[i] != fd; i++)
		;
	if (i == fuzz_nfds)
		fuzz_forbid("close of a descriptor the parse did not open");
	fuzz_fds[i] = fuzz_fds[--fuzz_nfds];
	return __real_close(fd);
}

int __real_mkdir(const char *path, mode_t mode);
int __wrap_mkdir(const char *path, mode_t mode);
int
__wrap_mkdir(const char *path, mode_t mode)
{
	if (!fuzz_active)
		return __real_mkdir(path, mode);
	errno = EEXIST;
	return -1;
}

/* Queries pass: F_GETFD/F_GETFL, the NS_GET_* ioctls, statx. */
int __real_fcntl(int fd, int cmd, ...);
int __wrap_fcntl(int fd, int cmd, ...);
int
__wrap_fcntl(int fd, int cmd, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, cmd);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fuzz_active && cmd != F_GETFD && cmd != F_GETFL)
		fuzz_forbid("fcntl");
	return __real_fcntl(fd, cmd, arg);
}

int __real_ioctl(int fd, unsigned long request, ...);
int __wrap_ioctl(int fd, unsigned long request, ...);
int
__wrap_ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (fuzz_active && request != NS_GET_NSTYPE &&
	    request != NS_GET_OWNER_UID)
		fuzz_forbid("ioctl");
	return __real_ioctl(fd, request, arg);
}

/* Six arguments are read whatever the call passed: the ones past its own
 * are garbage from the caller's frame, never used, so ASan is told not to
 * look at this one function. */
long __real_syscall(long nr, ...);
long __wrap_syscall(long nr, ...) __attribute__((no_sanitize("address")));
long
__wrap_syscall(long nr, ...)
{
	long a[6];
	va_list ap;

	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	/* Only looking is allowed: statx, and reading a directory. */
	if (fuzz_active && nr != SYS_statx && nr != SYS_getdents64)
		fuzz_forbid("syscall");
	return __real_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

int __real_prctl(int option, ...);
int __wrap_prctl(int option, ...);
int
__wrap_prctl(int option, ...)
{
	unsigned long a[4];
	va_list ap;

	va_start(ap, option);
	for (int i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	if (fuzz_active)
		fuzz_forbid("prctl");
	return __real_prctl(option, a[0], a[1], a[2], a[3]);
}

/* --- memory: what exit() cut short is freed afterwards ------------------ */

static void *
fuzz_allocated(void *p)
{
	if (p && fuzz_active &&
	    fuzz_nmem < (int)(sizeof(fuzz_mem) / sizeof(fuzz_mem[0])))
		fuzz_mem[fuzz_nmem++] = p;
	return p;
}

static void
fuzz_released(void *p)
{
	for (int i = 0; p && fuzz_active && i < fuzz_nmem; i++)
		if (fuzz_mem[i] == p) {
			fuzz_mem[i] = fuzz_mem[--fuzz_nmem];
			return;
		}
}

void *__wrap_malloc(size_t size);
void *
__wrap_malloc(size_t size)
{
	return fuzz_allocated(__real_malloc(size));
}

void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *
__wrap_calloc(size_t n, size_t size)
{
	return fuzz_allocated(__real_calloc(n, size));
}

void *__real_realloc(void *p, size_t size);
void *__wrap_realloc(void *p, size_t size);
void *
__wrap_realloc(void *p, size_t size)
{
	void *q = __real_realloc(p, size);

	if (q || !size)
		fuzz_released(p);
	return fuzz_allocated(q);
}

char *__real_strdup(const char *s);
char *__wrap_strdup(const char *s);
char *
__wrap_strdup(const char *s)
{
	return fuzz_allocated(__real_strdup(s));
}

void __wrap_free(void *p);
void
__wrap_free(void *p)
{
	fuzz_released(p);
	__real_free(p);
}

/* --- everything else a parse stage must not do ------------------------- */

#define FUZZ_FORBID(type, name, params, args)                                  \
	type __real_##name params;                                             \
	type __wrap_##name params;                                             \
	type __wrap_##name params                                              \
	{                                                                      \
		if (fuzz_active)                                               \
			fuzz_forbid(#name);                                    \
		return __real_##name args;                                     \
	}

struct rlimit;
struct sigaction;
struct sockaddr;
struct termios;

/* clang-format off */
FUZZ_FORBID(int, mount, (const char *s, const char *t, const char *f,
    unsigned long fl, const void *d), (s, t, f, fl, d))
FUZZ_FORBID(int, umount2, (const char *t, int fl), (t, fl))
FUZZ_FORBID(int, unshare, (int fl), (fl))
FUZZ_FORBID(int, setns, (int fd, int fl), (fd, fl))
FUZZ_FORBID(pid_t, _Fork, (void), ())
FUZZ_FORBID(int, execvp, (const char *f, char *const *a), (f, a))
FUZZ_FORBID(int, execve, (const char *f, char *const *a, char *const *e),
    (f, a, e))
FUZZ_FORBID(int, chroot, (const char *p), (p))
FUZZ_FORBID(int, chdir, (const char *p), (p))
FUZZ_FORBID(int, fchdir, (int fd), (fd))
FUZZ_FORBID(int, kill, (pid_t p, int s), (p, s))
FUZZ_FORBID(int, raise, (int s), (s))
FUZZ_FORBID(int, unlink, (const char *p), (p))
FUZZ_FORBID(int, rmdir, (const char *p), (p))
FUZZ_FORBID(int, socket, (int d, int t, int p), (d, t, p))
FUZZ_FORBID(int, bind, (int fd, const struct sockaddr *a, unsigned l),
    (fd, a, l))
FUZZ_FORBID(ssize_t, send, (int fd, const void *b, size_t l, int f),
    (fd, b, l, f))
FUZZ_FORBID(int, pipe2, (int *fds, int fl), (fds, fl))
FUZZ_FORBID(int, dup2, (int a, int b), (a, b))
FUZZ_FORBID(int, setuid, (uid_t u), (u))
FUZZ_FORBID(int, setgid, (gid_t g), (g))
FUZZ_FORBID(int, setgroups, (size_t n, const gid_t *g), (n, g))
FUZZ_FORBID(pid_t, setsid, (void), ())
FUZZ_FORBID(int, sethostname, (const char *n, size_t l), (n, l))
FUZZ_FORBID(int, setdomainname, (const char *n, size_t l), (n, l))
FUZZ_FORBID(int, setrlimit, (int r, const struct rlimit *l), (r, l))
FUZZ_FORBID(int, flock, (int fd, int op), (fd, op))
FUZZ_FORBID(int, atexit, (void (*fn)(void)), (fn))
FUZZ_FORBID(int, putenv, (char *s), (s))
FUZZ_FORBID(int, clearenv, (void), ())
FUZZ_FORBID(int, inotify_init1, (int fl), (fl))
FUZZ_FORBID(int, inotify_add_watch, (int fd, const char *p, uint32_t m),
    (fd, p, m))
FUZZ_FORBID(int, posix_openpt, (int fl), (fl))
FUZZ_FORBID(int, grantpt, (int fd), (fd))
FUZZ_FORBID(int, unlockpt, (int fd), (fd))
FUZZ_FORBID(int, tcsetattr, (int fd, int a, const struct termios *t),
    (fd, a, t))
FUZZ_FORBID(pid_t, waitpid, (pid_t p, int *s, int o), (p, s, o))
FUZZ_FORBID(int, waitid, (int t, id_t i, siginfo_t *s, int o), (t, i, s, o))
FUZZ_FORBID(sighandler_t, signal, (int s, sighandler_t h), (s, h))
FUZZ_FORBID(int, sigaction, (int s, const struct sigaction *a,
    struct sigaction *o), (s, a, o))
FUZZ_FORBID(int, sigprocmask, (int h, const sigset_t *s, sigset_t *o),
    (h, s, o))
/* clang-format on */

/* --- the run -------------------------------------------------------------- */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *v = getenv("NSBOX_FUZZ_VERBOSE");

	fuzz_verbose = v && *v && strcmp(v, "0");
	return 0;
}

/* argv[0] is the applet; each NUL in the input ends one argument (64 at
 * most). The array and every string are allocations of their own, sized
 * exactly, so reading past any of them is seen. */
static int
fuzz_argv(const char *name, const uint8_t *data, size_t size, char ***out)
{
	char *arg[FUZZ_MAX_ARGS + 1], **argv;
	int argc = 0;

	arg[argc++] = strdup(name);
	for (size_t i = 0; i < size && argc <= FUZZ_MAX_ARGS; argc++) {
		const uint8_t *end = memchr(data + i, '\0', size - i);
		size_t len = end ? (size_t)(end - (data + i)) : size - i;

		arg[argc] = fuzz_string(data + i, len);
		i += len + 1;
	}
	argv = malloc((size_t)(argc + 1) * sizeof(*argv));
	if (!argv)
		abort();
	for (int i = 0; i < argc; i++)
		if (!(argv[i] = arg[i]))
			abort();
	argv[argc] = NULL;
	*out = argv;
	return argc;
}

static int
fuzz_options(const struct fuzz_applet *applet, const uint8_t *data, size_t size)
{
	char **argv;
	int argc = fuzz_argv(applet->name, data, size, &argv);

	applet->reset();
	opt_ind = 0; /* start over, dropping a cluster left half read */
	applet_name = applet->name;
	applet_fail_status = applet->fail_status;
	fuzz_exited = fuzz_said_why = 0;
	fuzz_nfds = fuzz_nmem = 0;
	fuzz_active = 1;
	if (setjmp(fuzz_exit_jmp) == 0)
		applet->parse(argc, argv);
	fuzz_active = 0;

	/* A refusal exits with the applet's failure status, or the one it
	 * switched to (ns-netns exec fails as a chain-loader does), and says
	 * why. */
	if (fuzz_exited && fuzz_exit_status != 0 &&
	    fuzz_exit_status != applet->fail_status &&
	    (fuzz_exit_status != applet->switched_status ||
		applet_fail_status != applet->switched_status)) {
		fuzz_say(applet->name, "exit status is not 0 or the applet's");
		abort();
	}
	if (fuzz_exited && fuzz_exit_status != 0 && !fuzz_said_why) {
		fuzz_say(applet->name, "failed without a message");
		abort();
	}
	while (fuzz_exited && fuzz_nmem > 0)
		__real_free(fuzz_mem[--fuzz_nmem]);
	while (fuzz_nfds > 0)
		__real_close(fuzz_fds[--fuzz_nfds]);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return 0;
}

/* The whole target of one applet, written after its .c file is included
 * and a fuzz_parse(argc, argv) that runs the stages to fuzz: cfg is zeroed
 * before each input, and so is the setup plan of an applet that has one
 * (its file defines FUZZ_HAS_PLAN): state kept from the last input would
 * point into its freed arguments. SWITCHED: see struct fuzz_applet (0 for
 * none). */
#ifdef FUZZ_HAS_PLAN
#define FUZZ_RESET_PLAN() memset(&plan, 0, sizeof(plan))
#else
#define FUZZ_RESET_PLAN() ((void)0)
#endif
#define FUZZ_OPTIONS_TARGET(NAME, FAIL, SWITCHED)                              \
	static void fuzz_reset(void)                                           \
	{                                                                      \
		memset(&cfg, 0, sizeof(cfg));                                  \
		FUZZ_RESET_PLAN();                                             \
	}                                                                      \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)           \
	{                                                                      \
		static const struct fuzz_applet applet = { NAME, FAIL,         \
			fuzz_reset, fuzz_parse, SWITCHED };                    \
		return fuzz_options(&applet, data, size);                      \
	}

#endif
