/* ns-ls - list namespaces and what holds them: util-linux lsns, plus
 * threads, fds, sockets, bind mounts in every mount namespace and
 * ancestors, in one pass over /proc. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/applet.h"
#include "common/compat.h"
#include "common/die.h"
#include "common/format.h"
#include "common/json.h"
#include "common/mountinfo.h"
#include "common/netlink.h"
#include "common/ns.h"
#include "common/nsfs.h"
#include "common/nsref.h"
#include "common/opt.h"
#include "common/out.h"
#include "common/proc.h"
#include "common/user.h"

/* Help text and tables are laid out by hand. */
/* clang-format off */
static const char help[] =
"Usage: ns-ls [OPTION]... [NSID]\n"
"List the namespaces of the system and what holds each of them: processes,\n"
"threads, open files, sockets, bind mounts (in every mount namespace) and\n"
"child namespaces. With NSID (an inode), list the processes in it.\n"
"\n"
"  -J, --json                JSON output ({\"namespaces\":[...]})\n"
"  -l, --list                a flat list, no tree\n"
"  -r, --raw                 raw output: one space between columns\n"
"  -n, --noheadings          no header line\n"
"  -u, --notruncate          do not truncate the last column\n"
"  -W, --nowrap              do not wrap cells (they never are)\n"
"  -o, --output LIST         columns to show; +LIST adds to the default\n"
"      --output-all          every column\n"
"  -H, --list-columns        the columns and what they mean\n"
"  -p, --task PID            only the namespaces of process PID\n"
"  -t, --type TYPE           only namespaces of TYPE (mnt uts ipc net pid\n"
"                            user cgroup time); repeatable\n"
"  -P, --persistent          only namespaces no process is in\n"
"  -T, --tree[=KIND]         tree by owner (default), parent or process\n"
"\n"
"  -h, --help                show this help\n"
"  -V, --version             show the version\n"
"\n"
"Default columns: NS,TYPE,NPROCS,PID,USER,COMMAND (with only -t net also\n"
"NETNSID,NSFS). Exit status: 0 success, 1 failure.\n";

enum { OPT_OUTPUT_ALL = 256 };

static const struct option longopts[] = {
	{ "json", no_argument, NULL, 'J' },
	{ "list", no_argument, NULL, 'l' },
	{ "raw", no_argument, NULL, 'r' },
	{ "noheadings", no_argument, NULL, 'n' },
	{ "notruncate", no_argument, NULL, 'u' },
	{ "nowrap", no_argument, NULL, 'W' },
	{ "output", required_argument, NULL, 'o' },
	{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL },
	{ "list-columns", no_argument, NULL, 'H' },
	{ "task", required_argument, NULL, 'p' },
	{ "type", required_argument, NULL, 't' },
	{ "persistent", no_argument, NULL, 'P' },
	{ "tree", optional_argument, NULL, 'T' },
	OPT_HELP_VERSION
};

enum col {
	C_NS, C_TYPE, C_PATH, C_NPROCS, C_PID, C_PPID, C_COMMAND, C_UID,
	C_USER, C_NETNSID, C_NSFS, C_PNS, C_ONS, C_HOLDERS, C_UIDMAP,
	C_GIDMAP, C_ID, C_COUNT
};

enum { STR, NUM };

static const struct column {
	const char *name;
	int json;	/* how JSON shows it, as lsns does */
	int right;	/* right-aligned in tables */
	const char *help;
} columns[C_COUNT] = {
	[C_NS]      = { "NS", NUM, 1, "namespace identifier (inode number)" },
	[C_TYPE]    = { "TYPE", STR, 0, "kind of namespace" },
	[C_PATH]    = { "PATH", STR, 0, "path to the namespace" },
	[C_NPROCS]  = { "NPROCS", NUM, 1, "number of processes in the namespace" },
	[C_PID]     = { "PID", NUM, 1, "lowest PID in the namespace" },
	[C_PPID]    = { "PPID", NUM, 1, "PPID of the PID" },
	[C_COMMAND] = { "COMMAND", STR, 0, "command line of the PID" },
	[C_UID]     = { "UID", NUM, 1, "UID of the PID" },
	[C_USER]    = { "USER", STR, 0, "username of the PID" },
	[C_NETNSID] = { "NETNSID", STR, 1, "namespace ID as used by network subsystem" },
	[C_NSFS]    = { "NSFS", STR, 0, "nsfs mountpoints (usually used by network subsystem)" },
	[C_PNS]     = { "PNS", NUM, 1, "parent namespace identifier (inode number)" },
	[C_ONS]     = { "ONS", NUM, 1, "owner namespace identifier (inode number)" },
	[C_HOLDERS] = { "HOLDERS", STR, 0, "what holds it: proc:N,task:N,children:N,fd:N,sock:N,mount:PATH,ns:INODE" },
	[C_UIDMAP]  = { "UIDMAP", STR, 0, "uid_map of a user namespace, lines joined by ','" },
	[C_GIDMAP]  = { "GIDMAP", STR, 0, "gid_map of a user namespace, lines joined by ','" },
	[C_ID]      = { "ID", NUM, 1, "64-bit namespace id (Linux 6.18 and later)" },
};
/* clang-format on */

static const struct opt_spec spec = { help, "Jlrnuo:Hp:t:PT::W", longopts,
	OPT_NS_NONE };

/* One namespace, whatever holds it. */
struct nsent {
	unsigned long ino;
	const struct ns_type *type;
	int nprocs, tasks, children, fds, socks;
	pid_t pid;	   /* lowest PID in it, 0 if none */
	struct proc *proc; /* that process */
	char *mounts;	   /* "PATH,PATH@mnt:INO" */
	char *own_mounts;  /* mount points in our mount namespace */
	char *src;	   /* a path that opens it */
	int fd;		   /* open when only a socket or child shows it */
	unsigned long pns, ons, via;
	unsigned long long id;
	int have_id, netnsid, have_netnsid;
	int walked;	 /* owner, parent and the rest looked up */
	uid_t owner_uid; /* for a namespace no process is in */
	int have_owner;
	int shown, parent, first_child, next_sibling;
};

/* The facts about one process that a namespace line shows. */
struct proc {
	pid_t pid, ppid;
	uid_t uid;
	char *command;
	long threads; /* from stat when it was read, else 0 */
};

static struct {
	struct nsent *ns;
	int n, cap;
	int *index; /* open addressing on ino: ns index + 1 */
	int index_size;
	unsigned long self_mnt;
	pid_t self;
	int want_id, want_ppid, nl;
} table;

