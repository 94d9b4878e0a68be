/* ns-netns - named network namespaces in /run/netns, compatible both ways
 * with iproute2's `ip netns`, with rtnetlink plumbing of its own. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/applet.h"
#include "common/child.h"
#include "common/compat.h"
#include "common/die.h"
#include "common/format.h"
#include "common/json.h"
#include "common/mountinfo.h"
#include "common/netlink.h"
#include "common/netnsview.h"
#include "common/nsfs.h"
#include "common/nsref.h"
#include "common/opt.h"
#include "common/out.h"
#include "common/pin.h"
#include "common/procscan.h"

/* Help text and tables are laid out by hand. */
/* clang-format off */
static const char help[] =
"Usage: ns-netns [-all] SUBCOMMAND [ARG]...\n"
HELP_TEXT(
"Named network namespaces in $NETNS_RUN_DIR (/run/netns), as ip netns.\n"
"\n"
"  add NAME [--lo]\tnew namespace NAME (--lo: bring lo up in it)\n"
"  attach NAME PID\tname the network namespace of PID\n"
"  delete NAME...\tremove names (del); -all delete: every name\n"
"  list [-j|--json]\tnames and nsids (also: show, ls)\n"
"  list-id [target-nsid N] [nsid N]\n"
"\tthe nsids the current namespace has\n"
"  set NAME NSID|auto\tgive NAME an nsid\n"
"  identify [PID]\tevery name of the namespace of PID (self)\n"
"  pids NAME\tprocesses with a thread in NAME\n"
"  exec NAME COMMAND...\trun COMMAND in NAME with /sys and\n"
"\t/etc/netns/NAME/* in place; -all exec: in each\n"
"  monitor\tprint \"add NAME\" and \"delete NAME\" as they\n"
"\thappen\n"
"  veth NAME [HOSTIF[:PEERIF]] [--addr CIDR] [--peer-addr CIDR]\n"
"\ta veth pair with PEERIF (eth0) inside NAME,\n"
"\taddresses set, both ends and NAME's lo up\n"
"\n"
"  -h, --help\tshow this help\n"
"  -V, --version\tshow the version\n"
"\n"
"Names may not be empty, '.', '..', start with '-', or hold '/', blanks\n"
"or control characters. Exit status: 0 success, 1 failure; exec passes\n"
"the command's status on (125 when ns-netns itself fails).\n");

static const struct opt_long longopts[] = {
	OPT_HELP_VERSION
};
/* clang-format on */

static const struct opt_spec spec = { help, "", longopts, OPT_NS_NONE };

/* The subcommand and what its check settled, for its run. */
static struct {
	int all, lo, json, target, want_nsid, nsid;
	unsigned long pid;
	struct veth veth;
	int (*run)(int argc, char **argv);
	int argc;
	char **argv;
} cfg;

/* --- names and the run directory ------------------------------------- */

static void
check_name(const char *name)
{
	const char *why = netns_name_bad(name, NETNS_NAME_STRICT);
	char shown[1200];

	if (why)
		die("invalid network namespace name \"%s\": %s",
		    printable(name, shown, sizeof(shown)), why);
}

/* Every name here has passed check_name() or comes from the directory. */
static void
ns_path(char *buf, size_t size, const char *name)
{
	if ((size_t)netns_path(buf, size, name) >= size)
		die("%s/%s: name too long", netns_run_dir(), name);
}

/* The run directory, prepared as iproute2 prepares it, so namespaces made
 * by either tool work with the other: under a lock (parallel first adds
 * would pile up mounts), a private mount of its own, then shared, in a
 * peer group of its own, so a delete in one mount namespace unmounts the
 * pin in the others too. Returns the locked directory. */
static int
prepare_run_dir(void)
{
	const char *dir = netns_run_dir();
	int fd;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		die_errno("cannot create %s", dir);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		die_errno("cannot open %s", dir);
	if (flock(fd, LOCK_EX) < 0)
		warn_errno("cannot lock %s", dir);
	/* EINVAL: not a mount point yet. */
	while (mount("", dir, NULL, MS_SHARED | MS_REC, NULL) < 0) {
		if (errno != EINVAL)
			die_errno("cannot make %s a shared mount", dir);
		xnsfs_private_dir(dir, MS_REC);
	}
	return fd;
}

