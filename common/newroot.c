/* newroot.c - the new root of a sandbox, built in the child.
 *
 * The order is bubblewrap's: a tmpfs at /tmp becomes a base root with the
 * old root under it (/oldroot) and the new root beside it (/newroot);
 * every operation runs in command-line order, sources resolved in the
 * old root and destinations in the new one, each as if it were /; then
 * the old root is detached and the process pivots into the new root. A
 * destination's symlinks are followed only inside the new root (openat2
 * RESOLVE_IN_ROOT); the mounts then act on the path the kernel resolved,
 * which has no symlink left in it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "common/compat.h"
#include "common/die.h"
#include "common/format.h"
#include "common/mountinfo.h"
#include "common/out.h"
#include "common/sandbox.h"

#define BASE "/tmp"
#define OLD  "/oldroot"
#define NEW  "/newroot"

/* path resolved in base (OLD or NEW) as if base were /, into out: the
 * path from our root the kernel found, with no symlink left in it. */
/* Where relative sources are found: the working directory we had. */
static const char *source_cwd = "/";

static int
resolve_in(const char *base, const char *path, char *out, size_t size)
{
	struct open_how how = { O_PATH | O_CLOEXEC, 0,
		RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	char link[64], joined[PATH_MAX];
	size_t len;
	ssize_t n;
	int root, fd;

	if (*path != '/' && !strcmp(base, OLD)) {
		if (format(joined, sizeof(joined), "%s/%s", source_cwd, path) >=
		    (int)sizeof(joined)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		path = joined;
	}

	while (*path == '/')
		path++;
	if (!*path)
		return format(out, size, "%s", base) < (int)size ? 0 : -1;
	root = open(base, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return -1;
	fd = (int)syscall(SYS_openat2, root, path, &how, sizeof(how));
	close(root);
	if (fd < 0 && errno == ENOSYS)
		die("a sandbox needs openat2 (Linux 5.6)");
	if (fd < 0)
		return -1;
	format(link, sizeof(link), OLD "/proc/self/fd/%d", fd);
	n = readlink(link, out, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	out[n] = '\0';
	/* Where the kernel found it is under base, or it did not find it
	 * (a path too long to read back, or not reachable from here). */
	len = strlen(base);
	if ((size_t)n >= size - 1 || strncmp(out, base, len) ||
	    (out[len] && out[len] != '/')) {
		errno = (size_t)n >= size - 1 ? ENAMETOOLONG : EXDEV;
		return -1;
	}
	return 0;
}

enum { MAKE_NOTHING, MAKE_DIR, MAKE_FILE };

/* path's last component joined to its resolved parent, in at: what
 * mkdir, mknod and symlink act on without following a symlink there. 1
 * if path is the root itself, -1 with errno on failure. */
static int
at_parent(const char *path, char *at)
{
	char parent[PATH_MAX];
	size_t len = strlen(path), cut;

	while (len > 1 && path[len - 1] == '/')
		len--;
	cut = len;
	while (cut > 0 && path[cut - 1] != '/')
		cut--;
	if (cut == len)
		return 1;
	if (len >= sizeof(parent) || len - cut > NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(parent, path, cut);
	parent[cut] = '\0';
	if (resolve_in(NEW, parent, at, PATH_MAX) < 0)
		return -1;
	format(at + strlen(at), NAME_MAX + 2, "/%.*s", (int)(len - cut),
	    path + cut);
	return 0;
}

/* A directory or an empty file, unless something is there already. */
static int
make_at(const char *path, int what, unsigned int mode)
{
	char at[PATH_MAX + NAME_MAX + 2];
	int r = at_parent(path, at);

	if (r)
		return r < 0 ? -1 : 0;
	if ((what == MAKE_DIR ? mkdir(at, mode)
			      : mknod(at, S_IFREG | mode, 0)) < 0 &&
	    errno != EEXIST)
		return -1;
	return 0;
}

/* DEST's parents made as bubblewrap makes them: under a file nobody else
 * may read, parents nobody else may enter. */
static void
make_parents(const struct sandbox_op *op)
{
	unsigned int parent_mode = 0755;
	const char *d = op->dest;

	if (op->mode != -1u && !(op->mode & 070))
		parent_mode &= ~050u;
	if (op->mode != -1u && !(op->mode & 07))
		parent_mode &= ~05u;
	for (size_t i = 1; d[i]; i++) {
		char part[PATH_MAX];

		if (d[i] != '/' || d[i - 1] == '/' || i >= sizeof(part))
			continue;
		memcpy(part, d, i);
		part[i] = '\0';
		if (make_at(part, MAKE_DIR, parent_mode) < 0)
			die_errno("Can't mkdir parents for %s", d);
	}
}

/* DEST made as asked (with its parents), its resolved path in out. */
static void
prepare_dest(const struct sandbox_op *op, int what, char *out)
{
	unsigned int mode = what == MAKE_FILE ? 0444 : 0755;

	if (op->kind + SB_FIRST == SB_DIR && op->mode != -1u)
		mode = op->mode;
	make_parents(op);
	if (what != MAKE_NOTHING && make_at(op->dest, what, mode) < 0)
		die_errno(what == MAKE_DIR ? "Can't mkdir %s"
					   : "Can't create file at %s",
		    op->dest);
	if (resolve_in(NEW, op->dest, out, PATH_MAX) < 0)
		die_errno("Can't find destination path %s", op->dest);
}

/* Add flags to one mount, keeping those it has (a user namespace may
 * not clear the ones it was given locked): mount_setattr sets what it is
 * given and leaves the rest; before Linux 5.12, a remount with the flags
 * statfs says the mount has, and the ones to add. */
static int
remount_one(const char *path, unsigned long add)
{
	const unsigned long kept = MS_RDONLY | MS_NOSUID | MS_NODEV |
	    MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME;
	static int no_setattr;
	struct compat_mount_attr attr = { 0 };
	struct statvfs st;
	unsigned long now;

	if (!no_setattr) {
		attr.attr_set = (add & MS_RDONLY ? MOUNT_ATTR_RDONLY : 0) |
		    (add & MS_NOSUID ? MOUNT_ATTR_NOSUID : 0) |
		    (add & MS_NODEV ? MOUNT_ATTR_NODEV : 0);
		if (!syscall(SYS_mount_setattr, AT_FDCWD, path, 0, &attr,
			sizeof(attr)))
			return 0;
		if (errno == ENOSYS)
			no_setattr = 1;
		else if (errno != EINVAL)
			return -1;
		/* EINVAL: no mount's root at path (a mount listed there is
		 * hidden under a later one): done if the mount that is there
		 * has the flags, as below. */
	}
	if (statvfs(path, &st) < 0)
		return -1;
	now = st.f_flag & kept; /* ST_* are MS_* by value */
	if ((now | add) == now)
		return 0;
	return mount(
	    "none", path, NULL, MS_REMOUNT | MS_BIND | now | add, NULL);
}

/* Flags added to every mount at or under path (BIND_TREE), as bubblewrap
 * does it: one at a time, by path (a mount hidden under another is left
 * as it is); or to the one mount (BIND_ONE) where none can be under it:
 * path is a file, or in a mount made a moment ago. Reading mountinfo for
 * nothing was a third of building a typical root. */
enum { BIND_ONE, BIND_TREE };

static void
add_mount_flags(const char *path, unsigned long add, int which)
{
	size_t len = strlen(path);
	struct mountinfo m;
	struct lines f;

	if (remount_one(path, add) < 0)
		die_errno("Can't remount %s", path);
	if (which == BIND_ONE)
		return;
	if (mountinfo_open(&f, OLD "/proc/self/mountinfo") < 0)
		die_errno("Can't read " OLD "/proc/self/mountinfo");
	while (mountinfo_next(&f, &m))
		if (!strncmp(m.mountpoint, path, len) &&
		    m.mountpoint[len] == '/' &&
		    remount_one(m.mountpoint, add) && errno != EACCES &&
		    errno != ENOENT)
			die_errno("Can't remount %s", m.mountpoint);
	lines_close(&f);
}

static void
bind(const char *src, const char *dest, unsigned long add, int which)
{
	if (mount(src, dest, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_errno("Can't bind mount %s on %s", src, dest);
	add_mount_flags(dest, add, which);
}

static void
mount_fs(
    const char *type, const char *dest, unsigned long flags, const char *data)
{
	if (mount(type, dest, type, flags, data) < 0)
		die_errno("Can't mount %s on %s", type, dest);
}

/* Paths under an operation's resolved destination. */
static const char *
under(char *buf, const char *dir, const char *name)
{
	format(buf, PATH_MAX, "%s/%s", dir, name);
	return buf;
}

/* The path an fd is open on, in the old root: a mount can be bound
 * only from our own mount namespace, not from where the fd was opened.
 * Something else there by now is refused. */
static void
fd_source(int fd, char *src, struct stat *st)
{
	char link[64], path[PATH_MAX];
	struct stat was;
	ssize_t n;

	format(link, sizeof(link), OLD "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0 || fstat(fd, &was) < 0)
		die_errno("Can't find source path /proc/self/fd/%d", fd);
	path[n] = '\0';
	if (path[0] != '/' || resolve_in(OLD, path, src, PATH_MAX) < 0 ||
	    stat(src, st) < 0 || st->st_dev != was.st_dev ||
	    st->st_ino != was.st_ino)
		die("Race condition binding dirfd");
}

static void
op_bind(const struct sandbox_op *op, char *dest)
{
	int kind = op->kind + SB_FIRST;
	char src[PATH_MAX];
	struct stat st;

	if (kind == SB_BIND_FD || kind == SB_RO_BIND_FD) {
		fd_source(op->fd, src, &st);
	} else if (resolve_in(OLD, op->src, src, sizeof(src)) < 0 ||
	    stat(src, &st) < 0) {
		if (errno == ENOENT &&
		    (kind == SB_BIND_TRY || kind == SB_DEV_BIND_TRY ||
			kind == SB_RO_BIND_TRY))
			return;
		die_errno("Can't find source path %s", op->src);
	}
	prepare_dest(op, S_ISDIR(st.st_mode) ? MAKE_DIR : MAKE_FILE, dest);
	bind(src, dest,
	    MS_NOSUID |
		(kind == SB_DEV_BIND || kind == SB_DEV_BIND_TRY ? 0
								: MS_NODEV) |
		(kind == SB_RO_BIND || kind == SB_RO_BIND_TRY ||
			    kind == SB_RO_BIND_FD
			? MS_RDONLY
			: 0),
	    S_ISDIR(st.st_mode) ? BIND_TREE : BIND_ONE);
}

static void
op_proc(const struct sandbox *sb, const char *dest)
{
	static const char *const cover[] = { "sys", "sysrq-trigger", "irq",
		"bus" };
	char path[PATH_MAX];

	if (sb->pid_ns)
		mount_fs("proc", dest, MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL);
	else
		bind(OLD "/proc", dest, MS_NOSUID | MS_NODEV, BIND_TREE);
	/* Old corners of proc that can change the host: read-only. */
	for (size_t i = 0; i < sizeof(cover) / sizeof(cover[0]); i++) {
		under(path, dest, cover[i]);
		if (access(path, W_OK) < 0) {
			if (errno == EACCES || errno == ENOENT ||
			    errno == EROFS)
				continue;
			die_errno("Can't access %s", path);
		}
		bind(path, path, MS_NOSUID | MS_NODEV | MS_RDONLY,
		    sb->pid_ns ? BIND_ONE : BIND_TREE);
	}
}

static void
op_dev(const char *dest)
{
	static const char *const nodes[] = { "null", "zero", "full", "random",
		"urandom", "tty" };
	static const char *const links[][2] = { { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" },
		{ "stderr", "/proc/self/fd/2" }, { "fd", "/proc/self/fd" },
		{ "core", "/proc/kcore" }, { "ptmx", "pts/ptmx" } };
	char path[PATH_MAX], src[PATH_MAX];

	mount_fs("tmpfs", dest, MS_NOSUID | MS_NODEV, "mode=0755");
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		if (mknod(under(path, dest, nodes[i]), S_IFREG | 0444, 0) < 0)
			die_errno("Can't create file %s", path);
		bind(under(src, OLD "/dev", nodes[i]), path, MS_NOSUID,
		    BIND_ONE);
	}
	if (mkdir(under(path, dest, "shm"), 0755) < 0 ||
	    mkdir(under(path, dest, "pts"), 0755) < 0)
		die_errno("Can't create %s", path);
	mount_fs("devpts", path, MS_NOSUID | MS_NOEXEC,
	    "newinstance,ptmxmode=0666,mode=620");
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (symlink(links[i][1], under(path, dest, links[i][0])) < 0)
			die_errno("Can't create symlink %s", path);
}

/* A link that says the same already is the one asked for. */
static void
op_symlink(const struct sandbox_op *op)
{
	char at[PATH_MAX + NAME_MAX + 2], now[PATH_MAX];
	ssize_t n;

	make_parents(op);
	if (at_parent(op->dest, at) != 0)
		die_errno("Can't make symlink at %s", op->dest);
	if (symlink(op->src, at) == 0)
		return;
	if (errno != EEXIST)
		die_errno("Can't make symlink at %s", op->dest);
	n = readlink(at, now, sizeof(now) - 1);
	if (n < 0)
		die("Can't make symlink at %s: destination exists and is not "
		    "a symlink",
		    op->dest);
	now[n] = '\0';
	if (strcmp(now, op->src))
		die("Can't make symlink at %s: existing destination is %s",
		    op->dest, now);
}

/* What fd reads, into the file open on out. */
static void
copy_data(int fd, int out, const char *dest)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write_all(out, buf, (size_t)n) < 0)
			die_errno("Can't write data to file %s", dest);
	}
	close(fd);
}

/* --file: DEST made with what FD reads. --bind-data: the same made
 * outside the new root and bound on DEST, so the sandbox cannot reach
 * it by any other name. */
static void
op_data(const struct sandbox_op *op, char *dest)
{
	static int count;
	int kind = op->kind + SB_FIRST, out;
	char at[PATH_MAX + NAME_MAX + 2];

	make_parents(op);
	if (kind == SB_FILE) {
		if (at_parent(op->dest, at) != 0)
			die_errno("Can't create file %s", op->dest);
		out = open(at,
		    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		    op->mode != -1u ? op->mode : 0666);
	} else {
		format(at, sizeof(at), "/bindfile%d", count++);
		out = open(at, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    op->mode != -1u ? op->mode : 0600);
	}
	if (out < 0)
		die_errno("Can't create file %s", op->dest);
	copy_data(op->fd, out, op->dest);
	close(out);
	if (kind == SB_FILE)
		return;
	prepare_dest(op, MAKE_FILE, dest);
	bind(at, dest,
	    MS_NOSUID | MS_NODEV | (kind == SB_RO_BIND_DATA ? MS_RDONLY : 0),
	    BIND_ONE);
	unlink(at);
}

/* path found in the old root, appended to opts as a mount option's
 * value: ',', ':' and '\\' escaped as overlayfs reads them. */
static void
append_source(char *opts, const char *path)
{
	char src[PATH_MAX];
	size_t len = strlen(opts);

	if (resolve_in(OLD, path, src, sizeof(src)) < 0)
		die_errno("Can't find source path %s", path);
	for (const char *c = src; *c && len < 3 * PATH_MAX - 2; c++) {
		if (*c == ',' || *c == ':' || *c == '\\')
			opts[len++] = '\\';
		opts[len++] = *c;
	}
	opts[len] = '\0';
}

/* An overlay of the --overlay-src operations just before it (given
 * bottom first; overlayfs takes the top first), with an upper layer on
 * the host, in the base tmpfs (--tmp-overlay: gone with the sandbox),
 * or none (--ro-overlay). */
static void
op_overlay(const struct sandbox *sb, const struct sandbox_op *op, char *dest)
{
	static int tmp_count;
	static char opts[4 * PATH_MAX];
	int kind = op->kind + SB_FIRST;
	const struct sandbox_op *src = op;

	opts[0] = '\0';
	if (kind == SB_OVERLAY) {
		strcpy(opts, "upperdir=");
		append_source(opts, op->src);
		strcat(opts, ",workdir=");
		append_source(opts, op->work);
		strcat(opts, ",");
	} else if (kind == SB_TMP_OVERLAY) {
		char upper[32], work[32];

		format(
		    upper, sizeof(upper), "/tmp-overlay-upper-%d", tmp_count);
		format(work, sizeof(work), "/tmp-overlay-work-%d", tmp_count++);
		if (mkdir(upper, 0755) < 0 || mkdir(work, 0755) < 0)
			die_errno("Creating --tmp-overlay upperdir failed");
		format(
		    opts, sizeof(opts), "upperdir=%s,workdir=%s,", upper, work);
	}
	strcat(opts, "lowerdir=");
	while (--src >= sb->ops && src->kind + SB_FIRST == SB_OVERLAY_SRC) {
		append_source(opts, src->src);
		strcat(opts, ":");
	}
	strcpy(opts + strlen(opts) - 1, ",userxattr");
	prepare_dest(op, MAKE_DIR, dest);
	if (mount("overlay", dest, "overlay", MS_MGC_VAL, opts) < 0) {
		if (errno == ELOOP)
			die("Can't make overlay mount on %s with options %s: "
			    "Overlay directories may not overlap",
			    dest, opts);
		die_errno("Can't make overlay mount on %s with options %s",
		    dest, opts);
	}
}

static void
apply_op(const struct sandbox *sb, const struct sandbox_op *op)
{
	char dest[PATH_MAX], opts[64];
	unsigned int mode = op->mode != -1u ? op->mode : 0755;

	switch (op->kind + SB_FIRST) {
	case SB_BIND ... SB_RO_BIND_TRY:
		op_bind(op, dest);
		break;
	case SB_REMOUNT_RO:
		prepare_dest(op, MAKE_NOTHING, dest);
		if (remount_one(dest, MS_RDONLY) < 0)
			die_errno("Can't remount readonly on %s", op->dest);
		break;
	case SB_PROC:
		prepare_dest(op, MAKE_DIR, dest);
		op_proc(sb, dest);
		break;
	case SB_DEV:
		prepare_dest(op, MAKE_DIR, dest);
		op_dev(dest);
		break;
	case SB_TMPFS:
		prepare_dest(op, MAKE_DIR, dest);
		if (op->size)
			format(opts, sizeof(opts), "mode=0%o,size=%lu", mode,
			    op->size);
		else
			format(opts, sizeof(opts), "mode=0%o", mode);
		mount_fs("tmpfs", dest, MS_NOSUID | MS_NODEV, opts);
		break;
	case SB_MQUEUE:
		prepare_dest(op, MAKE_DIR, dest);
		mount_fs("mqueue", dest, 0, NULL);
		break;
	case SB_DIR:
		prepare_dest(op, MAKE_DIR, dest);
		break;
	case SB_SYMLINK:
		op_symlink(op);
		break;
	case SB_BIND_FD ... SB_RO_BIND_FD:
		op_bind(op, dest);
		close(op->fd);
		break;
	case SB_FILE ... SB_RO_BIND_DATA:
		op_data(op, dest);
		break;
	case SB_OVERLAY ... SB_RO_OVERLAY:
		op_overlay(sb, op, dest);
		break;
	case SB_CHMOD:
		prepare_dest(op, MAKE_NOTHING, dest);
		if (chmod(dest, mode) < 0)
			die_errno("Can't chmod 0%o %s", mode, op->dest);
		break;
	}
}

/* The base root: a tmpfs with the old root under it and the new one
 * beside it, so every source is still reachable while the new root is
 * built, and no path on the host is created or changed. */
static void
enter_base(void)
{
	if (mount("tmpfs", BASE, "tmpfs", MS_NODEV | MS_NOSUID, NULL) < 0)
		die_errno("Failed to mount tmpfs on " BASE);
	if (chdir(BASE) < 0 || mkdir("newroot", 0755) < 0 ||
	    mkdir("oldroot", 0755) < 0)
		die_errno("Can't make the new root in " BASE);
	if (syscall(SYS_pivot_root, ".", "oldroot") < 0)
		die_errno("pivot_root");
	if (chdir("/") < 0 || mount(NEW, NEW, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_errno("Can't bind the new root");
}

/* The base is stacked over the new root, then detached with the old
 * root under it: one unmount, so one wait for the kernel's RCU grace
 * period instead of bubblewrap's two (each took 0.2 to 4 ms here). */
static void
enter_new_root(void)
{
	if (chdir(NEW) < 0 || syscall(SYS_pivot_root, ".", ".") < 0)
		die_errno("pivot_root into the new root");
	if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		die_errno("unmount the old root");
}

/* bubblewrap's working directory: --chdir, else where we were if the
 * new root has it, else $HOME, else /; PWD says which. */
static void
enter_cwd(const struct sandbox *sb)
{
	const char *cwd = "/", *home = getenv("HOME");

	if (sb->chdir) {
		if (chdir(sb->chdir) < 0)
			die_errno("Can't chdir to %s", sb->chdir);
		cwd = sb->chdir;
	} else if (sb->old_cwd && chdir(sb->old_cwd) == 0) {
		cwd = sb->old_cwd;
	} else if (home && chdir(home) == 0) {
		cwd = home;
	}
	if (setenv("PWD", cwd, 1) < 0)
		die_errno("setenv PWD");
}

void
sandbox_apply(struct sandbox *sb)
{
	mode_t old_umask;

	if (!sb->root)
		return;
	sb->old_cwd = getcwd(NULL, 0);
	if (sb->old_cwd)
		source_cwd = sb->old_cwd;
	old_umask = umask(0);
	if (sb->nested) {
		/* Our ids' files, reachable once proc is left behind. */
		sb->proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (sb->proc_fd < 0)
			die_errno("Can't open /proc");
	}
	enter_base();
	for (int i = 0; i < sb->n; i++)
		apply_op(sb, &sb->ops[i]);
	enter_new_root();
	umask(old_umask);
	enter_cwd(sb);
}