static struct {
	int json, raw, noheadings, notruncate, list_columns;
	int persistent, tree; /* tree: 0 none, 'o'wner, 'p'arent, 'r'ocess */
	int type_mask;
	pid_t task;
	unsigned long nsid;
	int cols[C_COUNT], ncols;
} cfg;

static void *
xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p)
		die("out of memory");
	return p;
}

static char *
xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

/* Where an inode's search starts in an open-addressing table of size
 * slots (a power of two); each probe goes one on. */
static int
hash_slot(unsigned long ino, int size)
{
	return (int)((ino * 2654435761UL) & (unsigned long)(size - 1));
}

static void
index_insert(int i)
{
	int slot = hash_slot(table.ns[i].ino, table.index_size);

	while (table.index[slot])
		slot = (slot + 1) & (table.index_size - 1);
	table.index[slot] = i + 1;
}

static void
grow_index(void)
{
	free(table.index);
	table.index_size = table.index_size ? table.index_size * 2 : 1024;
	table.index = calloc((size_t)table.index_size, sizeof(int));
	if (!table.index)
		die("out of memory");
	for (int i = 0; i < table.n; i++)
		index_insert(i);
}

static struct nsent *
find_ns(unsigned long ino)
{
	int slot;

	if (!table.index_size)
		return NULL;
	slot = hash_slot(ino, table.index_size);
	for (; table.index[slot]; slot = (slot + 1) & (table.index_size - 1))
		if (table.ns[table.index[slot] - 1].ino == ino)
			return &table.ns[table.index[slot] - 1];
	return NULL;
}

/* The entry for ino, made if new; *added says which. */
static struct nsent *
get_ns(unsigned long ino, const struct ns_type *type, int *added)
{
	struct nsent *e = find_ns(ino);

	if (added)
		*added = !e;
	if (e)
		return e;
	if (table.n == table.cap) {
		table.cap = table.cap ? table.cap * 2 : 256;
		table.ns = xrealloc(table.ns, (size_t)table.cap * sizeof(*e));
	}
	if ((table.n + 1) * 2 > table.index_size)
		grow_index();
	e = &table.ns[table.n++];
	memset(e, 0, sizeof(*e));
	e->ino = ino;
	e->type = type;
	e->fd = -1;
	e->parent = e->first_child = e->next_sibling = -1;
	index_insert(table.n - 1);
	return e;
}

static void
append(char **list, const char *item)
{
	size_t old = *list ? strlen(*list) : 0, len = strlen(item);

	*list = xrealloc(*list, old + len + 2);
	if (old)
		(*list)[old++] = ',';
	memcpy(*list + old, item, len + 1);
}

/* Descriptors opened while one process is read are closed together when
 * it is done, with one close_range(2) instead of a close each: most of
 * them, and thousands of processes. Those kept for later (an ancestor, a
 * socket's namespace: keep_fd) and those opened before the scan sit at
 * or below keep_max, and are not closed that way. */
static struct {
	int active, lowest, keep_max, n;
	int fd[64];
} batch;

static void
drop_fd(int fd)
{
	if (batch.active &&
	    batch.n < (int)(sizeof(batch.fd) / sizeof(batch.fd[0]))) {
		batch.fd[batch.n++] = fd;
		if (fd < batch.lowest)
			batch.lowest = fd;
	} else {
		close(fd);
	}
}

static void
keep_fd(int fd)
{
	if (fd > batch.keep_max)
		batch.keep_max = fd;
}

static void
batch_start(void)
{
	batch.active = 1;
	batch.lowest = INT_MAX;
	batch.n = 0;
}

static void
batch_end(void)
{
	int from = batch.lowest > batch.keep_max ? batch.lowest
						 : batch.keep_max + 1;
	int bulk =
	    batch.n && syscall(SYS_close_range, (unsigned)from, ~0U, 0) == 0;

	for (int i = 0; i < batch.n; i++)
		if (!bulk || batch.fd[i] < from)
			close(batch.fd[i]);
	batch.active = 0;
	batch.n = 0;
}

