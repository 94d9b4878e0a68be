/* ns-pin - keep namespaces alive without a process by bind-mounting their
 * nsfs files; unpin them; list the pins. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/applet.h"
#include "common/compat.h"
#include "common/die.h"
#include "common/format.h"
#include "common/json.h"
#include "common/mountinfo.h"
#include "common/ns.h"
#include "common/nsfs.h"
#include "common/nsref.h"
#include "common/opt.h"
#include "common/out.h"
#include "common/pin.h"
#include "common/procscan.h"

/* Help text and tables are laid out by hand. */
/* clang-format off */
static const char help[] =
"Usage: ns-pin [OPTION]... [NSREF] TARGET\n"
HELP_TEXT(
"       ns-pin -d|--unpin PATH...\n"
"       ns-pin -l|--list [-J] [-n]\n"
"Keep namespaces alive by bind-mounting their files onto TARGET: one type\n"
"onto a file, several (or -a) into a directory with one file per type,\n"
"named as in /proc/PID/ns. Files and directories are created as needed.\n"
"\n"
"  -t, --target PID\tpin the namespaces of PID (default: ours)\n"
"  NSREF\tpin this namespace file (its type from the\n"
"\tkernel), the namespaces of a PID, or the\n"
"\tnetwork namespace NAME in $NETNS_RUN_DIR\n"
"\t(/run/netns), else the file NAME here\n"
"  -a, --all\tevery namespace type\n"
"  -m, --mount\tmount namespace\n"
"  -u, --uts\tUTS namespace\n"
"  -i, --ipc\tSystem V IPC namespace\n"
"  -n, --net\tnetwork namespace (with --list: no header)\n"
"  -p, --pid\tPID namespace\n"
"  -U, --user\tuser namespace\n"
"  -C, --cgroup\tcgroup namespace\n"
"  -T, --time\ttime namespace\n"
"      --children\tpid and time from pid_for_children and\n"
"\ttime_for_children\n"
"      --make-private\tmake TARGET's directory a private mount first\n"
"\t(a mount namespace cannot be pinned on a\n"
"\tshared one)\n"
"  -d, --unpin\tunmount and remove each PATH (a pin, or a\n"
"\tdirectory of pins)\n"
"  -l, --list\tthe pins visible here: PATH TYPE NS\n"
"  -J, --json\twith --list: {\"pins\":[...]}\n"
"      --noheadings\twith --list: no header (as -n)\n"
"\n"
"  -h, --help\tshow this help\n"
"  -V, --version\tshow the version\n"
"\n"
"Exit status: 0 success, 1 failure.\n");

enum { OPT_CHILDREN = 256, OPT_MAKE_PRIVATE };

static const struct opt_long longopts[] = {
	{ "target", required_argument, 't' },
	{ "all", no_argument, 'a' },
	{ "children", no_argument, OPT_CHILDREN },
	{ "make-private", no_argument, OPT_MAKE_PRIVATE },
	{ "unpin", no_argument, 'd' },
	{ "list", no_argument, 'l' },
	{ "json", no_argument, 'J' },
	{ "noheadings", no_argument, 'N' },
	OPT_HELP_VERSION
};
/* clang-format on */

static const struct opt_spec spec = { help, "t:adlJ", longopts, OPT_NS_FLAG };

static struct {
	int types, all, children, make_private;
	int unpin, list, json, net_or_noheadings, noheadings;
	pid_t pid;
	char **operands;
	int noperands;
	const char *target, *nsref; /* the operands, once checked */
} cfg;

static struct pinset pins;
static char resolved_nsref[PATH_MAX]; /* the NSREF operand, resolved */

/* --- pinning ---------------------------------------------------------- */

static void
check_not_shared(const struct pin *p)
{
	char mp[PATH_MAX];

	if (p->type->flag != CLONE_NEWNS ||
	    !pin_shared_mount(p->path, mp, sizeof(mp)))
		return;
	warn("%s: %s is a shared mount; a mount namespace cannot be pinned "
	     "on it (it would propagate into itself)",
	    p->path, mp);
	hint("add --make-private, or make the directory a private mount: "
	     "mount --bind DIR DIR && mount --make-private DIR");
	exit(EXIT_REPORT_FAIL);
}