static int
open_named(const char *name)
{
	char path[PATH_MAX];
	int fd;

	ns_path(path, sizeof(path), name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die_errno("cannot open network namespace \"%s\"", name);
	if (nsref_type_of(fd) != ns_by_flag(CLONE_NEWNET))
		die("%s is not a network namespace", path);
	return fd;
}

/* --- add, attach, delete ----------------------------------------------- */

static int
xnl_open(void)
{
	int nl = nl_open();

	if (nl < 0)
		die_errno("cannot open a netlink socket");
	return nl;
}

/* Back from NAME to the network namespace we came from. Nothing after
 * this depends on it (our netlink socket and paths do not) and we exit
 * next: the work done stands and the status stays that of the work, so
 * a rerun after a failure never finds half of it (see ns-netns(1)). */
static void
return_home(int self, const char *name)
{
	if (setns(self, CLONE_NEWNET) < 0)
		warn_errno("cannot return from \"%s\" to our network "
			   "namespace (harmless: we exit now)",
		    name);
	close(self);
}

/* Bind the namespace of src onto NAME; the file is removed again if that
 * fails. lo (with --lo) is brought up in the new namespace first. */
static int
make_named(const char *name, const char *src, int lo)
{
	char path[PATH_MAX], target[32];
	struct pin_file f;
	int dirfd, self = -1, rc = 0;

	ns_path(path, sizeof(path), name);
	dirfd = prepare_run_dir();
	/* Mode 0, as ip makes it. What a killed add left (an empty file)
	 * is used again; anything else there is another's. */
	if (pin_file_open(path, 0, &f) == 0 && !f.created) {
		pin_file_remove(&f);
		errno = EEXIST;
	}
	if (f.fd < 0) {
		if (errno == ELOOP || errno == EBUSY)
			pin_file_warn(path);
		else
			warn_errno("cannot create namespace file \"%s\"", path);
		return 1;
	}
	if (!src) {
		self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
		if (self < 0 || unshare(CLONE_NEWNET) < 0) {
			warn_errno("cannot create a network namespace");
			rc = 1;
		} else if (lo) {
			int nl = nl_open();

			if (nl < 0 || nl_link_up(nl, "lo") < 0) {
				warn_errno(
				    "cannot bring lo up in \"%s\"", name);
				rc = 1;
			}
			if (nl >= 0)
				close(nl);
		}
		src = "/proc/self/ns/net";
	}
	format(target, sizeof(target), "/proc/self/fd/%d", f.fd);
	if (!rc && mount(src, target, NULL, MS_BIND, NULL) < 0) {
		warn_errno("bind %s on %s", src, path);
		rc = 1;
	}
	if (!rc)
		f.created = 0; /* it stays */
	pin_file_remove(&f);
	if (self >= 0)
		return_home(self, name);
	close(dirfd);
	return rc;
}

static void
check_add(int argc, char **argv)
{
	if (argc < 2)
		die("add: a NAME is needed");
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--lo"))
			cfg.lo = 1;
		else
			die("add: unknown argument \"%s\"", argv[i]);
	}
	check_name(argv[1]);
}

static int
cmd_add(int argc, char **argv)
{
	return make_named(argv[1], NULL, cfg.lo);
}

static void
check_attach(int argc, char **argv)
{
	char src[64];

	if (argc != 3)
		die("attach: NAME and PID are needed");
	if (parse_ulong(argv[2], INT_MAX, &cfg.pid) < 0 || cfg.pid == 0)
		die("attach: invalid PID \"%s\"", argv[2]);
	format(src, sizeof(src), "/proc/%lu/ns/net", cfg.pid);
	if (access(src, F_OK) < 0)
		die_errno("attach: PID %lu", cfg.pid);
	check_name(argv[1]);
}

static int
cmd_attach(int argc, char **argv)
{
	char src[64];

	format(src, sizeof(src), "/proc/%lu/ns/net", cfg.pid);
	return make_named(argv[1], src, 0);
}

