/* procscan.c - the counting half of the /proc scan (procread.c reads):
 * the table of namespaces, what holds each, the ancestors found through
 * them; and the smaller walks other applets share. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/compat.h"
#include "common/die.h"
#include "common/fdbatch.h"
#include "common/format.h"
#include "common/inoset.h"
#include "common/netlink.h"
#include "common/nsfs.h"
#include "common/nsref.h"
#include "common/procread.h"
#include "common/procscan.h"
#include "common/scan.h"
#include "common/xalloc.h"

struct ns_table ns_table;

static void
index_insert(int i)
{
	int slot = ino_slot(ns_table.ns[i].ino, ns_table.index_size);

	while (ns_table.index[slot])
		slot = (slot + 1) & (ns_table.index_size - 1);
	ns_table.index[slot] = i + 1;
}

static void
grow_index(void)
{
	free(ns_table.index);
	ns_table.index_size =
	    ns_table.index_size ? ns_table.index_size * 2 : 1024;
	ns_table.index = calloc((size_t)ns_table.index_size, sizeof(int));
	if (!ns_table.index)
		die("out of memory");
	for (int i = 0; i < ns_table.n; i++)
		index_insert(i);
}

struct nsent *
procscan_find(unsigned long ino)
{
	int slot;

	if (!ns_table.index_size)
		return NULL;
	slot = ino_slot(ino, ns_table.index_size);
	for (; ns_table.index[slot];
	     slot = (slot + 1) & (ns_table.index_size - 1))
		if (ns_table.ns[ns_table.index[slot] - 1].ino == ino)
			return &ns_table.ns[ns_table.index[slot] - 1];
	return NULL;
}

/* The entry for ino, made if new; *added says which. */
static struct nsent *
get_ns(unsigned long ino, const struct ns_type *type, int *added)
{
	struct nsent *e = procscan_find(ino);

	if (added)
		*added = !e;
	if (e)
		return e;
	if (ns_table.n == ns_table.cap) {
		ns_table.cap = ns_table.cap ? ns_table.cap * 2 : 256;
		ns_table.ns =
		    xrealloc(ns_table.ns, (size_t)ns_table.cap * sizeof(*e));
	}
	if ((ns_table.n + 1) * 2 > ns_table.index_size)
		grow_index();
	e = &ns_table.ns[ns_table.n++];
	memset(e, 0, sizeof(*e));
	e->ino = ino;
	e->type = type;
	e->fd = -1;
	index_insert(ns_table.n - 1);
	return e;
}

static void
set_src(struct nsent *e, const char *fmt, pid_t pid, const char *rest)
{
	char path[4200];

	if (e->src)
		return;
	format(path, sizeof(path), fmt, (int)pid, rest);
	e->src = xstrdup(path);
}

/* The network namespace of each socket the process holds. */
static void
scan_socket(int *pidfd, pid_t pid, int fd)
{
	int sock, nsfd;
	struct stat st;
	struct nsent *e;
	int added;

	if (*pidfd == -1)
		*pidfd = sys_pidfd_open(pid, 0);
	if (*pidfd < 0) {
		*pidfd = -2;
		return;
	}
	sock = sys_pidfd_getfd(*pidfd, fd, 0);
	if (sock < 0)
		return;
	nsfd = ioctl(sock, SIOCGSKNS);
	fd_drop(sock);
	if (nsfd < 0)
		return;
	if (fstat(nsfd, &st) < 0) {
		fd_drop(nsfd);
		return;
	}
	e = get_ns(st.st_ino, ns_by_flag(CLONE_NEWNET), &added);
	e->socks++;
	/* One a process is in is opened through the process. */
	if (!e->src && !e->pid && e->fd < 0) {
		e->fd = nsfd;
		fd_keep(nsfd);
	} else {
		fd_drop(nsfd);
	}
}