static int
parent_dir(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return format(buf, size, ".") < 0 ? -1 : 0;
	if (slash == path)
		return format(buf, size, "/") < 0 ? -1 : 0;
	format(buf, size, "%.*s", (int)(slash - path), path);
	return 0;
}

/* The directories we made for the pins, as mkdir -p does (ip netns add
 * makes its run directory too): made is the deepest, made_top the length
 * of the first we made (0: none). If pinning fails they go again. */
static char made[PATH_MAX];
static size_t made_top;

static void
remove_made_dirs(void)
{
	size_t len = strlen(made);

	/* ENOENT: the one whose making failed. */
	while (made_top && len >= made_top &&
	    (rmdir(made) == 0 || errno == ENOENT)) {
		while (len > 0 && made[len] != '/')
			len--;
		made[len] = '\0';
	}
}

/* mkdir -p DIR: each missing directory down to DIR. */
static void
make_dirs(const char *dir)
{
	size_t len = strlen(dir);

	if (len >= sizeof(made))
		die("%s: path too long", dir);
	memcpy(made, dir, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (made[i] != '/' && made[i])
			continue;
		made[i] = '\0';
		if (mkdir(made, 0755) == 0) {
			if (!made_top) {
				made_top = i;
				atexit(remove_made_dirs);
			}
		} else if (errno != EEXIST) {
			die_errno("cannot create directory %s", made);
		}
		made[i] = dir[i];
	}
}

static int
same_mnt_ns(const char *nsref)
{
	char path[32];
	struct stat a, b;

	if (stat("/proc/self/ns/mnt", &b) < 0)
		return 0;
	if (nsref)
		return stat(nsref, &a) == 0 && a.st_ino == b.st_ino;
	format(path, sizeof(path), "/proc/%d/ns/mnt",
	    (int)(cfg.pid ? cfg.pid : getpid()));
	return stat(path, &a) == 0 && a.st_ino == b.st_ino;
}

/* All that can be known before anything is made or removed: the
 * operands, the types (an NSREF's from the kernel), the PID still there. */
static void
check_options(void)
{
	const char *target, *nsref = NULL;
	struct nsref ref = { .fd = -1 };
	char path[PATH_MAX], msg[4400];

	if (cfg.list)
		return;
	if (cfg.unpin) {
		if (cfg.noperands == 0)
			die("--unpin: a PATH is needed");
		return;
	}
	if (cfg.noperands < 1 || cfg.noperands > 2)
		die("expected [NSREF] TARGET (see --help)");
	target = cfg.operands[cfg.noperands - 1];
	if (cfg.noperands == 2)
		nsref = cfg.operands[0];
	if (nsref) {
		unsigned long v;

		if (parse_ulong(nsref, INT_MAX, &v) == 0 && v > 0) {
			if (cfg.pid)
				die("both -t and a PID operand given");
			cfg.pid = (pid_t)v;
			nsref = NULL;
		} else if (cfg.pid) {
			die("-t and a namespace file cannot be combined");
		}
	}
	if (nsref) {
		/* A file: the kernel says what it is; letters must agree. A
		 * bare NAME is a network namespace (or, with another type
		 * letter, a file here). */
		const struct ns_type *want =
		    cfg.types ? ns_by_flag(cfg.types) : NULL;

		if (cfg.types && !want)
			die("%s is one namespace: give one type at most",
			    nsref);
		if (nsref_open(&ref, nsref, want) < 0)
			die("%s", nsref_strerror(&ref, msg, sizeof(msg)));
		if (cfg.all)
			die("%s is one %s namespace: -a does not go with it",
			    nsref, ref.type->name);
		cfg.types = ref.type->flag;
		close(ref.fd);
		/* What is bound: a bare NAME is a file in the netns run
		 * directory, or here. */
		format(resolved_nsref, sizeof(resolved_nsref), "%s", ref.path);
		nsref = resolved_nsref;
	}
	if (cfg.all) {
		char self[32];

		format(self, sizeof(self), "/proc/%d/ns",
		    (int)(cfg.pid ? cfg.pid : getpid()));
		if (access(self, F_OK) < 0)
			die_errno("PID %d", (int)cfg.pid);
		cfg.types = ns_all_flags();
	}
	if (cfg.children && !cfg.types)
		cfg.types = CLONE_NEWPID | CLONE_NEWTIME;
	/* The kernel refuses to mount a mount namespace inside itself: ours
	 * can be pinned only from a parent mount namespace. -a leaves it. */
	if ((cfg.types & CLONE_NEWNS) && same_mnt_ns(nsref)) {
		if (!cfg.all)
			die("cannot pin our own mount namespace inside itself "
			    "(pin it from the mount namespace it came from)");
		cfg.types &= ~CLONE_NEWNS;
	}
	if (!cfg.types)
		die("no namespace specified (a type, -a, or an NSREF)");
	if (cfg.pid) {
		format(path, sizeof(path), "/proc/%d", (int)cfg.pid);
		if (access(path, F_OK) < 0) {
			if (errno != ENOENT)
				die_errno("PID %d", (int)cfg.pid);
			die("no such process: %d", (int)cfg.pid);
		}
	}
	cfg.target = target;
	cfg.nsref = nsref;
}

