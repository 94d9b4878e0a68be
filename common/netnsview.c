/* netnsview.c - the mounts ip netns exec gives a command: /sys of its
 * network namespace and the namespace's own files over /etc. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "common/compat.h"
#include "common/die.h"
#include "common/format.h"
#include "common/mountinfo.h"
#include "common/netnsview.h"
#include "common/scan.h"

/* The mounts directly on top of /sys (cgroup, bpf, debugfs, ...). */
static int
sys_submounts(char paths[][PATH_MAX], int max)
{
	struct mountinfo m;
	struct lines f;
	int sys_id = -1, n = 0;

	if (mountinfo_open(&f, NULL) < 0)
		return 0;
	while (mountinfo_next(&f, &m))
		if (!strcmp(m.mountpoint, "/sys"))
			sys_id = m.id; /* the last: the one on top */
	lines_close(&f);
	if (sys_id < 0 || mountinfo_open(&f, NULL) < 0)
		return 0;
	while (n < max && mountinfo_next(&f, &m))
		if (m.parent == sys_id)
			format(paths[n++], PATH_MAX, "%s", m.mountpoint);
	lines_close(&f);
	return n;
}

/* /sys that shows this namespace's devices, with what was mounted under
 * the old one put back (ip netns exec loses /sys/fs/cgroup and the rest).
 * The new sysfs is made before the old one goes, so when it cannot be
 * (no privilege over the namespace) /sys stays as it was. */
static void
remount_sys(const char *name)
{
	static char subs[32][PATH_MAX];
	int clones[32], n, fs, mnt;
	unsigned int attr = 0;
	struct statvfs_like {
		int ro;
	} sys = { 0 };
	struct mountinfo m;

	if (mountinfo_find_id(NULL, mount_id_of("/sys"), &m) == 0)
		sys.ro = scan_str(m.options, "ro") == m.options;
	fs = sys_fsopen("sysfs", FSOPEN_CLOEXEC);
	if (fs < 0 && errno == ENOSYS) {
		/* Before Linux 5.2, as ip netns exec does it: the old /sys
		 * goes first, and what was mounted under it with it. */
		if ((umount2("/sys", MNT_DETACH) < 0 && errno != EINVAL) ||
		    mount(name, "/sys", "sysfs", sys.ro ? MS_RDONLY : 0, NULL) <
			0)
			die_errno("cannot mount sysfs on /sys");
	}
	if (fs < 0 && errno != ENOSYS)
		die_errno("cannot mount sysfs on /sys");
	if (fs < 0)
		return;
	/* Named like ip netns exec names it, for whoever reads mountinfo. */
	sys_fsconfig(fs, FSCONFIG_SET_STRING, "source", name, 0);
	if (sys_fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
		/* Not ours to show (no privilege over the namespace): the
		 * old /sys stays, said so; anything else is a failure. */
		if (errno != EPERM)
			die_errno("cannot mount sysfs on /sys");
		warn("/sys still shows the devices of the namespace we came "
		     "from: no privilege to mount sysfs for \"%s\"",
		    name);
		close(fs);
		return;
	}
	if (sys.ro)
		attr |= MOUNT_ATTR_RDONLY;
	mnt = sys_fsmount(fs, FSMOUNT_CLOEXEC, attr);
	close(fs);
	if (mnt < 0)
		die_errno("cannot mount sysfs on /sys");
	n = sys_submounts(subs, 32);
	for (int i = 0; i < n; i++)
		clones[i] = sys_open_tree(AT_FDCWD, subs[i],
		    OPEN_TREE_CLONE | AT_RECURSIVE | O_CLOEXEC);
	if (umount2("/sys", MNT_DETACH) < 0 && errno != EINVAL)
		die_errno("cannot unmount the old /sys");
	if (sys_move_mount(mnt, "", AT_FDCWD, "/sys", MOVE_MOUNT_F_EMPTY_PATH) <
	    0)
		die_errno("cannot mount sysfs on /sys");
	close(mnt);
	for (int i = 0; i < n; i++) {
		if (clones[i] < 0)
			continue;
		if (sys_move_mount(clones[i], "", AT_FDCWD, subs[i],
			MOVE_MOUNT_F_EMPTY_PATH) < 0)
			warn_errno("cannot put %s back", subs[i]);
		close(clones[i]);
	}
}

/* /etc/netns/NAME/FILE is bound over /etc/FILE, as ip netns exec does. */
static void
bind_etc(const char *name)
{
	const char *etc = getenv("NETNS_ETC_DIR");
	char dir[PATH_MAX], src[PATH_MAX + 256], dst[PATH_MAX];
	struct dirent *d;
	DIR *dp;

	if (!etc || !*etc)
		etc = "/etc/netns";
	format(dir, sizeof(dir), "%s/%s", etc, name);
	dp = opendir(dir);
	if (!dp)
		return;
	while ((d = readdir(dp))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		format(src, sizeof(src), "%s/%s", dir, d->d_name);
		format(dst, sizeof(dst), "/etc/%s", d->d_name);
		if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
			warn_errno("bind %s on %s", src, dst);
	}
	closedir(dp);
}

void
netns_mount_view(const char *name)
{
	/* Slave, not private: mounts made outside later still show. */
	if (mount("", "/", NULL, MS_SLAVE | MS_REC, NULL) < 0) {
		int err = errno;

		warn_errno("cannot make / a slave mount");
		/* Without it, our /sys would propagate back out. */
		if (err == EINVAL && root_is_mount_root() == 0)
			hint(
			    "/ is no mount point (a chroot?): ns-exec --net=%s "
			    "COMMAND joins it, without /sys and /etc/netns",
			    name);
		exit(EXIT_OWN_FAIL);
	}
	remount_sys(name);
	bind_etc(name);
}