/* Threads whose namespaces differ from their leader's. */
static void
scan_tasks(
    int procdir, const char *name, pid_t pid, const unsigned long *leader)
{
	char task[32];
	struct dirent *d;
	int taskdir;
	DIR *dir;

	format(task, sizeof(task), "%s/task", name);
	taskdir = openat(procdir, task, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (taskdir < 0)
		return;
	dir = fdopendir(taskdir);
	if (!dir) {
		close(taskdir);
		return;
	}
	while ((d = readdir(dir))) {
		char path[320];
		struct stat st;
		struct nsent *e;

		if (d->d_name[0] == '.' ||
		    (pid_t)scan_ull(d->d_name, NULL) == pid)
			continue;
		NS_FOREACH(t) {
			format(
			    path, sizeof(path), "%s/ns/%s", d->d_name, t->proc);
			if (fstatat(taskdir, path, &st, 0) < 0 ||
			    st.st_ino == leader[t - ns_types])
				continue;
			e = get_ns(st.st_ino, t, NULL);
			e->tasks++;
			if (!e->src) {
				char rest[320];

				format(rest, sizeof(rest), "%s/ns/%s",
				    d->d_name, t->proc);
				set_src(e, "/proc/%d/task/%s", pid, rest);
			}
		}
	}
	closedir(dir);
}

static void
take_related(struct nsent *e, const struct related *r)
{
	e->walked = 1;
	e->ons = r->ons;
	e->pns = r->pns;
	e->id = r->id;
	e->have_id = r->have_id;
}

static void inspect(int idx, int fd);

struct counting {
	pid_t pid;
	int pidfd;
};

static void
count_fd(void *arg, int fd, const struct ns_type *type, unsigned long ino)
{
	struct counting *c = arg;
	struct nsent *e;
	char num[16];

	if (!type) {
		scan_socket(&c->pidfd, c->pid, fd);
		return;
	}
	e = get_ns(ino, type, NULL);
	e->fds++;
	format(num, sizeof(num), "%d", fd);
	set_src(e, "/proc/%d/fd/%s", c->pid, num);
}

/* A namespace met first in this process: what the looker asked of it
 * does, unless it names an ancestor not met yet, which only an fd from
 * the kernel reaches: then ask again here, and keep that fd. */
static void
settle(int idx, const struct related *r, int procdir, const char *name)
{
	struct nsent *e = &ns_table.ns[idx];
	char path[48];
	int fd;

	if (r->asked && (!r->ons || procscan_find(r->ons)) &&
	    (!r->pns || procscan_find(r->pns)) &&
	    !(ns_table.nl >= 0 && e->type->flag == CLONE_NEWNET)) {
		take_related(e, r);
		return;
	}
	format(path, sizeof(path), "%s/ns/%s", name, e->type->proc);
	fd = openat(procdir, path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		inspect(idx, fd);
		fd_drop(fd);
	}
}

static struct proc *
proc_of(int procdir, const char *name, const struct looks *looks,
    const struct look *l)
{
	struct proc *p;

	if (!l->have_proc)
		return procscan_proc(procdir, name, l->pid, ns_table.flags);
	p = malloc(sizeof(*p));
	if (!p)
		die("out of memory");
	*p = l->proc;
	p->pid = l->pid;
	p->command = xstrdup(looks->text + l->command);
	return p;
}

static void
count(int procdir, const struct looks *looks, const struct look *l)
{
	struct counting c = { l->pid, -1 };
	struct proc *proc = NULL;
	char name[16];

	if (!l->ok)
		return;
	format(name, sizeof(name), "%d", (int)l->pid);
	fd_batch_start();
	NS_FOREACH(t) {
		int i = (int)(t - ns_types), added;
		struct nsent *e;

		if (!l->ino[i])
			continue;
		e = get_ns(l->ino[i], t, &added);
		if (!e->pid) {
			/* /proc lists PIDs in increasing order: the first
			 * process we meet in a namespace is its lowest. */
			if (!proc)
				proc = proc_of(procdir, name, looks, l);
			e->pid = l->pid;
			e->proc = proc;
		}
		e->nprocs++;
		if (added)
			settle(
			    (int)(e - ns_table.ns), &l->rel[i], procdir, name);
		if (l->children[i] && l->children[i] != l->ino[i]) {
			e = get_ns(l->children[i], t, NULL);
			e->children++;
			set_src(e, "/proc/%d/ns/%s", l->pid, t->children);
		}
	}
	if (l->threads > 1)
		scan_tasks(procdir, name, l->pid, l->ino);
	if (l->notes < 0)
		read_fds(procdir, name, count_fd, &c);
	for (int i = 0; i < l->notes; i++) {
		const struct fd_note *n = &looks->notes[l->first_note + i];

		count_fd(
		    &c, n->fd, n->type < 0 ? NULL : &ns_types[n->type], n->ino);
	}
	if (c.pidfd >= 0)
		fd_drop(c.pidfd);
	fd_batch_end();
}

static int
walk_proc(DIR *dir, proc_found *found, void *arg)
{
	struct dirent *d;
	int rc = 0;

	while (!rc && (d = readdir(dir)))
		if (d->d_name[0] >= '1' && d->d_name[0] <= '9')
			rc = found(arg, dirfd(dir), d->d_name,
			    (pid_t)scan_ull(d->d_name, NULL));
	return rc;
}

int
procscan_each(proc_found *found, void *arg)
{
	DIR *dir = opendir("/proc");
	int rc;

	if (!dir)
		return -1;
	rc = walk_proc(dir, found, arg);
	closedir(dir);
	return rc;
}

struct pids {
	pid_t *pid;
	int n, cap;
};

static int
add_pid(void *arg, int procdir, const char *dir, pid_t pid)
{
	struct pids *p = arg;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 512;
		p->pid = xrealloc(p->pid, (size_t)p->cap * sizeof(*p->pid));
	}
	p->pid[p->n++] = pid;
	return 0;
}

