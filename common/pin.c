/* pin.c - bind-mount namespace files onto paths, all or nothing. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "common/compat.h"
#include "common/die.h"
#include "common/format.h"
#include "common/mountinfo.h"
#include "common/nsfs.h"
#include "common/pin.h"
#include "common/scan.h"

static struct pinset *exit_set;

static int
add_pin(struct pinset *set, const struct ns_type *type, const char *arg,
    int children, int names)
{
	struct pin *p;
	int n;

	if (set->n == (int)(sizeof(set->pin) / sizeof(set->pin[0]))) {
		errno = E2BIG;
		return -1;
	}
	p = &set->pin[set->n];
	memset(p, 0, sizeof(*p));
	if (!*arg) {
		errno = ENOENT;
		return -1;
	}
	if (names && type->flag == CLONE_NEWNET && !strchr(arg, '/')) {
		/* The directory is made only when the pins are (nothing
		 * changes while options are read); a name that is no file
		 * name (".", "..") is refused then, naming its path. */
		n = netns_path(p->path, sizeof(p->path), arg);
		p->in_run_dir = n < 0 ? -1 : 1;
		if (n < 0)
			n = 0;
	} else {
		n = format(p->path, sizeof(p->path), "%s", arg);
	}
	if (n < 0 || (size_t)n >= sizeof(p->path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	p->type = type;
	p->children = children && type->children;
	set->n++;
	return 0;
}

int
pin_add(struct pinset *set, const struct ns_type *type, const char *arg,
    int children)
{
	return add_pin(set, type, arg, children, 1);
}

int
pin_add_path(struct pinset *set, const struct ns_type *type, const char *path,
    int children)
{
	return add_pin(set, type, path, children, 0);
}

const char *
pin_shared_mount(const char *path, char *buf, size_t size)
{
	char copy[4096];
	struct mountinfo m;
	int id;

	format(copy, sizeof(copy), "%s", path);
	/* The file may not exist yet: ask about its directory. */
	id = mount_id_of(path);
	if (id < 0)
		id = mount_id_of(dirname(copy));
	if (id < 0 || mountinfo_find_id(NULL, id, &m) < 0)
		return NULL;
	if (!scan_str(m.optional, "shared:"))
		return NULL;
	format(buf, size, "%s", m.mountpoint);
	return buf;
}

int
pin_parent_open(const char *path, const char **name)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');

	*name = slash ? slash + 1 : path;
	if (!slash)
		format(dir, sizeof(dir), ".");
	else
		format(dir, sizeof(dir), "%.*s",
		    slash == path ? 1 : (int)(slash - path), path);
	return open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static int
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* fd (O_PATH) of a regular file opened again to read, for flock. Its
 * /proc/self/fd link reopens that very file, no path is walked again:
 * followed, not O_NOFOLLOW (which refuses the link itself, ELOOP). */
static int
readable(int fd)
{
	char self[32];
	int rw;

	format(self, sizeof(self), "/proc/self/fd/%d", fd);
	rw = open(self, O_RDONLY | O_CLOEXEC);
	if (rw < 0)
		return fd;
	close(fd);
	return rw;
}

int
pin_file_open(const char *path, mode_t mode, struct pin_file *f)
{
	const char *base;
	int dir = pin_parent_open(path, &base);

	return pin_file_openat(dir, base, mode, f);
}

int
pin_file_openat(int dir, const char *base, mode_t mode, struct pin_file *f)
{
	struct stat st, now;
	struct statfs fs;
	int fd = -1;

	f->fd = -1;
	f->created = 0;
	f->pinned = 0;
	f->dir = dir;
	f->base = base;
	if (f->dir < 0)
		return -1;
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		errno = EISDIR;
		goto fail;
	}
	/* Made here, or there already; never through a symlink. */
	for (int try = 0; fd < 0 && try < 3; try++) {
		fd = openat(f->dir, base,
		    O_RDONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		f->created = fd >= 0;
		if (fd < 0 && errno == EEXIST)
			fd = openat(
			    f->dir, base, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 && errno != ENOENT)
			break;
	}
	if (fd < 0 || fstat(fd, &st) < 0)
		goto fail;
	errno = S_ISLNK(st.st_mode) ? ELOOP : S_ISDIR(st.st_mode) ? EISDIR : 0;
	if (errno)
		goto fail;
	if (fstatfs(fd, &fs) == 0 && fs.f_type == NSFS_MAGIC) {
		f->pinned = st.st_ino; /* the caller says if that will do */
		f->fd = fd;
		return 0;
	}
	/* A regular file is locked until it is mounted on, so one that is
	 * empty, unlocked and unmounted is known for what a run killed
	 * before its mount left (pin_file_is_debris). */
	if (S_ISREG(st.st_mode)) {
		if (!f->created)
			fd = readable(fd);
		if (flock(fd, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK)
			goto busy;
	}
	/* Still the file at path, nothing mounted on it meanwhile. */
	if (fstatat(f->dir, base, &now, AT_SYMLINK_NOFOLLOW) < 0)
		goto fail;
	if (!same_file(&st, &now))
		goto busy;
	/* Debris is ours now: used, and removed if this run fails too. */
	if (S_ISREG(st.st_mode) && !st.st_size && !(st.st_mode & 0222))
		f->created = 1;
	f->fd = fd;
	return 0;
busy:
	errno = EBUSY;	/* another run is pinning here right now */
	f->created = 0; /* and the file is its */
fail:
	if (fd >= 0)
		close(fd);
	fd = -1;
	pin_file_remove(f);
	return -1;
}

void
pin_file_remove(struct pin_file *f)
{
	int err = errno;

	if (f->created)
		unlinkat(f->dir, f->base, 0);
	f->created = 0;
	if (f->fd >= 0)
		close(f->fd);
	if (f->dir >= 0)
		close(f->dir);
	f->fd = f->dir = -1;
	errno = err;
}

int
pinset_in_dir(struct pinset *set, const char *dir)
{
	struct stat st;

	set->dir = open(dir, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (set->dir < 0 || fstat(set->dir, &st) < 0)
		return -1;
	if (!S_ISDIR(st.st_mode)) {
		errno = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
		close(set->dir);
		return -1;
	}
	set->in_dir = 1;
	return 0;
}

void
pin_file_warn(const char *path)
{
	if (errno == ELOOP)
		warn("%s is a symbolic link: a pin is never made through one",
		    path);
	else if (errno == EBUSY)
		warn("%s: another process is pinning there", path);
	else
		warn_errno("%s", path);
}

int
pin_file_is_debris(int dir, const char *name)
{
	struct stat st;
	int fd = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC), debris = 0;

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && !st.st_size &&
	    !(st.st_mode & 0222) && !is_mount_root_at(dir, name)) {
		fd = readable(fd);
		debris = flock(fd, LOCK_EX | LOCK_NB) == 0;
	}
	close(fd);
	return debris;
}

static int
create_target(struct pinset *set, struct pin *p)
{
	if (p->in_run_dir < 0) {
		errno = EINVAL;
		return -1;
	}
	if (p->in_run_dir) {
		if (mkdir(netns_run_dir(), 0755) == 0)
			set->made_run_dir = 1;
		else if (errno != EEXIST)
			return -1;
	}
	if (set->in_dir)
		return pin_file_openat(fcntl(set->dir, F_DUPFD_CLOEXEC, 0),
		    strrchr(p->path, '/') + 1, 0444, &p->file);
	return pin_file_open(p->path, 0444, &p->file);
}

/* Take away the pin we made at p: the namespace mounted there now, if
 * it is the one we bound. */
static int
unbind(struct pin *p)
{
	char self[32];
	struct stat st;
	int fd = openat(
		p->file.dir, p->file.base, O_PATH | O_NOFOLLOW | O_CLOEXEC),
	    rc = 0;

	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_ino == p->bound) {
		format(self, sizeof(self), "/proc/self/fd/%d", fd);
		rc = umount2(self, MNT_DETACH);
	}
	if (fd >= 0)
		close(fd);
	return rc;
}

