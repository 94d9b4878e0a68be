/* ns.c - the namespace-type table: name, /proc entry, flag and options. */
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "common/compat.h"
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

int
ns_all_flags(void)
{
	char path[64];
	int flags = 0;

	NS_FOREACH(t) {
		strcpy(path, "/proc/self/ns/");
		strcat(path, t->proc);
		if (access(path, F_OK) == 0)
			flags |= t->flag;
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