static void
scan_processes(void)
{
	struct pids pids = { NULL, 0, 0 };
	DIR *dir = opendir("/proc");
	struct looks *looks;
	struct stat st;
	int procdir;

	if (!dir)
		die_errno("cannot read /proc");
	procdir = dirfd(dir);
	if (stat("/proc/self/ns/mnt", &st) == 0)
		ns_table.self_mnt = st.st_ino;
	walk_proc(dir, add_pid, &pids);
	/* Everything open now stays open. */
	fd_keep(procdir);
	fd_keep(ns_table.nl);
	looks = looks_read(procdir, pids.pid, pids.n, ns_table.flags);
	free(pids.pid);
	for (int i = 0; i < looks->nlooks; i++)
		count(procdir, looks, &looks->look[i]);
	looks_free(looks);
	closedir(dir);
}

struct mnt_walk {
	struct inoset seen;
	mnt_ns_found *found;
	void *arg;
};

static int
new_mount_ns(void *arg, int procdir, const char *dir, pid_t pid)
{
	struct mnt_walk *w = arg;
	char path[32];
	unsigned long ino;

	format(path, sizeof(path), "%s/ns/mnt", dir);
	ino = procscan_ns_inode(procdir, path);
	if (ino && inoset_add(&w->seen, ino))
		w->found(w->arg, pid, ino);
	return 0;
}

int
procscan_mount_namespaces(mnt_ns_found *found, void *arg)
{
	struct mnt_walk w = { { NULL, 0, 0 }, found, arg };
	int rc = procscan_each(new_mount_ns, &w);

	inoset_free(&w.seen);
	return rc;
}

/* The mount namespace whose mounts are being counted. */
struct mnt_ns {
	unsigned long ino;
	pid_t pid;
};

/* A mount point in our mount namespace, once (a pin on a pin is one
 * path): they are joined by newlines, as lsns's NSFS shows them. */
static void
add_own_mount(struct nsent *e, const char *path)
{
	size_t len = strlen(path), have = 0;
	char *s = e->own_mounts;

	for (; s; s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL)
		if (!strncmp(s, path, len) && (!s[len] || s[len] == '\n'))
			return;
	if (e->own_mounts)
		have = strlen(e->own_mounts) + 1;
	e->own_mounts = xrealloc(e->own_mounts, have + len + 1);
	if (have)
		e->own_mounts[have - 1] = '\n';
	memcpy(e->own_mounts + have, path, len + 1);
}

static void
count_mount(void *arg, const struct mountinfo *m, const struct ns_type *type,
    unsigned long ino)
{
	const struct mnt_ns *mnt = arg;
	struct nsent *e;
	char item[4200];

	if (!type)
		return;
	e = get_ns(ino, type, NULL);
	if (mnt->ino == ns_table.self_mnt) {
		add_own_mount(e, m->mountpoint);
		format(item, sizeof(item), "%s", m->mountpoint);
	} else {
		format(
		    item, sizeof(item), "%s@mnt:%lu", m->mountpoint, mnt->ino);
	}
	xappend(&e->mounts, item);
	set_src(e, "/proc/%d/root%s", mnt->pid, m->mountpoint);
}

/* nsfs bind mounts, read once in each mount namespace a process is in. */
static void
scan_mounts(void)
{
	int n = ns_table.n;

	for (int i = 0; i < n; i++) {
		/* Copied, not pointed to: get_ns() may move the table. */
		struct mnt_ns mnt = { ns_table.ns[i].ino, ns_table.ns[i].pid };

		if (ns_table.ns[i].type->flag == CLONE_NEWNS && mnt.pid)
			nsfs_mounts(mnt.pid, count_mount, &mnt);
	}
}

