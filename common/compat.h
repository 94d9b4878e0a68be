/* compat.h - syscall wrappers and constants that glibc or musl may lack.
 * Applets include this instead of testing for a particular libc. */
#ifndef NSBOX_COMPAT_H
#define NSBOX_COMPAT_H

#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sched.h>
#include <stdint.h>
#include <unistd.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/* waitid(2) on a pidfd (Linux 5.4). Newer libcs have it as an idtype_t
 * member, not a macro: <sys/wait.h> above comes first, so this only
 * names the number for code after it. */
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif

/* nsfs ioctls (linux/nsfs.h), spelled out so no kernel header is needed. */
#define NSIO 0xb7
#ifndef NS_GET_USERNS
#define NS_GET_USERNS	 _IO(NSIO, 0x1)
#define NS_GET_PARENT	 _IO(NSIO, 0x2)
#define NS_GET_NSTYPE	 _IO(NSIO, 0x3)
#define NS_GET_OWNER_UID _IO(NSIO, 0x4)
#endif

#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C /* linux/sockios.h: netns of a socket */
#endif

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT	     47
#define PR_CAP_AMBIENT_RAISE 2
#endif

struct compat_clone_args {
	uint64_t flags;
	uint64_t pidfd;
	uint64_t child_tid;
	uint64_t parent_tid;
	uint64_t exit_signal;
	uint64_t stack;
	uint64_t stack_size;
	uint64_t tls;
	uint64_t set_tid;
	uint64_t set_tid_size;
	uint64_t cgroup;
};

static inline int
sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return syscall(SYS_pidfd_open, pid, flags);
}

static inline int
sys_pidfd_send_signal(int pidfd, int sig, void *info, unsigned int flags)
{
	return syscall(SYS_pidfd_send_signal, pidfd, sig, info, flags);
}

static inline int
sys_pidfd_getfd(int pidfd, int fd, unsigned int flags)
{
	return syscall(SYS_pidfd_getfd, pidfd, fd, flags);
}

/* Returns like fork(): 0 in the child, the child's PID in the parent. */
static inline pid_t
sys_clone3(struct compat_clone_args *args)
{
	return syscall(SYS_clone3, args, sizeof(*args));
}

#endif