static int
delete_one(const char *name)
{
	char path[PATH_MAX], self[32];
	int dir = open(netns_run_dir(), O_PATH | O_DIRECTORY | O_CLOEXEC),
	    fd = -1, rc = 1;

	ns_path(path, sizeof(path), name);
	/* By descriptor, never through a symlink: a link is removed as
	 * rm removes it. */
	if (dir >= 0)
		fd = openat(dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		warn_errno("cannot remove namespace file \"%s\"", path);
		goto out;
	}
	format(self, sizeof(self), "/proc/self/fd/%d", fd);
	/* Detach, so a process still inside keeps its namespace. */
	if (is_mount_root_at(dir, name) > 0 && umount2(self, MNT_DETACH) < 0) {
		warn_errno("cannot unmount namespace file \"%s\"", path);
		goto out;
	}
	if (unlinkat(dir, name, 0) < 0) {
		warn_errno("cannot remove namespace file \"%s\"", path);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (dir >= 0)
		close(dir);
	return rc;
}

static int
for_each_name(int (*fn)(const char *name, void *arg), void *arg)
{
	DIR *dir = opendir(netns_run_dir());
	struct dirent *d;
	int rc = 0;

	if (!dir)
		return errno == ENOENT ? 0
				       : (warn_errno("%s", netns_run_dir()), 1);
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.' ||
		    (strcmp(d->d_name, ".") && strcmp(d->d_name, "..")))
			rc |= fn(d->d_name, arg);
	closedir(dir);
	return rc;
}

static int
delete_cb(const char *name, void *arg)
{
	(void)arg;
	return delete_one(name);
}

static void
check_delete(int argc, char **argv)
{
	if (!cfg.all && argc < 2)
		die("delete: a NAME is needed");
}

/* Each name is checked as its turn comes: the ones before a bad one are
 * gone already, as they always were. */
static int
cmd_delete(int argc, char **argv)
{
	int rc = 0;

	if (cfg.all)
		return for_each_name(delete_cb, NULL);
	for (int i = 1; i < argc; i++) {
		check_name(argv[i]);
		rc |= delete_one(argv[i]);
	}
	return rc;
}

/* --- list, list-id, set, identify, pids --------------------------------- */

struct list_state {
	int nl, json, n;
	int ids_left; /* nsids not yet matched to a name */
};

static void
count_nsid(int nsid, int current_nsid, void *arg)
{
	(void)nsid;
	(void)current_nsid;
	++*(int *)arg;
}

static int
list_cb(const char *name, void *arg)
{
	struct list_state *ls = arg;
	char path[PATH_MAX];
	int fd, nsid = -1;

	/* Once every nsid this namespace has is matched, the other names
	 * have none: no open and no question to the kernel for them. */
	if (ls->ids_left > 0) {
		ns_path(path, sizeof(path), name);
		/* openat: musl's open() adds an fcntl for O_CLOEXEC. */
		fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			nsid = nl_get_nsid(ls->nl, fd);
			close(fd);
		}
		if (nsid >= 0)
			ls->ids_left--;
	}
	if (ls->json) {
		out_str(ls->n++ ? ",{\"name\":" : "{\"name\":");
		json_string(name);
		if (nsid >= 0)
			out_fmt(",\"id\":%d", nsid);
		out_char('}');
	} else if (nsid >= 0) {
		out_fmt("%s (id: %d)\n", name, nsid);
	} else {
		out_fmt("%s\n", name);
	}
	return 0;
}

static void
check_list(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json"))
			cfg.json = 1;
		else
			die("list: unknown argument \"%s\"", argv[i]);
	}
}

static int
cmd_list(int argc, char **argv)
{
	struct list_state ls = { -1, cfg.json, 0, 0 };

	ls.nl = nl_open();
	/* One dump tells how many names can have an nsid at all. */
	if (ls.nl >= 0 &&
	    nl_list_nsids(ls.nl, -1, count_nsid, &ls.ids_left) < 0)
		ls.ids_left = INT_MAX;
	if (ls.json)
		out_char('[');
	for_each_name(list_cb, &ls);
	if (ls.json)
		out_str("]\n");
	if (ls.nl >= 0)
		close(ls.nl);
	return 0;
}

/* The names that have an nsid, to print beside it: as many as there are
 * (ip netns keeps a fixed table). */
struct id_state {
	int nl, json, n, want_nsid;
	char **names;
	int *nsids, nnames, cap;
};

