/* setup.c - the setup plan and the steps that apply it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "common/compat.h"
#include "common/die.h"
#include "common/format.h"
#include "common/mountinfo.h"
#include "common/netlink.h"
#include "common/setup.h"

static void
check(const struct setup_plan *p)
{
	if ((p->have_monotonic || p->have_boottime) &&
	    !(p->flags & CLONE_NEWTIME))
		die("options --monotonic and --boottime require unsharing of "
		    "a time namespace (-T)");
	if (p->map.setgroups && !(p->flags & CLONE_NEWUSER))
		die("--setgroups needs a new user namespace (-U)");
	if (p->map.setgroups && !strcmp(p->map.setgroups, "allow") &&
	    p->map.single_gid)
		die("options --setgroups=allow and --map-group (or -r) are "
		    "mutually exclusive");
	if (p->lo_up && !(p->flags & CLONE_NEWNET))
		die("--lo needs a new network namespace (-n)");
	if (p->hostname && strlen(p->hostname) > 64)
		die("--hostname: \"%s\" is longer than the kernel allows (64)",
		    p->hostname);
	if (p->domainname && strlen(p->domainname) > 64)
		die("--domainname: \"%s\" is longer than the kernel allows "
		    "(64)",
		    p->domainname);
}

/* Alone, a one-id map is written as it is (idmap_write_single). */
static void
join_map(struct idmap *ranges, unsigned long inner, unsigned long outer,
    const char *what)
{
	if (idmap_put_single(ranges, inner, outer) < 0)
		die_errno(
		    "cannot add %s %lu to the %s ranges", what, inner, what);
}

/* The ranges of the map of kind (a lone one-id request is not among
 * them: it is joined only to ranges). */
static const struct idmap *
ranges_of(const struct setup_plan *p, enum idmap_kind kind)
{
	return kind == IDMAP_UID ? &p->map.uid_ranges : &p->map.gid_ranges;
}

/* Our own id alone we may map from inside, also when it came joined as
 * the one range; other ranges are written from the parent namespace. */
static int
map_writer(const struct setup_plan *p, enum idmap_kind kind)
{
	int single = kind == IDMAP_UID ? p->map.single_uid : p->map.single_gid;
	int n = ranges_of(p, kind)->n;

	if (!n)
		return single ? SETUP_OWN_MAPS : 0;
	return n == 1 && single ? SETUP_OWN_MAPS : SETUP_OUTSIDE_MAPS;
}

void
setup_plan_finish(struct setup_plan *p)
{
	struct idmap_request *m = &p->map;

	check(p);
	if (!(p->flags & CLONE_NEWUSER))
		return;
	if (m->single_uid && m->uid_ranges.n)
		join_map(&m->uid_ranges, m->inner_uid, m->outer_uid, "uid");
	if (m->single_gid && m->gid_ranges.n)
		join_map(&m->gid_ranges, m->inner_gid, m->outer_gid, "gid");
	p->map_writer[IDMAP_UID] = map_writer(p, IDMAP_UID);
	p->map_writer[IDMAP_GID] = map_writer(p, IDMAP_GID);
	/* Ranges written from outside without privilege go through
	 * newuidmap and newgidmap, which a build without subids never runs. */
	if (!HAVE_SUBIDS && m->outer_uid != 0 &&
	    ((p->map_writer[IDMAP_UID] | p->map_writer[IDMAP_GID]) &
		SETUP_OUTSIDE_MAPS))
		feature_absent("subids",
		    "id ranges without privilege (newuidmap, newgidmap)");
	/* A one-id gid map written without privilege needs "deny"; with
	 * privilege too, so the namespace is the same whoever made it (as
	 * util-linux does). Ranges go through newgidmap, which decides. */
	p->setgroups = m->setgroups;
	if (!p->setgroups && m->single_gid &&
	    p->map_writer[IDMAP_GID] == SETUP_OWN_MAPS)
		p->setgroups = "deny";
}

static int
write_map(
    const struct setup_plan *p, pid_t pid, enum idmap_kind kind, int which)
{
	const struct idmap *map = ranges_of(p, kind);
	const struct idmap_request *m = &p->map;
	int uid = kind == IDMAP_UID;

	if (!(which & p->map_writer[kind]))
		return 0;
	if (!map->n) /* a one-id map with no ranges beside it */
		return idmap_write_single(pid, kind,
		    uid ? m->inner_uid : m->inner_gid,
		    uid ? m->outer_uid : m->outer_gid);
	if (p->map_writer[kind] == SETUP_OWN_MAPS || m->outer_uid == 0)
		return idmap_write(pid, kind, map);
	return idmap_run_helper(pid, kind, map);
}

int
setup_write_ids(
    const struct setup_plan *p, pid_t pid, int which, const char **failed)
{
	*failed = "setgroups";
	if ((which & SETUP_SETGROUPS) && p->setgroups &&
	    setgroups_write(pid, p->setgroups) < 0)
		return -1;
	*failed = "uid_map";
	if (write_map(p, pid, IDMAP_UID, which) < 0)
		return -1;
	*failed = "gid_map";
	return write_map(p, pid, IDMAP_GID, which);
}

static void
write_offset(int fd, int clock, const char *name, long long secs)
{
	char line[64];
	int n = format(line, sizeof(line), "%d %lld 0", clock, secs);

	if (write(fd, line, (size_t)n) != n)
		die_errno("cannot set the %s offset %lld", name, secs);
}