static int
pin_main(void)
{
	const char *target = cfg.target, *nsref = cfg.nsref;
	char dir[PATH_MAX], path[PATH_MAX];
	int ntypes = 0, is_dir;

	NS_FOREACH(t)
		if (cfg.types & t->flag)
			ntypes++;
	is_dir = ntypes > 1;
	if (is_dir)
		format(dir, sizeof(dir), "%s", target);
	else
		parent_dir(target, dir, sizeof(dir));
	make_dirs(dir); /* any failure from here takes them back */
	/* -a DIR is ours: opened once, never through a symlink (again
	 * after --make-private, whose mount hides what was opened). */
	if (is_dir && pinset_in_dir(&pins, dir) < 0)
		goto refused;
	if (cfg.make_private) {
		xnsfs_private_dir(dir, 0);
		if (is_dir && (close(pins.dir), pinset_in_dir(&pins, dir) < 0))
			goto refused;
	}
	NS_FOREACH(t) {
		const char *entry;

		if (!(cfg.types & t->flag))
			continue;
		entry = cfg.children && t->children ? t->children : t->proc;
		if (is_dir)
			format(path, sizeof(path), "%s/%s", target, entry);
		else
			format(path, sizeof(path), "%s", target);
		if (pin_add_path(&pins, t, path, cfg.children) < 0)
			die_errno("%s", path);
		if (nsref)
			pins.pin[pins.n - 1].src = nsref;
		check_not_shared(&pins.pin[pins.n - 1]);
	}
	if (pinset_prepare(&pins, cfg.pid ? cfg.pid : getpid(), 0) < 0 ||
	    pinset_bind(&pins) < 0)
		return 1;
	pinset_keep(&pins);
	made_top = 0; /* they stay */
	return 0;
refused:
	pin_file_warn(dir);
	return 1;
}

/* --- unpinning --------------------------------------------------------- */

/* A pin looked for elsewhere: by inode, or with ino 0 by path. */
struct elsewhere {
	const char *path;
	unsigned long ino, self_mnt, mnt;
	pid_t pid;
	int found;
};

static void
pinned_at(void *arg, const struct mountinfo *m, const struct ns_type *type,
    unsigned long ino)
{
	struct elsewhere *w = arg;

	if (w->ino ? ino != w->ino : strcmp(m->mountpoint, w->path) != 0)
		return;
	warn("%s: still pinned in mount namespace mnt:[%lu] (PID %d) at %s",
	    w->path, w->mnt, (int)w->pid, m->mountpoint);
	w->found = 1;
}

static void
look_in(void *arg, pid_t pid, unsigned long mnt)
{
	struct elsewhere *w = arg;

	if (mnt == w->self_mnt)
		return;
	w->pid = pid;
	w->mnt = mnt;
	nsfs_mounts(pid, pinned_at, w);
}

/* Where else a namespace is pinned: every other mount namespace, read
 * once each, for nsfs mounts of this inode (or, with ino 0, at this
 * path). Removing our file has detached the copies that sat on it. */
