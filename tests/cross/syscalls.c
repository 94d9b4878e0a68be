/* tests/cross/syscalls.c - compiled for each architecture by
 * tests/cross/check, never run: the syscall numbers common/compat.h falls
 * back on where a C library lacks a call must be that library's own. */
#include <sys/syscall.h>

enum libc_syscall {
	LIBC_pidfd_open = SYS_pidfd_open,
	LIBC_pidfd_send_signal = SYS_pidfd_send_signal,
	LIBC_pidfd_getfd = SYS_pidfd_getfd,
	LIBC_clone3 = SYS_clone3,
	LIBC_open_tree = SYS_open_tree,
	LIBC_move_mount = SYS_move_mount,
	LIBC_fsopen = SYS_fsopen,
	LIBC_fsconfig = SYS_fsconfig,
	LIBC_fsmount = SYS_fsmount,
	LIBC_close_range = SYS_close_range,
	LIBC_mount_setattr = SYS_mount_setattr,
	LIBC_statx = SYS_statx,
};

/* <sys/syscall.h> is not read again: compat.h's fallbacks step in. */
#undef SYS_pidfd_open
#undef SYS_pidfd_send_signal
#undef SYS_pidfd_getfd
#undef SYS_clone3
#undef SYS_open_tree
#undef SYS_move_mount
#undef SYS_fsopen
#undef SYS_fsconfig
#undef SYS_fsmount
#undef SYS_close_range
#undef SYS_mount_setattr
#undef SYS_statx
#include "common/compat.h"

_Static_assert(SYS_pidfd_open == LIBC_pidfd_open, "pidfd_open");
_Static_assert(
    SYS_pidfd_send_signal == LIBC_pidfd_send_signal, "pidfd_send_signal");
_Static_assert(SYS_pidfd_getfd == LIBC_pidfd_getfd, "pidfd_getfd");
_Static_assert(SYS_clone3 == LIBC_clone3, "clone3");
_Static_assert(SYS_open_tree == LIBC_open_tree, "open_tree");
_Static_assert(SYS_move_mount == LIBC_move_mount, "move_mount");
_Static_assert(SYS_fsopen == LIBC_fsopen, "fsopen");
_Static_assert(SYS_fsconfig == LIBC_fsconfig, "fsconfig");
_Static_assert(SYS_fsmount == LIBC_fsmount, "fsmount");
_Static_assert(SYS_close_range == LIBC_close_range, "close_range");
_Static_assert(SYS_mount_setattr == LIBC_mount_setattr, "mount_setattr");
_Static_assert(SYS_statx == LIBC_statx, "statx");