static int
name_nsid_cb(const char *name, void *arg)
{
	struct id_state *st = arg;
	char path[PATH_MAX];
	int fd;

	int nsid;

	ns_path(path, sizeof(path), name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	nsid = nl_get_nsid(st->nl, fd);
	close(fd);
	if (nsid < 0)
		return 0;
	if (st->nnames == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 64;
		st->names =
		    realloc(st->names, (size_t)st->cap * sizeof(*st->names));
		st->nsids =
		    realloc(st->nsids, (size_t)st->cap * sizeof(*st->nsids));
		if (!st->names || !st->nsids)
			die("out of memory");
	}
	st->nsids[st->nnames] = nsid;
	st->names[st->nnames] = strdup(name);
	if (!st->names[st->nnames])
		die("out of memory");
	st->nnames++;
	return 0;
}

static void
print_nsid(int nsid, int current, void *arg)
{
	struct id_state *st = arg;
	const char *name = NULL;

	if (st->want_nsid >= 0 && nsid != st->want_nsid)
		return;
	for (int i = 0; i < st->nnames; i++)
		if (st->nsids[i] == nsid)
			name = st->names[i];
	if (st->json) {
		out_fmt("%s{\"nsid\":%d", st->n++ ? "," : "", nsid);
		if (current >= 0)
			out_fmt(",\"current-nsid\":%d", current);
		if (name) {
			out_str(",\"name\":");
			json_string(name);
		}
		out_char('}');
		return;
	}
	out_fmt("nsid %d ", nsid);
	if (current >= 0)
		out_fmt("current-nsid %d ", current);
	if (name)
		out_fmt("(iproute2 netns name: %s)", name);
	out_char('\n');
}

static void
check_list_id(int argc, char **argv)
{
	unsigned long v;

	cfg.target = cfg.want_nsid = -1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-j") || !strcmp(argv[i], "--json")) {
			cfg.json = 1;
			continue;
		}
		if (strcmp(argv[i], "target-nsid") && strcmp(argv[i], "nsid"))
			die("list-id: unknown argument \"%s\" (expected "
			    "target-nsid N or nsid N)",
			    argv[i]);
		if (i + 1 >= argc)
			die("list-id: expected %s N", argv[i]);
		if (parse_ulong(argv[i + 1], INT_MAX, &v) < 0)
			die("list-id: invalid %s \"%s\"", argv[i], argv[i + 1]);
		if (!strcmp(argv[i], "target-nsid"))
			cfg.target = (int)v;
		else
			cfg.want_nsid = (int)v;
		i++;
	}
}

static int
cmd_list_id(int argc, char **argv)
{
	static struct id_state st;
	int target = cfg.target;

	st.want_nsid = cfg.want_nsid;
	st.json = cfg.json;
	st.nl = xnl_open();
	for_each_name(name_nsid_cb, &st);
	if (st.json)
		out_char('[');
	if (nl_list_nsids(st.nl, target, print_nsid, &st) < 0)
		die_errno("cannot list nsids");
	if (st.json)
		out_str("]\n");
	close(st.nl);
	return 0;
}

static void
check_set(int argc, char **argv)
{
	unsigned long v;

	if (argc != 3)
		die("set: NAME and NSID (or auto) are needed");
	check_name(argv[1]);
	if (!strcmp(argv[2], "auto"))
		cfg.nsid = -1;
	else if (parse_ulong(argv[2], INT_MAX, &v) == 0)
		cfg.nsid = (int)v;
	else
		die("set: invalid nsid \"%s\"", argv[2]);
}

static int
cmd_set(int argc, char **argv)
{
	int fd, nl;

	fd = open_named(argv[1]);
	nl = xnl_open();
	if (nl_set_nsid(nl, fd, cfg.nsid) < 0) {
		int err = errno;

		warn_errno("cannot set nsid %s for \"%s\"", argv[2], argv[1]);
		if (err == EEXIST)
			hint("that nsid, or one for \"%s\", is set already: "
			     "see ns-netns list-id",
			    argv[1]);
		return 1;
	}
	return 0;
}

struct identify_state {
	dev_t dev;
	ino_t ino;
};

static int
identify_cb(const char *name, void *arg)
{
	struct identify_state *st = arg;
	char path[PATH_MAX];
	struct stat s;

	ns_path(path, sizeof(path), name);
	if (stat(path, &s) == 0 && s.st_dev == st->dev && s.st_ino == st->ino)
		out_fmt("%s\n", name);
	return 0;
}

static void
check_identify(int argc, char **argv)
{
	if (argc > 2)
		die("identify: at most one PID");
	if (argc == 2 &&
	    (parse_ulong(argv[1], INT_MAX, &cfg.pid) < 0 || !cfg.pid))
		die("identify: invalid PID \"%s\"", argv[1]);
}

/* Every name, not only the last one as ip netns identify prints. */
static int
cmd_identify(int argc, char **argv)
{
	struct identify_state st;
	char path[64];
	struct stat s;

	if (cfg.pid)
		format(path, sizeof(path), "/proc/%lu/ns/net", cfg.pid);
	else
		format(path, sizeof(path), "/proc/self/ns/net");
	if (stat(path, &s) < 0)
		die_errno("identify: %s", path);
	st.dev = s.st_dev;
	st.ino = s.st_ino;
	return for_each_name(identify_cb, &st);
}