static int
report_elsewhere(const char *path, unsigned long ino)
{
	struct elsewhere w = { path, ino,
		procscan_ns_inode(AT_FDCWD, "/proc/self/ns/mnt"), 0, 0, 0 };

	procscan_mount_namespaces(look_in, &w);
	return w.found;
}

/* The name fd has, as the kernel names what it opened (what mountinfo
 * shows), with "/name" after it if name is given. */
static int
fd_path(int fd, const char *name, char *buf, size_t size)
{
	char link[32];
	ssize_t n;

	format(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, size - 1);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	if (name &&
	    format(buf + n, size - (size_t)n, "%s%s", n == 1 ? "" : "/",
		name) >= (int)(size - (size_t)n)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* nsfs_pin_at, saying so when the mount table cannot be read. */
static int
pin_at(const char *real, unsigned long *ino, const char *path)
{
	int pinned = nsfs_pin_at(real, ino);

	if (pinned < 0)
		warn_errno("%s: cannot read the mount table", path);
	return pinned;
}

/* Unpin name in dir (path: as the user gave it), by descriptor: never
 * through a symlink, and what a killed run left (an empty file) goes. */
static int
unpin_at(int dir, const char *name, const char *path)
{
	char real[PATH_MAX], self[32];
	unsigned long ino;
	struct stat st;
	int fd, pinned, rc = 0;

	if (fd_path(dir, name, real, sizeof(real)) < 0) {
		warn_errno("%s", path);
		return 1;
	}
	if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode)) {
		warn("%s is a symbolic link: not followed (rm removes it)",
		    path);
		return 1;
	}
	pinned = pin_at(real, &ino, path);
	if (pinned < 0)
		return 1;
	if (!pinned) {
		/* Gone from here: say where it still is, if anywhere (the
		 * file stays: removing it would detach those copies). */
		if (report_elsewhere(real, 0))
			return 0;
		if (pin_file_is_debris(dir, name)) {
			if (unlinkat(dir, name, 0) == 0)
				return 0;
			warn_errno("cannot remove %s", path);
			return 1;
		}
		warn("%s: not a pin (no namespace is mounted there)", path);
		return 1;
	}
	fd = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	format(self, sizeof(self), "/proc/self/fd/%d", fd);
	if (fd < 0 || umount2(self, MNT_DETACH) < 0) {
		warn_errno("cannot unmount %s", path);
		rc = 1;
	}
	if (fd >= 0)
		close(fd);
	if (rc)
		return rc;
	/* Another pin may lie below this one: remove the file last. */
	pinned = pin_at(real, &ino, path);
	if (pinned < 0)
		return 1;
	if (!pinned && unlinkat(dir, name, 0) < 0 && errno != ENOENT) {
		warn_errno("cannot remove %s", path);
		rc = 1;
	}
	report_elsewhere(path, ino);
	return rc;
}

static int
unpin_dir(int parent, const char *name, const char *path)
{
	char real[PATH_MAX], entry[PATH_MAX + 300];
	int rc = 0, any = 0, fd;
	struct dirent *d;
	DIR *dir;

	fd = openat(
	    parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fd_path(fd, NULL, real, sizeof(real)) < 0 ||
	    !(dir = fdopendir(fd)))
		die_errno("%s", path);
	while ((d = readdir(dir))) {
		unsigned long ino;

		if (d->d_name[0] == '.')
			continue;
		format(entry, sizeof(entry), "%s/%s", real, d->d_name);
		/* An unreadable mount table (-1): unpin_at says so. */
		if (nsfs_pin_at(entry, &ino) ||
		    pin_file_is_debris(fd, d->d_name)) {
			any = 1;
			rc |= unpin_at(fd, d->d_name, entry);
		}
	}
	closedir(dir);
	/* Empty: what a -d killed before its rmdir left, to finish. */
	if (!any && unlinkat(parent, name, AT_REMOVEDIR) == 0)
		return 0;
	if (!any) {
		warn("%s: no pins in this directory", path);
		return 1;
	}
	/* What --make-private made goes too; files of others stay. */
	if (nsfs_unbind_private_dir(real) < 0) {
		warn_errno("cannot unmount the self-bind of %s", path);
		hint("something still uses it: umount %s, then rmdir it", path);
		return 1;
	}
	if (unlinkat(parent, name, AT_REMOVEDIR) < 0 && errno != ENOTEMPTY) {
		warn_errno("cannot remove %s", path);
		return 1;
	}
	return rc;
}

