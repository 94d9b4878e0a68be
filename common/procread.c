/* procread.c - a look at each process in /proc: its namespaces, owner
 * and command line, the namespaces and sockets its descriptors hold, and
 * what the kernel says of namespaces new to the looker.
 *
 * Reading /proc is nearly all of the cost of a scan: some thirty system
 * calls for each process. So the reading (a look at each process) is
 * apart from the counting (procscan.c): with more than one CPU and
 * enough processes, a helper process takes half the looks, claimed a few
 * at a time, and both write them to shared memory. The counting then
 * goes through them in PID order, as if it had read them itself, and
 * reads on its own what a look left out (a namespace whose ancestor is
 * new, too many descriptors). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/compat.h"
#include "common/die.h"
#include "common/fdbatch.h"
#include "common/format.h"
#include "common/inoset.h"
#include "common/nsfs.h"
#include "common/nsref.h"
#include "common/proc.h"
#include "common/procread.h"
#include "common/scan.h"
#include "common/xalloc.h"

static struct looks *shared;
/* Set by looks_read() for look_at(), in us and in the helper. */
static struct {
	pid_t self;
	int flags;
} reader;

static ssize_t
read_small(int dirfd, const char *name, char *buf, size_t size)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	fd_drop(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* Owner, PPID (when asked for) and thread count of process dir ("PID")
 * into p, its command line into cmd (4096 bytes). */
static void
read_facts(int procdir, const char *dir, struct proc *p, char *cmd, int flags)
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
	if ((flags & PROCSCAN_PPID) || !cmd[0]) {
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

struct proc *
procscan_proc(int procdir, const char *dir, pid_t pid, int flags)
{
	struct proc *p = calloc(1, sizeof(*p));
	char cmd[4096];

	if (!p)
		die("out of memory");
	p->pid = pid;
	read_facts(procdir, dir, p, cmd, flags);
	p->command = xstrdup(cmd);
	return p;
}

/* A namespace opened through a path (a pin, /run/netns/NAME) shows
 * that path, not "TYPE:[INODE]", and "/" once the pin is unmounted
 * (ip netns delete): then nothing but this fd may hold it. It is known
 * by its device, nsfs's; only "/" is looked at, as stat on every file
 * a process holds would slow the scan by a quarter, and a pin still
 * mounted is found through its mount. Its type, *ino set; else NULL. */
static const struct ns_type *
opened_by_path(int fddir, const char *name, unsigned long *ino)
{
	static dev_t nsfs_dev;
	const struct ns_type *type;
	struct stat st;
	int fd;

	if (!nsfs_dev && stat("/proc/self/ns/net", &st) == 0)
		nsfs_dev = st.st_dev;
	if (fstatat(fddir, name, &st, 0) < 0 || st.st_dev != nsfs_dev)
		return NULL;
	fd = openat(fddir, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	type = nsref_type_of(fd);
	fd_drop(fd);
	*ino = st.st_ino;
	return type;
}

/* Directory entries without opendir() (struct linux_dirent64): it would
 * stat and fcntl each of the thousands of /proc/PID/fd directories we
 * read. */
void
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
			if (len <= 0)
				continue;
			link[len] = '\0';
			if (!strncmp(link, "socket:[", 8))
				found(arg, (pid_t)scan_ull(d->d_name, NULL),
				    NULL, 0);
			else if ((type = !strcmp(link, "/")
					 ? opened_by_path(
					       fddir, d->d_name, &ino)
					 : nsfs_parse_link(link, &ino)))
				found(arg, (pid_t)scan_ull(d->d_name, NULL),
				    type, ino);
		}
		/* procfs fills the buffer while entries last: room left for
		 * another means the list is done, without the getdents
		 * that would say so. */
		if ((size_t)n < sizeof(buf) - 64)
			break;
	}
	fd_drop(fddir);
}

/* The inode a /proc/PID/ns link names: readlink is cheaper than stat. */
unsigned long
procscan_ns_inode(int nsdir, const char *name)
{
	char link[64];
	unsigned long ino;
	ssize_t n = readlinkat(nsdir, name, link, sizeof(link) - 1);

	if (n <= 0)
		return 0;
	link[n] = '\0';
	return nsfs_parse_link(link, &ino) ? ino : 0;
}

void
procscan_ns_of(pid_t pid, unsigned long ino[NS_TYPE_COUNT])
{
	char path[32];
	int nsdir;

	memset(ino, 0, NS_TYPE_COUNT * sizeof(*ino));
	format(path, sizeof(path), "/proc/%d/ns", (int)pid);
	nsdir = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (nsdir < 0)
		return;
	NS_FOREACH(t)
		ino[t - ns_types] = procscan_ns_inode(nsdir, t->proc);
	close(nsdir);
}

/* The namespaces this process (or the helper, its own copy) has looked
 * at. A looker takes PIDs in increasing order, so the first process of a
 * namespace is always the first of it this set sees. */