static void
undo_all(struct pinset *set)
{
	for (int i = set->n - 1; i >= 0; i--) {
		struct pin *p = &set->pin[i];

		if (p->bound && unbind(p) < 0)
			warn_errno("cannot remove pin %s", p->path);
		else
			p->bound = 0;
		if (p->bound)
			p->file.created = 0;
		pin_file_remove(&p->file);
	}
	if (set->made_run_dir && rmdir(netns_run_dir()) == 0)
		set->made_run_dir = 0;
}

/* The id the kernel gave a namespace (Linux 6.18 and later), or 0. */
static unsigned long long
ns_id_of(const char *path)
{
	unsigned long long id = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && ioctl(fd, NS_GET_ID, &id) < 0)
		id = 0;
	if (fd >= 0)
		close(fd);
	return id;
}

/* The kernel refuses to bind a mount namespace where that could make a
 * loop; say which of its reasons holds. */
static void
hint_mount_loop(const char *src, const char *path)
{
	unsigned long long id = ns_id_of(src),
			   ours = ns_id_of("/proc/self/ns/mnt");
	char shared[4096];

	if (id && id == ours)
		hint("a mount namespace cannot be pinned inside itself");
	/* Numbered per CPU, a newer namespace may have the lower id. */
	else if (id && id < ours)
		hint("the kernel numbered this mount namespace (%llu) below "
		     "ours (%llu) and takes it for a loop; pin it from the "
		     "initial mount namespace",
		    id, ours);
	else if (pin_shared_mount(path, shared, sizeof(shared)))
		hint("a mount namespace cannot be pinned on a shared mount "
		     "(%s)",
		    shared);
}