static int
unpin_main(void)
{
	int rc = 0;

	for (int i = 0; i < cfg.noperands; i++) {
		struct stat st;
		char *path = cfg.operands[i];
		const char *name;
		size_t len = strlen(path);
		int parent;

		/* "DIR/" is DIR, as rm -r takes it. */
		while (len > 1 && path[len - 1] == '/')
			path[--len] = '\0';
		parent = pin_parent_open(path, &name);

		if (parent < 0) {
			warn_errno("%s", path);
			rc = 1;
		} else if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) ==
			0 &&
		    S_ISDIR(st.st_mode)) {
			rc |= unpin_dir(parent, name, path);
		} else {
			rc |= unpin_at(parent, name, path);
		}
		if (parent >= 0)
			close(parent);
	}
	return rc;
}

/* --- listing ------------------------------------------------------------- */

/* The header goes out with the first pin, or after a walk that found
 * none: not before a failure to read the mount table. */
static void
list_start(int *n)
{
	if (*n >= 0)
		return;
	*n = 0;
	if (cfg.json)
		out_str("{\"pins\":[");
	else if (!cfg.noheadings)
		out_fmt("%-40s %-6s %s\n", "PATH", "TYPE", "NS");
}

static void
list_one(void *arg, const struct mountinfo *m, const struct ns_type *type,
    unsigned long ino)
{
	int *n = arg;

	if (!type)
		return;
	list_start(n);
	if (cfg.json) {
		out_str((*n)++ ? ",{\"path\":" : "{\"path\":");
		json_string(m->mountpoint);
		out_fmt(",\"type\":\"%s\",\"ns\":%lu}", type->name, ino);
	} else {
		out_fmt("%-40s %-6s %lu\n", m->mountpoint, type->name, ino);
	}
}

static int
list_main(void)
{
	int n = -1; /* -1: nothing printed yet */

	if (nsfs_mounts(0, list_one, &n) < 0)
		die_errno("cannot read /proc/self/mountinfo");
	list_start(&n);
	if (cfg.json)
		out_str("]}\n");
	if (out_flush() != 0 && errno != EPIPE)
		die_errno("write error");
	return 0;
}

static void
parse_options(int argc, char **argv)
{
	unsigned long v;
	int c;

	while ((c = opt_next(argc, argv, &spec)) != -1) {
		const struct ns_type *type = ns_by_opt(c);

		if (c == 'n')
			cfg.net_or_noheadings = 1;
		else if (type)
			cfg.types |= type->flag;
		switch (c) {
		case 't':
			if (parse_ulong(opt_arg, INT_MAX, &v) < 0 || v == 0)
				die("invalid PID '%s'", opt_arg);
			cfg.pid = (pid_t)v;
			break;
		case 'a':
			cfg.all = 1;
			break;
		case OPT_CHILDREN:
			cfg.children = 1;
			break;
		case OPT_MAKE_PRIVATE:
			cfg.make_private = 1;
			break;
		case 'd':
			cfg.unpin = 1;
			break;
		case 'l':
			cfg.list = 1;
			break;
		case 'J':
			cfg.json = 1;
			break;
		case 'N':
			cfg.noheadings = 1;
			break;
		}
	}
	cfg.operands = argv + opt_ind;
	cfg.noperands = argc - opt_ind;
	if (cfg.unpin + cfg.list > 1)
		die("options --unpin and --list are mutually exclusive");
	if (cfg.list) {
		/* In a listing, -n is the usual "no header". */
		cfg.noheadings |= cfg.net_or_noheadings;
		if (cfg.noperands)
			die("--list takes no operands");
		return;
	}
	if (cfg.json)
		die("--json goes with --list");
	if (!cfg.unpin && cfg.net_or_noheadings)
		cfg.types |= CLONE_NEWNET;
}

int
ns_pin_main(int argc, char **argv)
{
	parse_options(argc, argv);
	check_options();
	if (cfg.list)
		return list_main();
	if (cfg.unpin)
		return unpin_main();
	return pin_main();
}
