/* pin.c - bind-mount namespace files onto paths, all or nothing. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

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

static int
create_target(struct pinset *set, struct pin *p)
{
	struct stat st;
	int fd;

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
	if (stat(p->path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return -1;
		}
		return 0;
	}
	if (errno != ENOENT)
		return -1;
	fd = open(p->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (fd < 0)
		return -1;
	close(fd);
	p->created = 1;
	return 0;
}

static void
undo_all(struct pinset *set)
{
	for (int i = set->n - 1; i >= 0; i--) {
		struct pin *p = &set->pin[i];

		if (p->bound && umount2(p->path, MNT_DETACH) < 0)
			warn_errno("cannot remove pin %s", p->path);
		else
			p->bound = 0;
		if (p->created && !p->bound && unlink(p->path) < 0 &&
		    errno != ENOENT)
			warn_errno("cannot remove %s", p->path);
		p->created = 0;
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
	char src[4096];

	for (int i = 0; i < set->n; i++) {
		struct pin *p = &set->pin[i];

		if (p->src)
			format(src, sizeof(src), "%s", p->src);
		else
			format(src, sizeof(src), "/proc/%d/ns/%s",
			    (int)set->source,
			    p->children ? p->type->children : p->type->proc);
		if (mount(src, p->path, NULL, MS_BIND, NULL) < 0) {
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
		p->bound = 1;
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
			warn_errno("%s", set->pin[i].path);
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
			set->pin[i].created = 0;
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
