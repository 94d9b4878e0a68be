/* nsfs.c - the namespace filesystem's link text, pins, and the netns run
 * directory's names. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "common/die.h"
#include "common/format.h"
#include "common/lines.h"
#include "common/nsfs.h"
#include "common/scan.h"

const struct ns_type *
nsfs_parse_link(const char *s, unsigned long *ino)
{
	const char *open = strchr(s, ':');
	char name[16];
	size_t len;

	if (!open || open[1] != '[' ||
	    (len = (size_t)(open - s)) >= sizeof(name))
		return NULL;
	memcpy(name, s, len);
	name[len] = '\0';
	*ino = (unsigned long)scan_ull(open + 2, NULL);
	return *ino ? ns_by_name(name) : NULL;
}

/* An nsfs mount's root is the link text of the namespace it holds. */
const struct ns_type *
nsfs_mount_ns(const struct mountinfo *m, unsigned long *ino)
{
	if (strcmp(m->fstype, "nsfs") != 0)
		return NULL;
	return nsfs_parse_link(m->root, ino);
}

int
nsfs_mounts(pid_t pid, nsfs_mount_found *found, void *arg)
{
	char path[64], line[4096];
	struct mountinfo m;
	struct lines f;

	if (pid)
		format(path, sizeof(path), "/proc/%d/mountinfo", (int)pid);
	else
		format(path, sizeof(path), "/proc/self/mountinfo");
	if (lines_open(&f, path) < 0)
		return -1;
	while (lines_next(&f, line, sizeof(line))) {
		unsigned long ino = 0;
		const struct ns_type *type;

		/* Most mounts are not nsfs: skip them before parsing. */
		if (!scan_str(line, " - nsfs ") ||
		    mountinfo_parse(line, &m) < 0)
			continue;
		type = nsfs_parse_link(m.root, &ino);
		found(arg, &m, type, ino);
	}
	lines_close(&f);
	errno = f.error;
	return f.error ? -1 : 0;
}

struct pin_at {
	const char *path;
	unsigned long ino;
	int found;
};

static void
pin_here(void *arg, const struct mountinfo *m, const struct ns_type *type,
    unsigned long ino)
{
	struct pin_at *p = arg;

	/* Pins can lie on one another: the last one is on top. */
	if (type && !strcmp(m->mountpoint, p->path)) {
		p->ino = ino;
		p->found = 1;
	}
}

int
nsfs_pin_at(const char *path, unsigned long *ino)
{
	struct pin_at p = { path, 0, 0 };

	if (nsfs_mounts(0, pin_here, &p) < 0)
		return -1;
	if (p.found)
		*ino = p.ino;
	return p.found;
}

static int
is_mount_point(const char *dir)
{
	char parent[PATH_MAX + 4];
	struct stat a, b;

	format(parent, sizeof(parent), "%s/..", dir);
	if (stat(dir, &a) < 0 || stat(parent, &b) < 0)
		return 0;
	return a.st_dev != b.st_dev || mount_id_of(dir) != mount_id_of(parent);
}

/* As iproute2 prepares /run/netns: a mount of its own (a recursive
 * self-bind, so pins already there stay visible), then private, which
 * takes it out of the peer group it was bound from. A mount namespace
 * cannot be pinned on a shared mount (it would propagate into itself);
 * ns-netns goes on to make the directory a peer group of its own. */
void
xnsfs_private_dir(const char *dir, unsigned long rec)
{
	if (!is_mount_point(dir) &&
	    mount(dir, dir, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_errno("cannot bind %s onto itself", dir);
	if (mount("", dir, NULL, MS_PRIVATE | rec, NULL) < 0)
		die_errno("cannot make %s a private mount", dir);
}

int
nsfs_unbind_private_dir(const char *dir)
{
	char parent[PATH_MAX + 4];
	struct stat a, b;

	/* A self-bind keeps its file system: another one mounted here is
	 * not ours to take away. */
	format(parent, sizeof(parent), "%s/..", dir);
	if (!is_mount_point(dir) || stat(dir, &a) < 0 || stat(parent, &b) < 0 ||
	    a.st_dev != b.st_dev)
		return 0;
	return umount2(dir, 0);
}

const char *
netns_run_dir(void)
{
	const char *dir = getenv("NETNS_RUN_DIR");

	return dir && *dir ? dir : "/run/netns";
}

/* The checks run in this order so that each name gets the same reason
 * every time. */
const char *
netns_name_bad(const char *name, enum netns_name_rule rule)
{
	int strict = rule == NETNS_NAME_STRICT;

	if (!*name)
		return "empty";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "'.' and '..' are not names";
	if (strict && name[0] == '-')
		return "a name may not start with '-'";
	if (strict && strlen(name) > NAME_MAX)
		return "longer than NAME_MAX (255)";
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '/')
			return "a name may not hold '/'";
		if (strict && (c <= ' ' || c == 0x7f))
			return "a name may not hold blanks or control "
			       "characters";
	}
	return NULL;
}

int
netns_path(char *buf, size_t size, const char *name)
{
	int n = format(buf, size, "%s/%s", netns_run_dir(), name);

	if (netns_name_bad(name, NETNS_NAME_FILE)) {
		errno = EINVAL;
		return -1;
	}
	return n;
}
