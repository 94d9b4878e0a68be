/* mountinfo.c - /proc/PID/mountinfo parsing (proc(5) layout). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/compat.h"
#include "common/format.h"
#include "common/mountinfo.h"
#include "common/scan.h"

int
mountinfo_open(struct lines *f, const char *path)
{
	return lines_open(f, path ? path : "/proc/self/mountinfo");
}

/* Undo the kernel's octal escapes (\040 for a space) in place. */
static void
unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
			    (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

static char *
next_field(char **p)
{
	char *start = *p, *end;

	if (!start || !*start)
		return NULL;
	end = strchr(start, ' ');
	if (end) {
		*end = '\0';
		*p = end + 1;
	} else {
		*p = start + strlen(start);
	}
	return start;
}

/* A decimal number ending at end of string or at stop. */
static int
parse_number(const char *s, char stop, int *out)
{
	long v = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((v = v * 10 + (*s - '0')) > 0x7fffffff)
			return -1;
	if (*s && *s != stop)
		return -1;
	*out = (int)v;
	return 0;
}

int
mountinfo_parse(char *line, struct mountinfo *m)
{
	char *p = line, *f[6], *sep;

	line[strcspn(line, "\n")] = '\0';
	for (int i = 0; i < 6; i++)
		if (!(f[i] = next_field(&p)))
			return -1;
	if (parse_number(f[0], ' ', &m->id) < 0 ||
	    parse_number(f[1], ' ', &m->parent) < 0 || !strchr(f[2], ':') ||
	    parse_number(f[2], ':', (int *)&m->major) < 0 ||
	    parse_number(strchr(f[2], ':') + 1, ' ', (int *)&m->minor) < 0)
		return -1;
	m->root = f[3];
	m->mountpoint = f[4];
	m->options = f[5];
	/* Optional fields run up to a lone "-". */
	m->optional = p;
	sep = scan_str(p, "- ");
	if (sep == p) {
		m->optional = "";
	} else {
		sep = scan_str(p, " - ");
		if (!sep)
			return -1;
		*sep = '\0';
		sep += 1;
	}
	p = sep + 2;
	if (!(m->fstype = next_field(&p)) || !(m->source = next_field(&p)))
		return -1;
	unescape(m->root);
	unescape(m->mountpoint);
	unescape(m->source);
	return 0;
}

int
mountinfo_next(struct lines *f, struct mountinfo *m)
{
	while (lines_next(f, m->line, sizeof(m->line)))
		if (mountinfo_parse(m->line, m) == 0)
			return 1;
	return 0;
}

int
mountinfo_find_id(const char *path, int id, struct mountinfo *m)
{
	struct lines f;
	int found = 0;

	if (mountinfo_open(&f, path) < 0)
		return -1;
	while (!found && mountinfo_next(&f, m))
		found = m->id == id;
	lines_close(&f);
	if (!found) {
		errno = ENOENT;
		return -1;
	}
	return 0;
}

/* fdinfo has had the mount id since Linux 3.15. */
int
mount_id_of_fd(int fd)
{
	char path[64], line[256];
	struct lines f;
	int id = -1;

	format(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	if (lines_open(&f, path) < 0)
		return -1;
	while (id < 0 && lines_next(&f, line, sizeof(line)))
		if (!strncmp(line, "mnt_id:", 7))
			id = (int)scan_ull(line + 7, NULL);
	lines_close(&f);
	return id;
}

/* statx has the mount id since Linux 5.8; before, an older kernel leaves
 * it out of the mask, and the descriptor's fdinfo says it. */
int
mount_id_of(const char *path)
{
	struct compat_statx st;
	int fd, id;

	memset(&st, 0, sizeof(st));
	if (sys_statx(AT_FDCWD, path, 0, STATX_MNT_ID, &st) == 0 &&
	    (st.mask & STATX_MNT_ID))
		return (int)st.mnt_id;
	fd = open(path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -1;
	id = mount_id_of_fd(fd);
	close(fd);
	return id;
}

static int
mount_root(int dir, const char *name, int flags)
{
	struct compat_statx st;

	memset(&st, 0, sizeof(st));
	if (sys_statx(dir, name, flags, 0, &st) < 0 ||
	    !(st.attributes_mask & STATX_ATTR_MOUNT_ROOT))
		return -1;
	return (st.attributes & STATX_ATTR_MOUNT_ROOT) != 0;
}

int
root_is_mount_root(void)
{
	return mount_root(AT_FDCWD, "/", 0);
}

int
is_mount_root_at(int dir, const char *name)
{
	struct stat a, b;
	int r = mount_root(dir, name, AT_SYMLINK_NOFOLLOW);

	if (r >= 0)
		return r;
	return fstatat(dir, name, &a, AT_SYMLINK_NOFOLLOW) == 0 &&
	    fstat(dir, &b) == 0 && a.st_dev != b.st_dev;
}

/* The kernel's test (current_chrooted) is "our / is not our mount
 * namespace's root". A / inside a mount is certainly not; a / that is a
 * mount root is another than init's only if init shares our mount
 * namespace and has another. */
int
in_chroot(void)
{
	struct stat ours, init, our_ns, init_ns;
	int mount_root = root_is_mount_root();

	if (mount_root == 0)
		return 1;
	if (stat("/proc/self/ns/mnt", &our_ns) < 0 ||
	    stat("/proc/1/ns/mnt", &init_ns) < 0 ||
	    our_ns.st_ino != init_ns.st_ino ||
	    stat("/proc/1/root/", &init) < 0 || stat("/", &ours) < 0)
		return -1;
	return ours.st_dev != init.st_dev || ours.st_ino != init.st_ino;
}

int
mount_propagation(const char *mode, unsigned long *flags)
{
	if (!strcmp(mode, "private"))
		*flags = MS_REC | MS_PRIVATE;
	else if (!strcmp(mode, "shared"))
		*flags = MS_REC | MS_SHARED;
	else if (!strcmp(mode, "slave"))
		*flags = MS_REC | MS_SLAVE;
	else if (!strcmp(mode, "unchanged"))
		*flags = 0;
	else
		return -1;
	return 0;
}