/* Only processes that enter the time namespace later see the offsets;
 * they can be set only until the first one does. */
void
setup_apply_time_offsets(const struct setup_plan *p)
{
	int fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		die_errno("cannot open /proc/self/timens_offsets");
	if (p->have_monotonic)
		write_offset(fd, CLOCK_MONOTONIC, "monotonic", p->monotonic);
	if (p->have_boottime)
		write_offset(fd, CLOCK_BOOTTIME, "boottime", p->boottime);
	close(fd);
}

void
setup_apply_identity(const struct setup_plan *p)
{
	if (p->hostname && sethostname(p->hostname, strlen(p->hostname)) < 0)
		die_errno("sethostname(%s)", p->hostname);
	if (p->domainname &&
	    setdomainname(p->domainname, strlen(p->domainname)) < 0)
		die_errno("setdomainname(%s)", p->domainname);
}

void
setup_apply_lo(const struct setup_plan *p)
{
	int nl = nl_open();

	if (nl < 0 || nl_link_up(nl, "lo") < 0)
		die_errno("cannot bring lo up in the new network namespace");
	close(nl);
}

static void
set_propagation(const struct setup_plan *p)
{
	if (!(p->flags & CLONE_NEWNS) || !p->propagation)
		return;
	if (mount("none", "/", NULL, p->propagation, NULL) < 0) {
		int err = errno;

		warn_errno("cannot change root filesystem propagation");
		if (err == EINVAL && root_is_mount_root() == 0)
			hint("/ is not a mount point here (a chroot into a "
			     "directory): use --propagation unchanged");
		exit(applet_fail_status);
	}
}

/* pivot_root wants a mount point that is not the old root's: bind DIR
 * onto itself, then stack the old root under it and detach it. */
static void
pivot_into(const char *dir)
{
	if (mount(dir, dir, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_errno("--rootfs: cannot bind %s", dir);
	if (chdir(dir) < 0)
		die_errno("--rootfs: cannot enter %s", dir);
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		die_errno("--rootfs: pivot_root into %s", dir);
	if (umount2(".", MNT_DETACH) < 0)
		die_errno("--rootfs: cannot detach the old root");
	if (chdir("/") < 0)
		die_errno("chdir /");
}

static void
change_root(const struct setup_plan *p)
{
	if (p->rootfs)
		pivot_into(p->rootfs);
	if (p->root) {
		if (chroot(p->root) < 0)
			die_errno(
			    "cannot change root directory to %s", p->root);
		if (!p->wd && chdir("/") < 0)
			die_errno("cannot chdir to / in %s", p->root);
	}
	if (p->wd && chdir(p->wd) < 0)
		die_errno("cannot change directory to %s", p->wd);
}

static void
mount_proc(const struct setup_plan *p)
{
	if (!p->proc_dir)
		return;
	/* Under a propagation that lets mounts out, our proc must not
	 * reach where we came from (a detached old root takes none). */
	if (p->propagation != (MS_REC | MS_PRIVATE) && !p->root && !p->rootfs &&
	    mount("none", p->proc_dir, NULL, MS_PRIVATE | MS_REC, NULL) < 0 &&
	    errno != EINVAL)
		die_errno("cannot make %s private", p->proc_dir);
	if (mount("proc", p->proc_dir, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV,
		NULL) < 0) {
		int err = errno;

		warn_errno("mount proc on %s", p->proc_dir);
		if (err == EPERM)
			hint("proc can be mounted only for a PID namespace "
			     "this user namespace owns: add %s",
			    p->pid_opts ? p->pid_opts : "-p");
		exit(applet_fail_status);
	}
}

/* binfmt_misc is per user namespace from Linux 6.7 on. (Mounted only
 * with a new user namespace, whose mount namespace the kernel makes a
 * slave: nothing we mount here reaches back.) */
static void
mount_binfmt(const char *dir)
{
	int err;

	if (mount("binfmt_misc", dir, "binfmt_misc",
		MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) == 0)
		return;
	err = errno;
	warn_errno("mount binfmt_misc on %s", dir);
	if (err == EPERM)
		hint(
		    "binfmt_misc in a user namespace needs Linux 6.7 or newer");
	exit(applet_fail_status);
}

static void
register_interp(const char *dir, const char *interp)
{
	char path[4096];
	size_t len = strlen(interp);
	int fd;

	format(path, sizeof(path), "%s/register", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, interp, len) != (ssize_t)len)
		die_errno(
		    "--load-interp: cannot register '%s' in %s", interp, path);
	close(fd);
}

/* The F flag (last field; the first character is the separator) opens
 * the interpreter when it is registered. */
static int
interp_fixed(const char *interp)
{
	return strchr(strrchr(interp, *interp), 'F') != NULL;
}

void
setup_apply_mounts(const struct setup_plan *p)
{
	static const char binfmt_proc[] = "/proc/sys/fs/binfmt_misc";
	int early = p->interp && p->root && interp_fixed(p->interp);

	set_propagation(p);
	/* Under --root, an F interpreter is the caller's file: register it
	 * before the chroot. The instance is the user namespace's, so the
	 * mount inside the root shows the entry too. */
	if (early) {
		mount_binfmt(binfmt_proc);
		register_interp(binfmt_proc, p->interp);
	}
	change_root(p);
	mount_proc(p);
	if (p->binfmt_dir)
		mount_binfmt(p->binfmt_dir);
	if (p->interp && !early)
		register_interp(p->binfmt_dir, p->interp);
}