static void
check_pids(int argc, char **argv)
{
	if (argc != 2)
		die("pids: a NAME is needed");
	check_name(argv[1]);
}

static int
print_pid(void *arg, int procdir, const char *dir, pid_t pid)
{
	out_fmt("%s\n", dir);
	return 0;
}

/* Processes with any thread in the namespace (ip netns pids sees only
 * thread-group leaders). */
static int
cmd_pids(int argc, char **argv)
{
	int fd = open_named(argv[1]);
	struct stat ns;

	if (fstat(fd, &ns) < 0)
		die_errno("pids: %s", argv[1]);
	close(fd);
	if (procscan_in_ns(
		ns_by_flag(CLONE_NEWNET), ns.st_ino, 1, print_pid, NULL) < 0)
		die_errno("cannot read /proc");
	return 0;
}

/* --- exec ---------------------------------------------------------------- */

static void
enter_named(const char *name)
{
	int fd = open_named(name);

	if (setns(fd, CLONE_NEWNET) < 0)
		die_errno("setting the network namespace \"%s\" failed", name);
	close(fd);
	if (unshare(CLONE_NEWNS) < 0)
		die_errno("cannot make a mount namespace for \"%s\"", name);
	netns_mount_view(name);
}

/* exec fails as a chain-loader does (125); -all exec reports (1). */
static void
check_exec(int argc, char **argv)
{
	if (cfg.all) {
		if (argc < 2)
			die("exec: a COMMAND is needed");
		return;
	}
	applet_fail_status = EXIT_OWN_FAIL;
	if (argc < 3)
		die("exec: NAME and COMMAND are needed");
	check_name(argv[1]);
}

struct all_exec {
	char **command;
	int rc;
};

static int
exec_in_cb(const char *name, void *arg)
{
	struct all_exec *ae = arg;
	pid_t child;
	int status;

	out_fmt("\nnetns: %s\n", name);
	out_flush();
	child = _Fork();
	if (child < 0)
		die_errno("fork");
	if (child == 0) {
		enter_named(name);
		exec_command(ae->command);
	}
	status = child_wait(child);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		ae->rc = 1;
	return 0;
}

static int
cmd_exec_all(int argc, char **argv)
{
	struct all_exec ae = { argv + 1, 0 };

	for_each_name(exec_in_cb, &ae);
	return ae.rc;
}

static int
cmd_exec(int argc, char **argv)
{
	if (cfg.all)
		return cmd_exec_all(argc, argv);
	enter_named(argv[1]);
	exec_command(argv + 2);
}

/* --- monitor, veth -------------------------------------------------------- */

static void
check_monitor(int argc, char **argv)
{
	if (argc > 1)
		die("monitor: no arguments expected");
}

static int
cmd_monitor(int argc, char **argv)
{
	char buf[4096] __attribute__((aligned(8)));
	int fd, dirfd;

	dirfd = prepare_run_dir();
	close(dirfd); /* unlocked: we only watch */
	fd = inotify_init1(IN_CLOEXEC);
	if (fd < 0 ||
	    inotify_add_watch(fd, netns_run_dir(), IN_CREATE | IN_DELETE) < 0)
		die_errno("cannot watch %s", netns_run_dir());
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die_errno("inotify");
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (void *)p;

			if (ev->len)
				out_fmt("%s %s\n",
				    ev->mask & IN_CREATE ? "add" : "delete",
				    ev->name);
			p += sizeof(*ev) + ev->len;
		}
		/* Each event goes out as it happens. */
		if (out_flush() < 0)
			return 1;
	}
}

/* Run fn in the named namespace and come back: addresses and links
 * inside are set over a netlink socket made in there. */
static int
in_named(int nsfd, const char *name, int (*fn)(int nl, void *arg), void *arg)
{
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), nl, rc;

	if (self < 0 || setns(nsfd, CLONE_NEWNET) < 0) {
		warn_errno("cannot enter the network namespace \"%s\"", name);
		if (self >= 0)
			close(self);
		return -1;
	}
	nl = nl_open();
	rc = nl < 0 ? -1 : fn(nl, arg);
	if (nl < 0)
		warn_errno("cannot open a netlink socket in \"%s\"", name);
	else
		close(nl);
	return_home(self, name);
	return rc;
}