static ssize_t
read_small(int dirfd, const char *name, char *buf, size_t size)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	drop_fd(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* Owner, PPID (when asked for) and thread count of process dir ("PID")
 * into p, its command line into cmd (4096 bytes). */
static void
read_facts(int procdir, const char *dir, struct proc *p, char *cmd)
{
	char path[32], buf[4096];
	struct stat st;
	ssize_t n;

	if (fstatat(procdir, dir, &st, 0) == 0)
		p->uid = st.st_uid;
	format(path, sizeof(path), "%s/cmdline", dir);
	n = read_small(procdir, path, cmd, 4096);
	if (n > 0)
		proc_cmdline_join(cmd, (size_t)n);
	else
		cmd[0] = '\0';
	/* stat for the PPID, or the name of a process without a command
	 * line (a kernel thread). */
	if (table.want_ppid || !cmd[0]) {
		char comm[64];

		format(path, sizeof(path), "%s/stat", dir);
		if (read_small(procdir, path, buf, sizeof(buf)) > 0 &&
		    proc_stat_parse(buf, comm, sizeof(comm), &p->ppid) == 0) {
			if (!cmd[0])
				format(cmd, 4096, "%s", comm);
			p->threads = proc_stat_threads(buf);
		}
	}
}

static struct proc *
read_proc(int procdir, const char *dir, pid_t pid)
{
	struct proc *p = calloc(1, sizeof(*p));
	char cmd[4096];

	if (!p)
		die("out of memory");
	p->pid = pid;
	read_facts(procdir, dir, p, cmd);
	p->command = xstrdup(cmd);
	return p;
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
	drop_fd(sock);
	if (nsfd < 0)
		return;
	if (fstat(nsfd, &st) < 0) {
		drop_fd(nsfd);
		return;
	}
	e = get_ns(st.st_ino, ns_by_flag(CLONE_NEWNET), &added);
	e->socks++;
	/* One a process is in is opened through the process. */
	if (!e->src && !e->pid && e->fd < 0) {
		e->fd = nsfd;
		keep_fd(nsfd);
	} else {
		drop_fd(nsfd);
	}
}

/* Directory entries without opendir(): it would stat and fcntl each of
 * the thousands of /proc/PID/fd directories we read. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* A descriptor that matters: a namespace (type and inode) or, with type
 * NULL, a socket. */
typedef void fd_found(void *arg, int fd, const struct ns_type *type,
    unsigned long ino);

static void
read_fds(int procdir, const char *dir, fd_found *found, void *arg)
{
	char buf[8192];
	int fddir;
	long n;

	format(buf, sizeof(buf), "%s/fd", dir);
	fddir = openat(procdir, buf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fddir < 0)
		return;
	while ((n = syscall(SYS_getdents64, fddir, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			const struct ns_type *type;
			unsigned long ino;
			char link[64];
			ssize_t len;

			off += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;
			len = readlinkat(
			    fddir, d->d_name, link, sizeof(link) - 1);
			if (len <= 0 || link[0] == '/')
				continue;
			link[len] = '\0';
			if (!strncmp(link, "socket:[", 8))
				found(arg, atoi(d->d_name), NULL, 0);
			else if ((type = nsfs_parse_link(link, &ino)))
				found(arg, atoi(d->d_name), type, ino);
		}
		/* procfs fills the buffer while entries last: room left for
		 * another means the list is done, without the getdents
		 * that would say so. */
		if ((size_t)n < sizeof(buf) - 64)
			break;
	}
	drop_fd(fddir);
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

		if (d->d_name[0] == '.' || atoi(d->d_name) == pid)
			continue;
		NS_FOREACH(t)
		{
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

/* The inode a /proc/PID/ns link names: readlink is cheaper than stat. */
static unsigned long
ns_link_inode(int nsdir, const char *name)
{
	char link[64];
	unsigned long ino;
	ssize_t n = readlinkat(nsdir, name, link, sizeof(link) - 1);

	if (n <= 0)
		return 0;
	link[n] = '\0';
	return nsfs_parse_link(link, &ino) ? ino : 0;
}

/* --- reading /proc, on two CPUs ---------------------------------------
 * Reading /proc is nearly all of the cost: some thirty system calls for
 * each process. So the reading (a look at each process) is apart from
 * the counting: with more than one CPU and enough processes, a helper
 * process takes half the looks, claimed a few at a time, and both write
 * them to shared memory. The counting then goes through them in PID
 * order, as if it had read them itself, and reads on its own what a look
 * left out (a namespace whose ancestor is new, too many descriptors). */

/* What the kernel says of a namespace's owner and parent, asked by
 * whoever first met it. */
struct related {
	unsigned long ons, pns;
	unsigned long long id;
	char asked, have_id;
};

struct fd_note {
	int fd;
	int type; /* index in ns_types, -1 for a socket */
	unsigned long ino;
};

struct look {
	pid_t pid;
	int done; /* looked at, by us or by the helper */
	int ok;	  /* its namespaces could be read */
	unsigned long ino[8], children[8];
	struct related rel[8]; /* for namespaces new to the looker */
	long threads;
	int have_proc; /* uid, ppid and command read */
	struct proc proc;
	size_t command;		   /* offset in shared.text */
	int first_note, notes; /* notes -1: too many, count them again */
};

static struct {
	int next; /* first look not claimed yet */
	int nlooks, nnotes, notes_cap;
	size_t text_used, text_cap;
	struct look *looks;
	struct fd_note *notes;
	char *text;
} *shared;

/* The namespaces this process (or the helper, its own copy) has looked
 * at. A looker takes PIDs in increasing order, so the first process of a
 * namespace is always the first of it this set sees. */
static struct {
	unsigned long *ino;
	int n, size;
} seen;

static int
first_sight(unsigned long ino)
{
	int slot;

	if ((seen.n + 1) * 2 > seen.size) {
		unsigned long *old = seen.ino;
		int old_size = seen.size;

		seen.size = seen.size ? seen.size * 2 : 1024;
		seen.ino = calloc((size_t)seen.size, sizeof(*seen.ino));
		if (!seen.ino)
			die("out of memory");
		seen.n = 0;
		for (int i = 0; i < old_size; i++)
			if (old[i])
				first_sight(old[i]);
		free(old);
	}
	slot = hash_slot(ino, seen.size);
	for (; seen.ino[slot]; slot = (slot + 1) & (seen.size - 1))
		if (seen.ino[slot] == ino)
			return 0;
	seen.ino[slot] = ino;
	seen.n++;
	return 1;
}

static unsigned long learn_related(int fd, unsigned long child_ino);

/* The inode of the namespace an ioctl on fd hands back, 0 if none. With
 * learn (the inode of fd's namespace), one new to the table is added. */
static unsigned long
related_inode(int fd, unsigned long request, unsigned long learn)
{
	int rel = ioctl(fd, request);
	struct stat st;
	unsigned long ino = 0;

	if (rel < 0)
		return 0;
	if (learn)
		return learn_related(rel, learn);
	if (fstat(rel, &st) == 0)
		ino = st.st_ino;
	drop_fd(rel);
	return ino;
}

static void
ask_related(int fd, const struct ns_type *t, struct related *r,
    unsigned long learn)
{
	uint64_t id;

	r->ons = related_inode(fd, NS_GET_USERNS, learn);
	if (t->flag == CLONE_NEWPID || t->flag == CLONE_NEWUSER)
		r->pns = related_inode(fd, NS_GET_PARENT, learn);
	if (table.want_id && ioctl(fd, _IOR(NSIO, 13, uint64_t), &id) == 0)
		r->id = id, r->have_id = 1;
	r->asked = 1;
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

struct notes {
	struct fd_note note[64];
	int n;
};

static void
note_fd(void *arg, int fd, const struct ns_type *type, unsigned long ino)
{
	struct notes *notes = arg;

	if (notes->n < (int)(sizeof(notes->note) / sizeof(notes->note[0])))
		notes->note[notes->n] = (struct fd_note){ fd,
			type ? (int)(type - ns_types) : -1, ino };
	notes->n++;
}

static void
look_at(int procdir, struct look *l)
{
	int fresh[8] = { 0 }, any = 0, nsdir;
	char name[16], path[32], cmd[4096];
	struct stat st;

	/* Afresh: a helper that died may have left half a look. */
	*l = (struct look){ .pid = l->pid };
	format(name, sizeof(name), "%d", (int)l->pid);
	format(path, sizeof(path), "%s/ns", name);
	batch_start();
	nsdir = openat(procdir, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (nsdir < 0)
		goto done;
	drop_fd(nsdir);
	l->ok = 1;
	NS_FOREACH(t)
	{
		int i = (int)(t - ns_types);

		l->ino[i] = ns_link_inode(nsdir, t->proc);
		if (l->ino[i] && first_sight(l->ino[i]))
			fresh[i] = any = 1;
		if (t->children)
			l->children[i] = ns_link_inode(nsdir, t->children);
	}
	if (any) {
		size_t len;

		read_facts(procdir, name, &l->proc, cmd);
		len = strlen(cmd) + 1;
		l->command = __atomic_fetch_add(
		    &shared->text_used, len, __ATOMIC_RELAXED);
		if (l->command + len <= shared->text_cap) {
			memcpy(shared->text + l->command, cmd, len);
			l->have_proc = 1;
		}
	}
	NS_FOREACH(t)
	{
		int i = (int)(t - ns_types), fd;

		if (!fresh[i])
			continue;
		fd = openat(nsdir, t->proc, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			ask_related(fd, t, &l->rel[i], 0);
			drop_fd(fd);
		}
	}
	/* More than one thread: the stat line just read says, else a task
	 * directory with 2 + N links. */
	format(path, sizeof(path), "%s/task", name);
	if (l->have_proc && l->proc.threads)
		l->threads = l->proc.threads;
	else if (fstatat(procdir, path, &st, 0) == 0)
		l->threads = (long)st.st_nlink - 2;
	/* Our own fds are ours, not holders: we opened them to look. */
	if (l->pid != table.self) {
		struct notes notes = { .n = 0 };

		read_fds(procdir, name, note_fd, &notes);
		if (notes.n > (int)(sizeof(notes.note) / sizeof(notes.note[0])))
			l->notes = -1;
		else if (notes.n) {
			l->first_note = __atomic_fetch_add(
			    &shared->nnotes, notes.n, __ATOMIC_RELAXED);
			if (l->first_note + notes.n > shared->notes_cap)
				l->notes = -1;
			else
				memcpy(shared->notes + l->first_note,
				    notes.note, (size_t)notes.n * sizeof(*notes.note));
			if (l->notes == 0)
				l->notes = notes.n;
		}
	}
done:
	batch_end();
	l->done = 1;
}

static void
take_looks(int procdir)
{
	enum { CLAIM = 16 };
	int first;

	while ((first = __atomic_fetch_add(
		    &shared->next, CLAIM, __ATOMIC_RELAXED)) < shared->nlooks)
		for (int i = first; i < first + CLAIM && i < shared->nlooks; i++)
			look_at(procdir, &shared->looks[i]);
}

/* Below this many processes a helper costs more than it saves. */
enum { HELPER_MIN = 64 };

static void
look_at_all(int procdir)
{
	cpu_set_t cpus;
	pid_t helper = -1;

	if (shared->nlooks >= HELPER_MIN &&
	    sched_getaffinity(0, sizeof(cpus), &cpus) == 0 &&
	    CPU_COUNT(&cpus) > 1)
		helper = fork();
	if (helper == 0) {
		take_looks(procdir);
		_exit(0);
	}
	take_looks(procdir);
	if (helper > 0)
		while (waitpid(helper, NULL, 0) < 0 && errno == EINTR)
			;
	/* What a helper that died left unfinished. */
	for (int i = 0; i < shared->nlooks; i++)
		if (!shared->looks[i].done)
			look_at(procdir, &shared->looks[i]);
}

/* --- counting what was seen -------------------------------------------- */

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
	struct nsent *e = &table.ns[idx];
	char path[48];
	int fd;

	if (r->asked && (!r->ons || find_ns(r->ons)) &&
	    (!r->pns || find_ns(r->pns)) &&
	    !(table.nl >= 0 && e->type->flag == CLONE_NEWNET)) {
		take_related(e, r);
		return;
	}
	format(path, sizeof(path), "%s/ns/%s", name, e->type->proc);
	fd = openat(procdir, path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		inspect(idx, fd);
		drop_fd(fd);
	}
}

static struct proc *
proc_of(int procdir, const char *name, const struct look *l)
{
	struct proc *p;

	if (!l->have_proc)
		return read_proc(procdir, name, l->pid);
	p = malloc(sizeof(*p));
	if (!p)
		die("out of memory");
	*p = l->proc;
	p->pid = l->pid;
	p->command = xstrdup(shared->text + l->command);
	return p;
}

static void
count(int procdir, const struct look *l)
{
	struct counting c = { l->pid, -1 };
	struct proc *proc = NULL;
	char name[16];

	if (!l->ok)
		return;
	format(name, sizeof(name), "%d", (int)l->pid);
	batch_start();
	NS_FOREACH(t)
	{
		int i = (int)(t - ns_types), added;
		struct nsent *e;

		if (!l->ino[i])
			continue;
		e = get_ns(l->ino[i], t, &added);
		if (!e->pid) {
			/* /proc lists PIDs in increasing order: the first
			 * process we meet in a namespace is its lowest. */
			if (!proc)
				proc = proc_of(procdir, name, l);
			e->pid = l->pid;
			e->proc = proc;
		}
		e->nprocs++;
		if (added)
			settle((int)(e - table.ns), &l->rel[i], procdir, name);
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
		const struct fd_note *n = &shared->notes[l->first_note + i];

		count_fd(&c, n->fd, n->type < 0 ? NULL : &ns_types[n->type],
		    n->ino);
	}
	if (c.pidfd >= 0)
		drop_fd(c.pidfd);
	batch_end();
}

static void
scan_processes(void)
{
	int procdir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	pid_t *pids = NULL;
	int n = 0, cap = 0;
	struct dirent *d;
	struct stat st;
	size_t size;
	DIR *dir;

	if (procdir < 0 || !(dir = fdopendir(procdir)))
		die_errno("cannot read /proc");
	if (stat("/proc/self/ns/mnt", &st) == 0)
		table.self_mnt = st.st_ino;
	while ((d = readdir(dir))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 512;
			pids = xrealloc(pids, (size_t)cap * sizeof(*pids));
		}
		pids[n++] = (pid_t)atoi(d->d_name);
	}
	/* One shared mapping, made before a helper is: looks, fd notes, and
	 * command lines (most are short; one that does not fit is read
	 * again when counted). Untouched pages cost nothing. */
	size = sizeof(*shared) + (size_t)n * sizeof(struct look) +
	    (size_t)(4 * n + 256) * sizeof(struct fd_note) +
	    (size_t)n * 1024 + 65536;
	shared = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (shared == MAP_FAILED)
		die_errno("cannot map %zu bytes", size);
	shared->nlooks = n;
	shared->looks = (struct look *)(shared + 1);
	shared->notes = (struct fd_note *)(shared->looks + n);
	shared->notes_cap = 4 * n + 256;
	shared->text = (char *)(shared->notes + shared->notes_cap);
	shared->text_cap = (size_t)n * 1024 + 65536;
	for (int i = 0; i < n; i++)
		shared->looks[i].pid = pids[i];
	free(pids);
	/* Everything open now stays open. */
	keep_fd(procdir);
	keep_fd(table.nl);
	look_at_all(procdir);
	for (int i = 0; i < n; i++)
		count(procdir, &shared->looks[i]);
	munmap(shared, size);
	free(seen.ino);
	closedir(dir);
}

/* nsfs bind mounts, read once in each mount namespace a process is in. */
static void
scan_mounts_of(int idx)
{
	unsigned long mnt_ino = table.ns[idx].ino;
	pid_t mnt_pid = table.ns[idx].pid;
	char path[64], line[4096];
	struct mountinfo m;
	struct lines f;

	format(path, sizeof(path), "/proc/%d/mountinfo", (int)mnt_pid);
	if (lines_open(&f, path) < 0)
		return;
	while (lines_next(&f, line, sizeof(line))) {
		const struct ns_type *type;
		unsigned long ino;
		struct nsent *e;
		char item[4200];

		if (!strstr(line, " - nsfs ") || mountinfo_parse(line, &m) < 0)
			continue;
		type = nsfs_parse_link(m.root, &ino);
		if (!type)
			continue;
		e = get_ns(ino, type, NULL);
		if (mnt_ino == table.self_mnt) {
			format(item, sizeof(item), "%s", m.mountpoint);
			append(&e->own_mounts, item);
		} else {
			format(item, sizeof(item), "%s@mnt:%lu", m.mountpoint,
			    mnt_ino);
		}
		append(&e->mounts, item);
		set_src(e, "/proc/%d/root%s", mnt_pid, m.mountpoint);
	}
	lines_close(&f);
}

static void
scan_mounts(void)
{
	int n = table.n;

	for (int i = 0; i < n; i++) {
		/* Index, not pointer: get_ns() may move the table. */
		if (table.ns[i].type->flag == CLONE_NEWNS && table.ns[i].pid)
			scan_mounts_of(i);
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
static unsigned long
learn_related(int fd, unsigned long child_ino)
{
	struct stat st;
	struct nsent *e;
	int added;

	if (fstat(fd, &st) < 0) {
		drop_fd(fd);
		return 0;
	}
	/* Known already (the usual case): no need to ask its type. */
	e = find_ns(st.st_ino);
	if (!e && nsref_type_of(fd))
		e = get_ns(st.st_ino, nsref_type_of(fd), &added);
	else
		added = 0;
	if (added) {
		e->fd = fd;
		e->via = child_ino;
		keep_fd(fd);
	} else {
		drop_fd(fd);
	}
	return st.st_ino;
}

/* Owner and parent of a namespace, which finds the ancestors nothing
 * else holds; also the per-namespace facts asked for. By index: the
 * table moves when an ancestor is added. */
static void
inspect(int idx, int fd)
{
	const struct ns_type *type = table.ns[idx].type;
	struct related r = { 0 };
	uid_t owner;
	int rel;

	/* Without a process the line shows the namespace's owner, as lsns
	 * does: the creator of the user namespace that owns it (USER is
	 * the process's when there is one). */
	if (!table.ns[idx].pid) {
		rel = type->flag == CLONE_NEWUSER ? fd
						  : ioctl(fd, NS_GET_USERNS);
		if (rel >= 0 && ioctl(rel, NS_GET_OWNER_UID, &owner) == 0)
			table.ns[idx].owner_uid = owner,
			table.ns[idx].have_owner = 1;
		if (rel >= 0 && rel != fd)
			drop_fd(rel);
	}
	ask_related(fd, type, &r, table.ns[idx].ino);
	take_related(&table.ns[idx], &r);
	if (table.nl >= 0 && type->flag == CLONE_NEWNET) {
		int nsid = nl_get_nsid(table.nl, fd);

		table.ns[idx].have_netnsid = nsid >= -1;
		table.ns[idx].netnsid = nsid;
	}
}

/* What the process scan did not look up: namespaces held by fds,
 * sockets, mounts and children, and the ancestors found on the way. */
static void
walk_namespaces(void)
{
	for (int i = 0; i < table.n; i++) {
		int fd;

		if (table.ns[i].walked)
			continue;
		fd = open_ns(&table.ns[i]);
		if (fd < 0)
			continue;
		inspect(i, fd);
		close(fd);
		table.ns[i].fd = -1;
	}
}

static int
want_col(int col)
{
	for (int i = 0; i < cfg.ncols; i++)
		if (cfg.cols[i] == col)
			return 1;
	return 0;
}

static void
discover(void)
{
	table.self = getpid();
	table.want_id = want_col(C_ID);
	table.want_ppid = want_col(C_PPID) || cfg.tree || cfg.nsid;
	table.nl = want_col(C_NETNSID) ? nl_open() : -1;
	scan_processes();
	scan_mounts();
	walk_namespaces();
	if (table.nl >= 0)
		close(table.nl);
}

/* --- output ----------------------------------------------------------- */

static const char *
user_name(uid_t uid)
{
	static struct {
		uid_t uid;
		char name[64];
	} cache[64];
	static int n;
	int i;

	for (i = 0; i < n; i++)
		if (cache[i].uid == uid)
			return cache[i].name;
	if (n == 64)
		i = 63;
	else
		i = n++;
	cache[i].uid = uid;
	if (uid_to_name(uid, cache[i].name, sizeof(cache[i].name)) < 0)
		format(
		    cache[i].name, sizeof(cache[i].name), "%u", (unsigned)uid);
	return cache[i].name;
}

static char *
read_map(pid_t pid, const char *file)
{
	char path[64], line[128], *out = NULL;
	struct lines f;

	format(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	if (lines_open(&f, path) < 0)
		return NULL;
	while (lines_next(&f, line, sizeof(line))) {
		char item[128];
		unsigned long v[3];
		char *p = line;

		for (int k = 0; k < 3; k++)
			v[k] = strtoul(p, &p, 10);
		format(item, sizeof(item), "%lu %lu %lu", v[0], v[1], v[2]);
		append(&out, item);
	}
	lines_close(&f);
	return out ? out : xstrdup("");
}

static char *
holders(const struct nsent *e)
{
	char *out = NULL, item[64];
	const struct {
		const char *kind;
		int n;
	} counts[] = {
		{ "proc", e->nprocs },
		{ "task", e->tasks },
		{ "children", e->children },
		{ "fd", e->fds },
		{ "sock", e->socks },
	};

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		if (!counts[i].n)
			continue;
		format(
		    item, sizeof(item), "%s:%d", counts[i].kind, counts[i].n);
		append(&out, item);
	}
	if (e->mounts) {
		char *copy = xstrdup(e->mounts), *save, *m;

		for (m = strtok_r(copy, ",", &save); m;
		     m = strtok_r(NULL, ",", &save)) {
			char buf[4300];

			format(buf, sizeof(buf), "mount:%s", m);
			append(&out, buf);
		}
		free(copy);
	}
	if (e->via) {
		format(item, sizeof(item), "ns:%lu", e->via);
		append(&out, item);
	}
	return out ? out : xstrdup("");
}

/* A cell's text; NULL when it has none (JSON null). Caller frees. */
static char *
cell(const struct nsent *e, int col)
{
	char buf[64];

	switch (col) {
	case C_NS:
		format(buf, sizeof(buf), "%lu", e->ino);
		break;
	case C_TYPE:
		return xstrdup(e->type->name);
	case C_PATH:
		if (e->pid) {
			format(buf, sizeof(buf), "/proc/%d/ns/%s", (int)e->pid,
			    e->type->proc);
			break;
		}
		return e->src ? xstrdup(e->src) : NULL;
	case C_NPROCS:
		format(buf, sizeof(buf), "%d", e->nprocs);
		break;
	case C_PID:
		if (!e->pid)
			return NULL;
		format(buf, sizeof(buf), "%d", (int)e->pid);
		break;
	case C_PPID:
		if (!e->proc)
			return NULL;
		format(buf, sizeof(buf), "%d", (int)e->proc->ppid);
		break;
	case C_COMMAND:
		return e->proc ? xstrdup(e->proc->command) : NULL;
	case C_UID:
		if (!e->proc && !e->have_owner)
			return NULL;
		format(buf, sizeof(buf), "%u",
		    (unsigned)(e->proc ? e->proc->uid : e->owner_uid));
		break;
	case C_USER:
		if (!e->proc && !e->have_owner)
			return NULL;
		return xstrdup(
		    user_name(e->proc ? e->proc->uid : e->owner_uid));
	case C_NETNSID:
		if (e->type->flag != CLONE_NEWNET || !e->have_netnsid)
			return NULL;
		if (e->netnsid < 0)
			return xstrdup("unassigned");
		format(buf, sizeof(buf), "%d", e->netnsid);
		break;
	case C_NSFS:
		return e->own_mounts ? xstrdup(e->own_mounts) : NULL;
	case C_PNS:
		format(buf, sizeof(buf), "%lu", e->pns);
		break;
	case C_ONS:
		format(buf, sizeof(buf), "%lu", e->ons);
		break;
	case C_HOLDERS:
		return holders(e);
	case C_UIDMAP:
	case C_GIDMAP:
		if (e->type->flag != CLONE_NEWUSER || !e->pid)
			return NULL;
		return read_map(
		    e->pid, col == C_UIDMAP ? "uid_map" : "gid_map");
	case C_ID:
		if (!e->have_id)
			return NULL;
		format(buf, sizeof(buf), "%llu", e->id);
		break;
	default:
		return NULL;
	}
	return xstrdup(buf);
}

/* libsmartcols' raw escaping: blanks and unprintables as \xHH. */
static void
raw_string(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c <= ' ' || c == '\\' || c == 0x7f)
			out_fmt("\\x%02x", c);
		else
			out_char(c);
	}
}

/* Namespace indexes sorted by inode, with a heapsort: qsort would add
 * a kilobyte to the static binary. */
static void
sift_down(int *order, int root, int n)
{
	for (int child; (child = 2 * root + 1) < n; root = child) {
		int top = order[root];

		if (child + 1 < n &&
		    table.ns[order[child]].ino < table.ns[order[child + 1]].ino)
			child++;
		if (table.ns[top].ino > table.ns[order[child]].ino)
			return;
		order[root] = order[child];
		order[child] = top;
	}
}

static void
sort_by_ino(int *order, int n)
{
	for (int i = n / 2; i-- > 0;)
		sift_down(order, i, n);
	while (n-- > 1) {
		int top = order[0];

		order[0] = order[n];
		order[n] = top;
		sift_down(order, 0, n);
	}
}

/* The inode of a process's namespace of one type. Many lines share a
 * parent process, so its answers are kept (a small direct-mapped cache). */
static unsigned long
process_ns(pid_t pid, const struct ns_type *type)
{
	static struct {
		pid_t pid;
		unsigned long ino[8];
	} cache[256];
	int slot = (int)((unsigned)pid % 256);

	if (cache[slot].pid != pid) {
		char path[32];
		int nsdir;

		cache[slot].pid = pid;
		memset(cache[slot].ino, 0, sizeof(cache[slot].ino));
		format(path, sizeof(path), "/proc/%d/ns", (int)pid);
		nsdir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (nsdir >= 0) {
			NS_FOREACH(t)
			cache[slot].ino[t - ns_types] =
			    ns_link_inode(nsdir, t->proc);
			close(nsdir);
		}
	}
	return cache[slot].ino[type - ns_types];
}

/* The namespace line under which e sits in the tree, or -1. */
static int
tree_parent(const struct nsent *e)
{
	const struct nsent *p = NULL;

	switch (cfg.tree) {
	case 'o':
		p = e->ons ? find_ns(e->ons) : NULL;
		break;
	case 'p':
		p = e->pns ? find_ns(e->pns) : NULL;
		break;
	case 'r':
		/* The same type's namespace that holds our PID's parent. */
		if (!e->proc || e->proc->ppid <= 0)
			return -1;
		p = find_ns(process_ns(e->proc->ppid, e->type));
		break;
	}
	if (!p || p == e || !p->shown)
		return -1;
	return (int)(p - table.ns);
}

struct row {
	char *cells[C_COUNT];
	char *prefix; /* tree drawing for the tree column */
};

static int nrows;
static struct row *rows;

static void
add_row(const struct nsent *e, const char *prefix)
{
	struct row *r = &rows[nrows++];

	for (int c = 0; c < cfg.ncols; c++)
		r->cells[c] = cell(e, cfg.cols[c]);
	r->prefix = xstrdup(prefix);
}

static void
add_tree_rows(int idx, char *indent, int last, int depth)
{
	const struct nsent *e = &table.ns[idx];
	char prefix[512];
	size_t len = strlen(indent);

	if (depth == 0)
		prefix[0] = '\0';
	else
		format(prefix, sizeof(prefix), "%s%s", indent,
		    last ? "\xe2\x94\x94\xe2\x94\x80"
			 : "\xe2\x94\x9c\xe2\x94\x80");
	add_row(e, prefix);
	if (depth > 0 && len + 8 < 400)
		strcat(indent, last ? "  " : "\xe2\x94\x82 ");
	for (int c = e->first_child; c >= 0; c = table.ns[c].next_sibling)
		add_tree_rows(
		    c, indent, table.ns[c].next_sibling < 0, depth + 1);
	indent[len] = '\0';
}

static int
tree_column(void)
{
	int want = cfg.tree == 'r' ? C_COMMAND : C_NS;

	for (int c = 0; c < cfg.ncols; c++)
		if (cfg.cols[c] == want)
			return c;
	return cfg.ncols - 1;
}

static size_t
display_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* A cell's text after the blanks owed before it: blanks at the end of a
 * line are never written. */
static void
put_cell(size_t *blanks, const char *text, size_t len)
{
	if (!len)
		return;
	for (; *blanks; --*blanks)
		out_char(' ');
	out_write(text, len);
}

static void
print_table(void)
{
	size_t width[C_COUNT] = { 0 };
	int tcol = cfg.tree ? tree_column() : -1;
	int last = cfg.ncols - 1;
	size_t term = 0;

	if (isatty(STDOUT_FILENO) && !cfg.notruncate) {
		struct winsize ws;

		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
			term = ws.ws_col;
	}
	for (int c = 0; c < cfg.ncols; c++) {
		if (!cfg.noheadings)
			width[c] = strlen(columns[cfg.cols[c]].name);
		for (int r = 0; r < nrows; r++) {
			size_t w = rows[r].cells[c]
			    ? display_width(rows[r].cells[c])
			    : 0;

			if (c == tcol)
				w += display_width(rows[r].prefix);
			if (w > width[c])
				width[c] = w;
		}
	}
	for (int r = cfg.noheadings ? 0 : -1; r < nrows; r++) {
		size_t used = 0, blanks = 0;

		for (int c = 0; c < cfg.ncols; c++) {
			const char *text = r < 0 ? columns[cfg.cols[c]].name
			    : rows[r].cells[c]	 ? rows[r].cells[c]
						 : "";
			const char *prefix =
			    r >= 0 && c == tcol ? rows[r].prefix : "";
			size_t w = display_width(text) + display_width(prefix);
			size_t pad = width[c] - w;

			if (c)
				blanks++, used++;
			if (columns[cfg.cols[c]].right && c != tcol) {
				blanks += pad;
				put_cell(&blanks, text, strlen(text));
			} else if (c == last) {
				size_t room =
				    term > used + display_width(prefix)
				    ? term - used - display_width(prefix)
				    : 0;

				put_cell(&blanks, prefix, strlen(prefix));
				put_cell(&blanks, text,
				    term && display_width(text) > room
					? strnlen(text, room)
					: strlen(text));
			} else {
				put_cell(&blanks, prefix, strlen(prefix));
				put_cell(&blanks, text, strlen(text));
				blanks += pad;
			}
			used += width[c];
		}
		out_char('\n');
	}
}

static void
print_raw(void)
{
	for (int r = -1; r < nrows; r++) {
		if (r < 0 && cfg.noheadings)
			continue;
		for (int c = 0; c < cfg.ncols; c++) {
			if (c)
				out_char(' ');
			if (r < 0)
				out_str(columns[cfg.cols[c]].name);
			else if (rows[r].cells[c])
				raw_string(rows[r].cells[c]);
		}
		out_char('\n');
	}
}

static void
print_json(void)
{
	out_str("{\n   \"namespaces\": [");
	for (int r = 0; r < nrows; r++) {
		out_str(r ? ",{\n" : "\n      {\n");
		for (int c = 0; c < cfg.ncols; c++) {
			const struct column *col = &columns[cfg.cols[c]];
			const char *v = rows[r].cells[c];
			char key[16];

			for (size_t k = 0; k <= strlen(col->name); k++)
				key[k] =
				    (char)tolower((unsigned char)col->name[k]);
			out_fmt("         \"%s\": ", key);
			if (!v)
				out_str("null");
			else if (col->json == NUM)
				out_str(v);
			else
				json_string(v);
			out_str(c < cfg.ncols - 1 ? ",\n" : "\n");
		}
		out_str("      }");
	}
	out_str(nrows ? "\n   ]\n}\n" : "]\n}\n");
}

/* --- the positional NSID: the processes in one namespace ------------- */

static void
list_processes_in(const struct nsent *e)
{
	int procdir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct proc **procs = NULL;
	struct dirent *d;
	int n = 0;
	DIR *dir;

	if (procdir < 0 || !(dir = fdopendir(procdir)))
		die_errno("cannot read /proc");
	while ((d = readdir(dir))) {
		char path[320];
		struct stat st;

		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		format(
		    path, sizeof(path), "%s/ns/%s", d->d_name, e->type->proc);
		if (fstatat(procdir, path, &st, 0) < 0 || st.st_ino != e->ino)
			continue;
		procs = xrealloc(procs, (size_t)(n + 1) * sizeof(*procs));
		procs[n++] =
		    read_proc(procdir, d->d_name, (pid_t)atoi(d->d_name));
	}
	closedir(dir);
	if (cfg.json) {
		out_str("{\n   \"processes\": [");
		for (int i = 0; i < n; i++) {
			out_fmt("%s         \"pid\": %d,\n         "
				"\"ppid\": %d,\n         \"user\": ",
			    i ? ",{\n" : "\n      {\n", (int)procs[i]->pid,
			    (int)procs[i]->ppid);
			json_string(user_name(procs[i]->uid));
			out_str(",\n         \"command\": ");
			json_string(procs[i]->command);
			out_str("\n      }");
		}
		out_str(n ? "\n   ]\n}\n" : "]\n}\n");
		return;
	}
	if (!cfg.noheadings)
		out_fmt("%7s %7s %-8s %s\n", "PID", "PPID", "USER", "COMMAND");
	for (int i = 0; i < n; i++)
		out_fmt("%7d %7d %-8s %s\n", (int)procs[i]->pid,
		    (int)procs[i]->ppid, user_name(procs[i]->uid),
		    procs[i]->command);
}

/* --- options ------------------------------------------------------------ */

static void
set_default_columns(void)
{
	static const int defaults[] = { C_NS, C_TYPE, C_NPROCS, C_PID, C_USER,
		C_COMMAND };
	static const int net_defaults[] = { C_NS, C_TYPE, C_NPROCS, C_PID,
		C_USER, C_NETNSID, C_NSFS, C_COMMAND };
	const int *cols = defaults;
	int n = 6;

	if (cfg.type_mask == CLONE_NEWNET) {
		cols = net_defaults;
		n = 8;
	}
	memcpy(cfg.cols, cols, (size_t)n * sizeof(int));
	cfg.ncols = n;
}

static void
parse_columns(const char *list)
{
	if (*list == '+')
		list++;
	else
		cfg.ncols = 0;
	/* "NAME,NAME": an empty name (-o '', "a,,b") is no column either. */
	for (const char *name = list;; name++) {
		size_t len = (size_t)(strchrnul(name, ',') - name);
		int found = -1;

		for (int c = 0; c < C_COUNT; c++)
			if (!strncasecmp(columns[c].name, name, len) &&
			    !columns[c].name[len])
				found = c;
		if (found < 0)
			die("unknown column: '%.*s'", (int)len, name);
		if (cfg.ncols < C_COUNT)
			cfg.cols[cfg.ncols++] = found;
		name += len;
		if (!*name)
			break;
	}
}

static void
list_columns(void)
{
	if (cfg.json) {
		out_str("{\n   \"columns\": [");
		for (int c = 0; c < C_COUNT; c++) {
			out_fmt("%s         \"name\": \"%s\",\n         "
				"\"description\": ",
			    c ? ",{\n" : "\n      {\n", columns[c].name);
			json_string(columns[c].help);
			out_str("\n      }");
		}
		out_str("\n   ]\n}\n");
		return;
	}
	for (int c = 0; c < C_COUNT; c++)
		out_fmt(cfg.raw ? "%s %s\n" : "%10s  %s\n", columns[c].name,
		    columns[c].help);
}

static void
parse_options(int argc, char **argv)
{
	const char *output = NULL;
	unsigned long v;
	int all = 0, list = 0, tree_given = 0, c;

	cfg.tree = 'r';
	while ((c = opt_next(argc, argv, &spec)) != -1) {
		switch (c) {
		case 'J':
			cfg.json = 1;
			break;
		case 'l':
			list = 1;
			break;
		case 'r':
			cfg.raw = 1;
			break;
		case 'n':
			cfg.noheadings = 1;
			break;
		case 'u':
			cfg.notruncate = 1;
			break;
		case 'W':
			break;
		case 'o':
			output = opt_arg;
			break;
		case OPT_OUTPUT_ALL:
			all = 1;
			break;
		case 'H':
			cfg.list_columns = 1;
			break;
		case 'p':
			if (parse_ulong(opt_arg, INT_MAX, &v) < 0 || v == 0)
				die("invalid PID argument: '%s'", opt_arg);
			cfg.task = (pid_t)v;
			break;
		case 't': {
			const struct ns_type *t = ns_by_name(opt_arg);

			if (!t)
				die("unknown namespace type: %s", opt_arg);
			cfg.type_mask |= t->flag;
			break;
		}
		case 'P':
			cfg.persistent = 1;
			break;
		case 'T':
			if (!opt_arg || !strcmp(opt_arg, "owner"))
				cfg.tree = 'o';
			else if (!strcmp(opt_arg, "parent"))
				cfg.tree = 'p';
			else if (!strcmp(opt_arg, "process"))
				cfg.tree = 'r';
			else
				die("unsupported tree kind: %s (owner, parent "
				    "or process)",
				    opt_arg);
			tree_given = 1;
			break;
		default:
			opt_misuse(&spec, "unexpected option");
		}
	}
	if (list && tree_given)
		die("options --list and --tree are mutually exclusive");
	if (cfg.json && cfg.raw)
		die("options --json and --raw are mutually exclusive");
	if (cfg.persistent && cfg.task)
		die("options --persistent and --task are mutually exclusive");
	set_default_columns();
	if (all)
		for (cfg.ncols = 0; cfg.ncols < C_COUNT; cfg.ncols++)
			cfg.cols[cfg.ncols] = cfg.ncols;
	else if (output)
		parse_columns(output);
	if (list || cfg.json || cfg.raw)
		cfg.tree = 0;
	if (opt_ind < argc) {
		if (opt_ind + 1 < argc)
			opt_misuse(&spec, "too many arguments");
		if (parse_ulong(argv[opt_ind], ULONG_MAX, &v) < 0 || v == 0)
			die("invalid namespace argument: '%s'", argv[opt_ind]);
		cfg.nsid = v;
		if (cfg.task)
			die("options --task and NSID are mutually exclusive");
	}
}

/* Which entries show: types, -p, -P. */
static void
select_rows(void)
{
	unsigned long task_ns[8] = { 0 };

	if (cfg.task) {
		char path[64];
		struct stat st;

		format(path, sizeof(path), "/proc/%d", (int)cfg.task);
		if (stat(path, &st) < 0)
			die("no such process: %d", (int)cfg.task);
		NS_FOREACH(t)
		{
			format(path, sizeof(path), "/proc/%d/ns/%s",
			    (int)cfg.task, t->proc);
			if (stat(path, &st) == 0)
				task_ns[t - ns_types] = st.st_ino;
		}
	}
	for (int i = 0; i < table.n; i++) {
		struct nsent *e = &table.ns[i];
		int ti = (int)(e->type - ns_types);

		e->shown = 1;
		if (cfg.type_mask && !(cfg.type_mask & e->type->flag))
			e->shown = 0;
		if (cfg.persistent && e->nprocs)
			e->shown = 0;
		if (cfg.task && task_ns[ti] != e->ino)
			e->shown = 0;
	}
}

static void
build_rows(void)
{
	int *order = malloc((size_t)table.n * sizeof(int) + 1);
	int n = 0;

	if (!order)
		die("out of memory");
	for (int i = 0; i < table.n; i++)
		if (table.ns[i].shown)
			order[n++] = i;
	sort_by_ino(order, n);
	/* A row for each shown namespace, in any view. */
	rows = xrealloc(NULL, (size_t)n * sizeof(*rows) + 1);
	if (!cfg.tree) {
		for (int i = 0; i < n; i++)
			add_row(&table.ns[order[i]], "");
		free(order);
		return;
	}
	/* Children in inode order: link them back to front. */
	for (int i = n - 1; i >= 0; i--) {
		struct nsent *e = &table.ns[order[i]];
		int p = tree_parent(e);

		e->parent = p;
		if (p >= 0) {
			e->next_sibling = table.ns[p].first_child;
			table.ns[p].first_child = order[i];
		}
	}
	for (int i = 0; i < n; i++) {
		char indent[512] = "";

		if (table.ns[order[i]].parent < 0)
			add_tree_rows(order[i], indent, 1, 0);
	}
	free(order);
}

int
ns_ls_main(int argc, char **argv)
{
	parse_options(argc, argv);
	if (cfg.list_columns) {
		list_columns();
		return 0;
	}
	discover();
	if (cfg.nsid) {
		struct nsent *e = find_ns(cfg.nsid);

		if (!e)
			die("not found namespace: %lu", cfg.nsid);
		list_processes_in(e);
		return 0;
	}
	select_rows();
	build_rows();
	if (cfg.json)
		print_json();
	else if (cfg.raw)
		print_raw();
	else
		print_table();
	return 0;
}
