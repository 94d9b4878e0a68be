/* compat.h - syscall wrappers and constants that glibc or musl may lack.
 * Applets include this instead of testing for a particular libc. */
#ifndef NSBOX_COMPAT_H
#define NSBOX_COMPAT_H

/* The headers that define what follows when libc has it come first, so
 * an #ifndef below sees their definition. */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <errno.h>
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

/* _Fork: fork without the C library's at-fork work, which exists for
 * threads and pthread_atfork handlers; we have neither. musl's fork()
 * links its thread locks for it (rwlocks, futex waits and through them
 * the vDSO clock: 2.6 KiB of a static binary). POSIX 2024 names _Fork;
 * musl has it from 1.2.2, glibc from 2.34. */
#ifdef __GLIBC__
#if !__GLIBC_PREREQ(2, 34)
#define _Fork fork
#endif
#endif

/* Syscall numbers for a C library older than the call (musl 1.2.3 and
 * glibc 2.36 name all of these on every architecture). From 424 on the
 * kernel numbers a call alike everywhere, but MIPS counts from a base of
 * its own per ABI; tests/cross/syscalls.c holds these to libc's. */
#if defined(__mips__) && _MIPS_SIM == _ABIO32
#define NSBOX_NR(n) (4000 + (n))
#elif defined(__mips__) && _MIPS_SIM == _ABI64
#define NSBOX_NR(n) (5000 + (n))
#elif defined(__mips__)
#define NSBOX_NR(n) (6000 + (n)) /* n32 */
#else
#define NSBOX_NR(n) (n)
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open NSBOX_NR(434)
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal NSBOX_NR(424)
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd NSBOX_NR(438)
#endif
#ifndef SYS_clone3
#define SYS_clone3 NSBOX_NR(435)
#endif
#ifndef SYS_open_tree
#define SYS_open_tree NSBOX_NR(428)
#endif
#ifndef SYS_move_mount
#define SYS_move_mount NSBOX_NR(429)
#endif
#ifndef SYS_fsopen
#define SYS_fsopen NSBOX_NR(430)
#endif
#ifndef SYS_fsconfig
#define SYS_fsconfig NSBOX_NR(431)
#endif
#ifndef SYS_fsmount
#define SYS_fsmount NSBOX_NR(432)
#endif
#ifndef SYS_close_range
#define SYS_close_range NSBOX_NR(436)
#endif
#ifndef SYS_mount_setattr
#define SYS_mount_setattr NSBOX_NR(442)
#endif
/* statx came (Linux 4.11) before the numbers were aligned. */
#ifndef SYS_statx
#if defined(__x86_64__) && !defined(__ILP32__)
#define SYS_statx 332
#elif defined(__i386__) || defined(__powerpc__)
#define SYS_statx 383
#elif defined(__arm__)
#define SYS_statx 397
#elif defined(__s390__)
#define SYS_statx 379
#elif defined(__aarch64__) || defined(__riscv) || defined(__loongarch__)
#define SYS_statx 291
#elif defined(__mips__) && _MIPS_SIM == _ABIO32
#define SYS_statx 4366
#elif defined(__mips__) && _MIPS_SIM == _ABI64
#define SYS_statx 5326
#elif defined(__mips__)
#define SYS_statx 6330
#endif
#endif

/* waitid(2) on a pidfd (Linux 5.4). The libcs that have P_PIDFD declare
 * it in an enum, which #ifndef cannot see: the macro, defined after
 * <sys/wait.h>, stands for it under both. */
#undef P_PIDFD
#define P_PIDFD ((idtype_t)3)

/* nsfs ioctls (linux/nsfs.h), spelled out so no kernel header is needed. */
#define NSIO 0xb7
#ifndef NS_GET_USERNS
#define NS_GET_USERNS	 _IO(NSIO, 0x1)
#define NS_GET_PARENT	 _IO(NSIO, 0x2)
#define NS_GET_NSTYPE	 _IO(NSIO, 0x3)
#define NS_GET_OWNER_UID _IO(NSIO, 0x4)
#endif
#ifndef NS_GET_ID
#define NS_GET_ID _IOR(NSIO, 13, uint64_t) /* a namespace's 64-bit id */
#endif

#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C /* linux/sockios.h: netns of a socket */
#endif

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT	     47
#define PR_CAP_AMBIENT_RAISE 2
#endif

/* The new mount API (Linux 5.2; linux/mount.h, glibc 2.36's
 * <sys/mount.h>, not musl). */
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x4
#endif
#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC 1
#endif
#ifndef FSCONFIG_SET_STRING
#define FSCONFIG_SET_STRING 1
#endif
#ifndef FSCONFIG_CMD_CREATE
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef FSMOUNT_CLOEXEC
#define FSMOUNT_CLOEXEC 1
#endif
#ifndef MOUNT_ATTR_RDONLY
#define MOUNT_ATTR_RDONLY 1
#endif
#ifndef MOUNT_ATTR_NOSUID
#define MOUNT_ATTR_NOSUID 2
#endif
#ifndef MOUNT_ATTR_NODEV
#define MOUNT_ATTR_NODEV 4
#endif
#ifndef MOUNT_ATTR_NOEXEC
#define MOUNT_ATTR_NOEXEC 8
#endif
/* mount_setattr(2)'s argument (Linux 5.12), named apart from
 * linux/mount.h's, which not every C library's headers carry. */