struct peer_setup {
	const struct veth *veth;
	const char *name;
};

static int
setup_peer(int nl, void *arg)
{
	struct peer_setup *ps = arg;

	return veth_peer_up(nl, ps->veth, ps->name);
}

static void
check_veth(int argc, char **argv)
{
	struct veth *v = &cfg.veth;
	int i = 2;

	if (argc < 2)
		die("veth: a NAME is needed");
	check_name(argv[1]);
	if (i < argc && argv[i][0] != '-') {
		xveth_parse(v, argv[i], "veth");
		i++;
	} else {
		format(v->peer, sizeof(v->peer), "eth0");
	}
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--addr") && i + 1 < argc)
			v->addr = argv[++i];
		else if (!strcmp(argv[i], "--peer-addr") && i + 1 < argc)
			v->peer_addr = argv[++i];
		else
			die("veth: unknown argument \"%s\"", argv[i]);
	}
	if (v->addr && nl_cidr_check(v->addr) < 0)
		die("veth: invalid address \"%s\" (CIDR, e.g. 169.254.1.1/24)",
		    v->addr);
	if (v->peer_addr && nl_cidr_check(v->peer_addr) < 0)
		die("veth: invalid address \"%s\" (CIDR, e.g. 169.254.1.2/24)",
		    v->peer_addr);
	if (!v->host[0] &&
	    format(v->host, sizeof(v->host), "ve-%.11s", argv[1]) &&
	    strlen(argv[1]) > 11)
		die("veth: name a host interface (HOSTIF) for \"%s\"", argv[1]);
}

static int
cmd_veth(int argc, char **argv)
{
	struct peer_setup ps = { &cfg.veth, argv[1] };
	int nsfd = open_named(argv[1]), nl = xnl_open();

	if (veth_make(nl, &cfg.veth, nsfd) < 0)
		return 1;
	if (in_named(nsfd, argv[1], setup_peer, &ps) == 0)
		return 0;
	/* Deleting one end deletes both: no half-made pair is left. */
	nl_link_del(nl, cfg.veth.host);
	return 1;
}

/* --- dispatch --------------------------------------------------------------
 */

static int
cmd_help(int argc, char **argv)
{
	out_str(help);
	return 0;
}

/* Each subcommand's check only looks at its words (and at /proc); its run
 * makes and changes things. */
static const struct subcommand {
	const char *name;
	void (*check)(int argc, char **argv);
	int (*run)(int argc, char **argv);
} subcommands[] = {
	{ "list", check_list, cmd_list },
	{ "show", check_list, cmd_list },
	{ "ls", check_list, cmd_list },
	{ "add", check_add, cmd_add },
	{ "attach", check_attach, cmd_attach },
	{ "delete", check_delete, cmd_delete },
	{ "del", check_delete, cmd_delete },
	{ "list-id", check_list_id, cmd_list_id },
	{ "set", check_set, cmd_set },
	{ "identify", check_identify, cmd_identify },
	{ "pids", check_pids, cmd_pids },
	{ "exec", check_exec, cmd_exec },
	{ "monitor", check_monitor, cmd_monitor },
	{ "veth", check_veth, cmd_veth },
	{ "help", NULL, cmd_help },
};

static void
parse_options(int argc, char **argv)
{
	const struct subcommand *sc = subcommands;
	const char *cmd;

	/* Options of a subcommand follow its operands: only ours lead. */
	while (argc > 1 && argv[1][0] == '-') {
		if (!strcmp(argv[1], "-all") || !strcmp(argv[1], "--all")) {
			cfg.all = 1;
			argv++;
			argc--;
			continue;
		}
		if (!strcmp(argv[1], "--")) {
			argv++;
			argc--;
			break;
		}
		opt_ind = 0;
		opt_next(2, argv, &spec); /* --help, --version, or misuse */
		opt_misuse(&spec, "unexpected option");
	}
	argv++;
	argc--;
	cmd = argc > 0 ? argv[0] : "list";
	while (strcmp(cmd, sc->name))
		if (++sc == subcommands + sizeof(subcommands) / sizeof(*sc))
			opt_misuse(&spec, "unknown subcommand \"%s\"", cmd);
	cfg.run = sc->run;
	cfg.argc = argc;
	cfg.argv = argv;
	if (sc->check)
		sc->check(argc, argv);
}

int
ns_netns_main(int argc, char **argv)
{
	parse_options(argc, argv);
	return cfg.run(cfg.argc, cfg.argv);
}