static struct inoset seen;

/* The inode of the namespace an ioctl on fd hands back, 0 if none. With
 * learn, its fd goes there, with child (the inode of fd's namespace). */
static unsigned long
related_inode(
    int fd, unsigned long request, learn_fn *learn, unsigned long child)
{
	int rel = ioctl(fd, request);
	struct stat st;
	unsigned long ino;

	if (rel < 0)
		return 0;
	ino = fstat(rel, &st) == 0 ? st.st_ino : 0;
	if (learn && ino)
		learn(rel, ino, child);
	else
		fd_drop(rel);
	return ino;
}

void
ask_related(int fd, const struct ns_type *t, struct related *r, int want_id,
    learn_fn *learn, unsigned long child)
{
	uint64_t id;

	r->ons = related_inode(fd, NS_GET_USERNS, learn, child);
	if (t->flag == CLONE_NEWPID || t->flag == CLONE_NEWUSER)
		r->pns = related_inode(fd, NS_GET_PARENT, learn, child);
	if (want_id && ioctl(fd, NS_GET_ID, &id) == 0)
		r->id = id, r->have_id = 1;
	r->asked = 1;
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
	int fresh[NS_TYPE_COUNT] = { 0 }, any = 0, nsdir;
	char name[16], path[32], cmd[4096];
	struct stat st;

	/* Afresh: a helper that died may have left half a look. */
	*l = (struct look){ .pid = l->pid };
	format(name, sizeof(name), "%d", (int)l->pid);
	format(path, sizeof(path), "%s/ns", name);
	fd_batch_start();
	nsdir = openat(procdir, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (nsdir < 0)
		goto done;
	fd_drop(nsdir);
	l->ok = 1;
	NS_FOREACH(t) {
		int i = (int)(t - ns_types);

		l->ino[i] = procscan_ns_inode(nsdir, t->proc);
		if (l->ino[i] && inoset_add(&seen, l->ino[i]))
			fresh[i] = any = 1;
		if (t->children)
			l->children[i] = procscan_ns_inode(nsdir, t->children);
	}
	if (any) {
		size_t len;

		read_facts(procdir, name, &l->proc, cmd, reader.flags);
		len = strlen(cmd) + 1;
		l->command = __atomic_fetch_add(
		    &shared->text_used, len, __ATOMIC_RELAXED);
		if (l->command + len <= shared->text_cap) {
			memcpy(shared->text + l->command, cmd, len);
			l->have_proc = 1;
		}
	}
	NS_FOREACH(t) {
		int i = (int)(t - ns_types), fd;

		if (!fresh[i])
			continue;
		fd = openat(nsdir, t->proc, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			ask_related(fd, t, &l->rel[i],
			    reader.flags & PROCSCAN_ID, NULL, 0);
			fd_drop(fd);
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
	if (l->pid != reader.self) {
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
				    notes.note,
				    (size_t)notes.n * sizeof(*notes.note));
			if (l->notes == 0)
				l->notes = notes.n;
		}
	}
done:
	fd_batch_end();
	l->done = 1;
}

static void
take_looks(int procdir)
{
	enum { CLAIM = 16 };
	int first;

	while ((first = __atomic_fetch_add(
		    &shared->next, CLAIM, __ATOMIC_RELAXED)) < shared->nlooks)
		for (int i = first; i < first + CLAIM && i < shared->nlooks;
		     i++)
			look_at(procdir, &shared->look[i]);
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
		helper = _Fork();
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
		if (!shared->look[i].done)
			look_at(procdir, &shared->look[i]);
}

struct looks *
looks_read(int procdir, const pid_t *pids, int n, int flags)
{
	/* Looks, fd notes, and command lines (most are short; one that does
	 * not fit is read again when counted), mapped before a helper is.
	 * Untouched pages cost nothing. */
	size_t size = sizeof(*shared) + (size_t)n * sizeof(struct look) +
	    (size_t)(4 * n + 256) * sizeof(struct fd_note) + (size_t)n * 1024 +
	    65536;

	shared = mmap(NULL, size, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (shared == MAP_FAILED)
		die_errno("cannot map %zu bytes", size);
	shared->size = size;
	shared->nlooks = n;
	shared->look = (struct look *)(shared + 1);
	shared->notes = (struct fd_note *)(shared->look + n);
	shared->notes_cap = 4 * n + 256;
	shared->text = (char *)(shared->notes + shared->notes_cap);
	shared->text_cap = (size_t)n * 1024 + 65536;
	for (int i = 0; i < n; i++)
		shared->look[i].pid = pids[i];
	reader.self = getpid();
	reader.flags = flags;
	look_at_all(procdir);
	inoset_free(&seen);
	return shared;
}

void
looks_free(struct looks *looks)
{
	munmap(looks, looks->size);
}