struct compat_mount_attr {
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x2000U /* Linux 5.8 */
#endif
#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x1000U /* Linux 5.8 */
#endif

/* What getdents64(2) fills its buffer with (no libc names it alike):
 * for reading a directory without opendir's allocation and calls. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* The kernel's capability ABI (version 3: two 32-bit words per set),
 * spelled out so no libcap or kernel header is needed. */
#define COMPAT_CAP_VERSION_3 0x20080522
struct compat_cap_header {
	uint32_t version;
	int pid;
};
struct compat_cap_data {
	uint32_t effective, permitted, inheritable;
};

/* struct statx as the kernel lays it out (a stable ABI), so neither
 * libc needs to provide statx(). */
struct compat_statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, spare0;
	uint64_t ino, size, blocks, attributes_mask;
	struct {
		int64_t sec;
		uint32_t nsec;
		int32_t reserved;
	} t[4];
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t mnt_id;
	uint64_t spare[13];
};

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

/* clone(2) without a new stack, as fork(2) with flags: before clone3.
 * s390 takes the stack first and the flags second. Elsewhere the flags
 * come first and the stack second; the three orders of the arguments
 * after those differ, but all of them are NULL or 0 here. */
static inline pid_t
sys_clone_fork(unsigned long flags)
{
#if defined(__s390__) || defined(__CRIS__)
	return (pid_t)syscall(SYS_clone, 0UL, flags, NULL, NULL, 0UL);
#else
	return (pid_t)syscall(SYS_clone, flags, 0UL, NULL, NULL, 0UL);
#endif
}

/* Returns like fork(): 0 in the child, the child's PID in the parent.
 * NSBOX_NO_CLONE3 (make CLONE3=no) builds a test binary that acts as on
 * a kernel before Linux 5.3, where the callers fall back to clone(2). */
static inline pid_t
sys_clone3(struct compat_clone_args *args)
{
#ifdef NSBOX_NO_CLONE3
	(void)args;
	errno = ENOSYS;
	return -1;
#else
	return syscall(SYS_clone3, args, sizeof(*args));
#endif
}

/* The ids of this thread, by the calls themselves: nsbox has one thread,
 * and musl's wrappers bring along the machinery that sets them in every
 * thread (2 KB). 32-bit x86 and ARM have 32-bit ids only in the "32"
 * calls. */
#ifdef SYS_setuid32
#define NSBOX_SYS_SETUID    SYS_setuid32
#define NSBOX_SYS_SETGID    SYS_setgid32
#define NSBOX_SYS_SETGROUPS SYS_setgroups32
#else
#define NSBOX_SYS_SETUID    SYS_setuid
#define NSBOX_SYS_SETGID    SYS_setgid
#define NSBOX_SYS_SETGROUPS SYS_setgroups
#endif

static inline int
sys_setuid(uid_t uid)
{
	return syscall(NSBOX_SYS_SETUID, uid);
}

static inline int
sys_setgid(gid_t gid)
{
	return syscall(NSBOX_SYS_SETGID, gid);
}

/* Drops every supplementary group. */
static inline int
sys_setgroups_none(void)
{
	return syscall(NSBOX_SYS_SETGROUPS, 0, NULL);
}

static inline int
sys_capget(struct compat_cap_header *head, struct compat_cap_data *data)
{
	return syscall(SYS_capget, head, data);
}

static inline int
sys_capset(struct compat_cap_header *head, struct compat_cap_data *data)
{
	return syscall(SYS_capset, head, data);
}

static inline int
sys_statx(int dirfd, const char *path, int flags, unsigned int mask,
    struct compat_statx *st)
{
	return syscall(SYS_statx, dirfd, path, flags, mask, st);
}

/* The mount API's calls, named apart from glibc's own functions. */
static inline int
sys_open_tree(int dirfd, const char *path, unsigned int flags)
{
	return syscall(SYS_open_tree, dirfd, path, flags);
}

static inline int
sys_move_mount(int from_dirfd, const char *from, int to_dirfd, const char *to,
    unsigned int flags)
{
	return syscall(SYS_move_mount, from_dirfd, from, to_dirfd, to, flags);
}

static inline int
sys_fsopen(const char *fstype, unsigned int flags)
{
	return syscall(SYS_fsopen, fstype, flags);
}

static inline int
sys_fsconfig(
    int fd, unsigned int cmd, const char *key, const void *value, int aux)
{
	return syscall(SYS_fsconfig, fd, cmd, key, value, aux);
}

static inline int
sys_fsmount(int fd, unsigned int flags, unsigned int attr)
{
	return syscall(SYS_fsmount, fd, flags, attr);
}

#endif