static int
bind_all(struct pinset *set)
{
	char src[4096], target[32];
	struct stat st;

	for (int i = 0; i < set->n; i++) {
		struct pin *p = &set->pin[i];

		if (p->src)
			format(src, sizeof(src), "%s", p->src);
		else
			format(src, sizeof(src), "/proc/%d/ns/%s",
			    (int)set->source,
			    p->children ? p->type->children : p->type->proc);
		/* A pin of this namespace there already: kept (a rerun
		 * after a crash); of another: never stacked unasked. */
		if (p->file.pinned && stat(src, &st) == 0 &&
		    st.st_ino == p->file.pinned)
			continue;
		if (p->file.pinned) {
			warn("%s: already pins namespace %lu", p->path,
			    p->file.pinned);
			hint("unpin it first: ns-pin -d %s", p->path);
			undo_all(set);
			return -1;
		}
		format(target, sizeof(target), "/proc/self/fd/%d", p->file.fd);
		if (mount(src, target, NULL, MS_BIND, NULL) < 0) {
			int err = errno;

			warn_errno("bind %s on %s", src, p->path);
			if (err == EINVAL && p->type->flag == CLONE_NEWNS)
				hint_mount_loop(src, p->path);
			else if (err == EPERM)
				hint("pinning needs CAP_SYS_ADMIN where %s is "
				     "mounted",
				    p->path);
			undo_all(set);
			return -1;
		}
		/* What is there now is what unbind() may take away. */
		p->bound = fstatat(p->file.dir, p->file.base, &st,
			       AT_SYMLINK_NOFOLLOW) == 0
		    ? st.st_ino
		    : 1;
	}
	return 0;
}

/* Runs in the helper, or in the owner itself when there is no helper. */
static int
pin_request(void *arg, char request)
{
	struct pinset *set = arg;

	switch (request) {
	case 'b':
		return bind_all(set);
	case 'u':
		undo_all(set);
		return 0;
	case 'k':
		set->committed = 1;
		return 0;
	case 0: /* the owner is gone: keep only what it committed */
		if (!set->committed)
			undo_all(set);
		return 0;
	}
	return -1;
}

static void
undo_at_exit(void)
{
	if (exit_set && exit_set->owner == getpid() && !exit_set->committed)
		undo_all(exit_set);
}

int
pinset_prepare(struct pinset *set, pid_t source, int use_helper)
{
	set->source = source;
	set->owner = getpid();
	set->helper.pid = 0;
	for (int i = 0; i < set->n; i++)
		if (create_target(set, &set->pin[i]) < 0) {
			pin_file_warn(set->pin[i].path);
			undo_all(set);
			return -1;
		}
	if (use_helper) {
		if (helper_start(&set->helper, pin_request, set) < 0) {
			warn_errno("fork");
			undo_all(set);
			return -1;
		}
		/* The helper owns the files now; our exit tells it. */
		for (int i = 0; i < set->n; i++)
			set->pin[i].file.created = 0;
		set->made_run_dir = 0;
		return 0;
	}
	exit_set = set;
	atexit(undo_at_exit);
	return 0;
}

int
pinset_bind(struct pinset *set)
{
	if (set->helper.pid > 0)
		return helper_call(&set->helper, 'b');
	return bind_all(set);
}

void
pinset_undo(struct pinset *set)
{
	if (set->helper.pid > 0)
		helper_call(&set->helper, 'u');
	else
		undo_all(set);
}

void
pinset_keep(struct pinset *set)
{
	if (set->helper.pid > 0) {
		helper_call(&set->helper, 'k');
		helper_end(&set->helper);
	}
	set->committed = 1;
}