static int
open_ns(struct nsent *e)
{
	char path[64];

	if (e->fd >= 0)
		return e->fd;
	if (e->pid) {
		format(path, sizeof(path), "/proc/%d/ns/%s", (int)e->pid,
		    e->type->proc);
		return open(path, O_RDONLY | O_CLOEXEC);
	}
	return e->src ? open(e->src, O_RDONLY | O_CLOEXEC) : -1;
}

/* An ancestor fd: its namespace is recorded, and kept open if new. */
static void
learn_related(int fd, unsigned long ino, unsigned long child_ino)
{
	/* Known already (the usual case): no need to ask its type. */
	const struct ns_type *type =
	    procscan_find(ino) ? NULL : nsref_type_of(fd);
	struct nsent *e;

	if (!type) {
		fd_drop(fd);
		return;
	}
	e = get_ns(ino, type, NULL);
	e->fd = fd;
	e->via = child_ino;
	fd_keep(fd);
}

/* Owner and parent of a namespace, which finds the ancestors nothing
 * else holds; also the per-namespace facts asked for. By index: the
 * table moves when an ancestor is added. */
static void
inspect(int idx, int fd)
{
	const struct ns_type *type = ns_table.ns[idx].type;
	struct related r = { 0 };
	uid_t owner;
	int rel;

	/* Without a process the line shows the namespace's owner, as lsns
	 * does: the creator of the user namespace that owns it (USER is
	 * the process's when there is one). */
	if (!ns_table.ns[idx].pid) {
		rel =
		    type->flag == CLONE_NEWUSER ? fd : ioctl(fd, NS_GET_USERNS);
		if (rel >= 0 && ioctl(rel, NS_GET_OWNER_UID, &owner) == 0)
			ns_table.ns[idx].owner_uid = owner,
			ns_table.ns[idx].have_owner = 1;
		if (rel >= 0 && rel != fd)
			fd_drop(rel);
	}
	ask_related(fd, type, &r, ns_table.flags & PROCSCAN_ID, learn_related,
	    ns_table.ns[idx].ino);
	take_related(&ns_table.ns[idx], &r);
	if (ns_table.nl >= 0 && type->flag == CLONE_NEWNET) {
		int nsid = nl_get_nsid(ns_table.nl, fd);

		ns_table.ns[idx].have_netnsid = nsid >= -1;
		ns_table.ns[idx].netnsid = nsid;
	}
}

/* What the process scan did not look up: namespaces held by fds,
 * sockets, mounts and children, and the ancestors found on the way. */
static void
walk_namespaces(void)
{
	for (int i = 0; i < ns_table.n; i++) {
		int fd;

		if (ns_table.ns[i].walked)
			continue;
		fd = open_ns(&ns_table.ns[i]);
		if (fd < 0)
			continue;
		inspect(i, fd);
		close(fd);
		ns_table.ns[i].fd = -1;
	}
}

void
procscan(int flags)
{
	ns_table.flags = flags;
	ns_table.nl = flags & PROCSCAN_NETNSID ? nl_open() : -1;
	scan_processes();
	scan_mounts();
	walk_namespaces();
	if (ns_table.nl >= 0)
		close(ns_table.nl);
}

/* --- the processes in one namespace ------------------------------------ */

struct in_ns {
	const struct ns_type *type;
	unsigned long ino;
	int threads;
	proc_found *found;
	void *arg;
};

/* Whether a thread of process pid is in the namespace. */
static int
thread_in(pid_t pid, const struct in_ns *q)
{
	char path[300];
	struct dirent *d;
	int found = 0;
	DIR *tasks;

	format(path, sizeof(path), "/proc/%d/task", (int)pid);
	if (!(tasks = opendir(path)))
		return 0;
	while (!found && (d = readdir(tasks))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		format(
		    path, sizeof(path), "%s/ns/%s", d->d_name, q->type->proc);
		found = procscan_ns_inode(dirfd(tasks), path) == q->ino;
	}
	closedir(tasks);
	return found;
}

static int
process_in(void *arg, int procdir, const char *dir, pid_t pid)
{
	const struct in_ns *q = arg;
	char path[64];

	if (q->threads) {
		if (!thread_in(pid, q))
			return 0;
	} else {
		format(path, sizeof(path), "%s/ns/%s", dir, q->type->proc);
		if (procscan_ns_inode(procdir, path) != q->ino)
			return 0;
	}
	return q->found(q->arg, procdir, dir, pid);
}

int
procscan_in_ns(const struct ns_type *t, unsigned long ino, int threads,
    proc_found *found, void *arg)
{
	struct in_ns q = { t, ino, threads, found, arg };

	return procscan_each(process_in, &q);
}
