/* ns.c - the namespace-type table: name, /proc entry, flag and options. */
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "common/compat.h"
#include "common/die.h"
#include "common/ns.h"

/* clang-format off */
const struct ns_type ns_types[] = {
	{ "user",   "user",   NULL, "user",   CLONE_NEWUSER,   'U' },
	{ "cgroup", "cgroup", NULL, "cgroup", CLONE_NEWCGROUP, 'C' },
	{ "ipc",    "ipc",    NULL, "ipc",    CLONE_NEWIPC,    'i' },
	{ "uts",    "uts",    NULL, "uts",    CLONE_NEWUTS,    'u' },
	{ "net",    "net",    NULL, "net",    CLONE_NEWNET,    'n' },
	{ "pid",    "pid",    "pid_for_children", "pid", CLONE_NEWPID, 'p' },
	{ "mnt",    "mnt",    NULL, "mount",  CLONE_NEWNS,     'm' },
	{ "time",   "time",   "time_for_children", "time", CLONE_NEWTIME, 'T' },
};
const int ns_type_count = sizeof(ns_types) / sizeof(ns_types[0]);
_Static_assert(sizeof(ns_types) / sizeof(ns_types[0]) == NS_TYPE_COUNT,
    "NS_TYPE_COUNT must match the ns_types table");

/* clang-format on */

const struct ns_type *
ns_by_opt(int opt)
{
	NS_FOREACH(t)
		if (t->opt == opt)
			return t;
	return NULL;
}

const struct ns_type *
ns_by_flag(int flag)
{
	NS_FOREACH(t)
		if (t->flag == flag)
			return t;
	return NULL;
}

const struct ns_type *
ns_by_name(const char *name)
{
	NS_FOREACH(t)
		if (!strcmp(t->name, name) || !strcmp(t->longopt, name))
			return t;
	return NULL;
}

/* The kernel has a type if /proc/self/ns lists it: one read of the
 * directory, where a lookup of each entry cost 9 us apiece; once a run
 * (bwrap's --unshare-*-try ask again). Unreadable, it is an error: an
 * empty answer would say "no namespace specified". */
int
ns_all_flags(void)
{
	static int flags = -1;
	char buf[1024] __attribute__((aligned(8)));
	int fd;
	long n;

	if (flags >= 0)
		return flags;
	fd = open("/proc/self/ns", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	n = fd < 0 ? -1 : syscall(SYS_getdents64, fd, buf, sizeof(buf));
	if (n < 0)
		die_errno("cannot list the namespace types in /proc/self/ns");
	close(fd);
	flags = 0;
	for (long off = 0; off < n;) {
		const struct linux_dirent64 *d = (const void *)(buf + off);

		NS_FOREACH(t)
			if (!strcmp(d->d_name, t->proc))
				flags |= t->flag;
		off += d->d_reclen;
	}
	return flags;
}

const char *
ns_flags_str(int flags, char *buf, unsigned long size)
{
	size_t len = 0;

	buf[0] = '\0';
	NS_FOREACH(t) {
		size_t n = strlen(t->name);

		if (!(flags & t->flag) || len + n + 2 > size)
			continue;
		if (len)
			buf[len++] = ',';
		memcpy(buf + len, t->name, n + 1);
		len += n;
	}
	return buf;
}
