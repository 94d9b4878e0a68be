/* ns-exec - join existing namespaces with setns(2) and run a command:
 * util-linux nsenter, and the classic `ns_exec NSFILE... CMD`. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/applet.h"
#include "common/child.h"
#include "common/compat.h"
#include "common/pty.h"
#include "common/cred.h"
#include "common/die.h"
#include "common/format.h"
#include "common/mountinfo.h"
#include "common/ns.h"
#include "common/nsref.h"
#include "common/opt.h"
#include "common/out.h"
#include "common/scan.h"

/* Help text and tables are laid out by hand. */
/* clang-format off */
static const char help[] =
"Usage: ns-exec [OPTION]... [NSREF]... [--] [COMMAND [ARG]...]\n"
HELP_TEXT(
"Run COMMAND (default: $SHELL, else /bin/sh) in existing namespaces.\n"
"\n"
"NSREF operands are namespace files (/proc/PID/ns/uts, a pin, a file in\n"
"/run/netns); their type is asked of the kernel. The first operand that is\n"
"not a namespace file starts COMMAND. Given to an option, NSREF may also\n"
"be a PID, or a NAME without a slash: a file here.\n"
"\n"
"Target:\n"
"  -t, --target PID\tthe process whose namespaces, root, working\n"
"\tdirectory and environment are meant\n"
"  -a, --all\tevery namespace of the target that we do not\n"
"\tshare with it already\n"
"  -m, --mount[=NSREF]\tmount namespace\n"
"  -u, --uts[=NSREF]\tUTS namespace\n"
"  -i, --ipc[=NSREF]\tSystem V IPC namespace\n"
"  -n, --net[=NSREF]\tnetwork namespace (a NAME in $NETNS_RUN_DIR,\n"
"\t/run/netns, comes before a file here)\n"
"  -p, --pid[=NSREF]\tPID namespace (COMMAND runs as a child)\n"
"  -U, --user[=NSREF]\tuser namespace\n"
"  -C, --cgroup[=NSREF]\tcgroup namespace\n"
"  -T, --time[=NSREF]\ttime namespace\n"
"      --user-parent\twith -U: join the parent of that user namespace\n"
"  -N, --net-socket FD\tthe network namespace of socket FD of the\n"
"\ttarget\n"
"\n"
"Process:\n"
"  -S, --setuid UID|follow\trun as UID (follow: the target's owner)\n"
"  -G, --setgid GID|follow\trun as GID (follow: the target's group)\n"
"      --preserve-credentials  keep our ids when joining a user namespace\n"
"      --keep-caps\tkeep capabilities across exec (ambient set)\n"
"  -Z, --follow-context\trun COMMAND in the target's SELinux context\n"
"\t(nothing to do without SELinux)\n"
"  -r, --root[=DIR]\troot directory (default: the target's)\n"
"  -w, --wd[=DIR]\tworking directory (default: the target's)\n"
"  -W, --wdns DIR\tworking directory, as seen after joining\n"
"  -e, --env\tthe target's environment\n"
"  -c, --join-cgroup\tthe target's cgroup (cgroup v2)\n"
"  -F, --no-fork\tdo not fork for a PID namespace\n"
"      --setsid\trun COMMAND in a new session, no controlling\n"
"\tterminal\n"
"      --pty\tgive COMMAND a new pseudo-terminal relayed to\n"
"\tours (nothing it does reaches our terminal)\n"
"      --no-forward-signals\tdo not pass signals on to a forked COMMAND\n"
"\n"
"  -h, --help\tshow this help\n"
"  -V, --version\tshow the version\n"
"\n"
"Exit status: COMMAND's own; 125 if ns-exec fails, 126 if COMMAND cannot\n"
"run, 127 if it is not found. A COMMAND killed by signal N is passed on\n"
"as the same signal.\n");

enum {
	OPT_PRESERVE = 256, OPT_KEEP_CAPS, OPT_USER_PARENT, OPT_SETSID,
	OPT_PTY, OPT_NO_FORWARD,
};

static const struct opt_long longopts[] = {
	{ "target", required_argument, 't' },
	{ "all", no_argument, 'a' },
	{ "user-parent", no_argument, OPT_USER_PARENT },
	{ "net-socket", required_argument, 'N' },
	{ "setuid", required_argument, 'S' },
	{ "setgid", required_argument, 'G' },
	{ "preserve-credentials", no_argument, OPT_PRESERVE },
	{ "keep-caps", no_argument, OPT_KEEP_CAPS },
	{ "follow-context", no_argument, 'Z' },
	{ "root", optional_argument, 'r' },
	{ "wd", optional_argument, 'w' },
	{ "wdns", required_argument, 'W' },
	{ "env", no_argument, 'e' },
	{ "join-cgroup", no_argument, 'c' },
	{ "no-fork", no_argument, 'F' },
	{ "setsid", no_argument, OPT_SETSID },
	{ "pty", no_argument, OPT_PTY },
	{ "no-forward-signals", no_argument, OPT_NO_FORWARD },
	OPT_HELP_VERSION
};
/* clang-format on */

static const struct opt_spec spec = { help, "t:aN:S:G:r::w::W:ecFZ", longopts,
	OPT_NS_OPTIONAL };

/* One namespace to join: from the target (fd -1 until opened, or joined
 * through the pidfd) or from a file given explicitly. */
struct join {
	int wanted;
	int fd;
	int explicit;
	int done;
	char what[4200]; /* for messages: "/run/netns/x", "net of PID 42" */
};

static struct {
	struct join join[NS_TYPE_COUNT]; /* indexed like ns_types[] */
	pid_t pid;
	const char *pid_str;
	int pidfd, procfd;
	int all, user_parent, net_socket;
	struct cred_request cred;
	int uid_follow, gid_follow;
	int preserve;
	int root, wd; /* asked for: 1 default, 2 with DIR */
	const char *root_dir, *wd_dir, *wdns;
	int rootfd, wdfd;
	int env, cgroup, no_fork, setsid, pty, forward, follow_context;
	char *environ_buf;
	size_t environ_len;
	int cgroup_fd;
	char **command;
	char not_nsfs[4400]; /* why the first operand left was not joined */
} cfg;

static int
type_index(const struct ns_type *type)
{
	return (int)(type - ns_types);
}

/* How messages name a join: its file, or "net of PID 42" (made only when
 * a message needs it: snprintf is costly on the path that succeeds). */
static const char *
join_what(int i)
{
	struct join *j = &cfg.join[i];

	if (!j->what[0])
		format(j->what, sizeof(j->what), "%s of PID %d",
		    ns_types[i].name, (int)cfg.pid);
	return j->what;
}

static void
join_file(const struct ns_type *want, const char *spec_arg)
{
	struct nsref ref;
	char msg[4400];
	struct join *j;

	if (nsref_open(&ref, spec_arg, want) < 0)
		die("--%s=%s: %s", want->longopt, spec_arg,
		    nsref_strerror(&ref, msg, sizeof(msg)));
	j = &cfg.join[type_index(ref.type)];
	if (j->explicit)
		close(j->fd);
	j->wanted = j->explicit = 1;
	j->fd = ref.fd;
	format(j->what, sizeof(j->what), "%s", ref.path);
}

/* -S/-G: a number, or "follow" (the owner of the target's /proc entry,
 * read once the target is open). */
static void
parse_ids(int c, const char *arg)
{
	if (strcmp(arg, "follow")) {
		cred_option(&cfg.cred, c, arg);
	} else if (c == 'S') {
		cfg.uid_follow = cfg.cred.set_uid = 1;
	} else {
		cfg.gid_follow = cfg.cred.set_gid = 1;
	}
}

/* Leading operands that are namespace files are joined (the classic
 * ns_exec form); the first that is not one is the command. */
static void
parse_operands(char **argv)
{
	char msg[4400];
	struct nsref ref;

	for (; *argv; argv++) {
		if (!strcmp(*argv, "--")) {
			argv++;
			break;
		}
		if (!strchr(*argv, '/'))
			break;
		if (nsref_open(&ref, *argv, NULL) < 0) {
			/* Unreadable /proc/PID/ns/X is a reference we may
			 * not use, not a command to try. */
			if (ref.error == NSREF_SYSTEM &&
			    (ref.err == EACCES || ref.err == EPERM) &&
			    scan_str(*argv, "/ns/"))
				die("%s",
				    nsref_strerror(&ref, msg, sizeof(msg)));
			nsref_strerror(
			    &ref, cfg.not_nsfs, sizeof(cfg.not_nsfs));
			break;
		}
		join_file(ref.type, *argv);
		close(ref.fd);
	}
	cfg.command = argv;
}

static void
parse_options(int argc, char **argv)
{
	unsigned long v;
	int c;

	cfg.pidfd = cfg.procfd = cfg.rootfd = cfg.wdfd = cfg.cgroup_fd = -1;
	cfg.net_socket = -1;
	cfg.forward = 1;
	for (int i = 0; i < ns_type_count; i++)
		cfg.join[i].fd = -1;
	while ((c = opt_next(argc, argv, &spec)) != -1) {
		const struct ns_type *type = ns_by_opt(c);

		if (type) {
			if (opt_arg)
				join_file(type, opt_arg);
			else
				cfg.join[type_index(type)].wanted = 1;
			continue;
		}
		switch (c) {
		case 't':
			if (cfg.pid)
				die("option -t/--target given more than once");
			if (parse_ulong(opt_arg, INT_MAX, &v) < 0 || v == 0)
				die("invalid target PID '%s'", opt_arg);
			cfg.pid = (pid_t)v;
			cfg.pid_str = opt_arg;
			break;
		case 'a':
			cfg.all = 1;
			break;
		case OPT_USER_PARENT:
			cfg.user_parent = 1;
			break;
		case 'N':
			if (parse_ulong(opt_arg, INT_MAX, &v) < 0)
				die("invalid socket fd '%s'", opt_arg);
			cfg.net_socket = (int)v;
			break;
		case 'S':
		case 'G':
			parse_ids(c, opt_arg);
			break;
		case OPT_PRESERVE:
			cfg.preserve = 1;
			break;
		case OPT_KEEP_CAPS:
			cfg.cred.keep_caps = 1;
			break;
		case 'r':
			cfg.root = opt_arg ? 2 : 1;
			cfg.root_dir = opt_arg;
			break;
		case 'w':
			cfg.wd = opt_arg ? 2 : 1;
			cfg.wd_dir = opt_arg;
			break;
		case 'W':
			cfg.wdns = opt_arg;
			break;
		case 'e':
			cfg.env = 1;
			break;
		case 'c':
			cfg.cgroup = 1;
			break;
		case 'F':
			cfg.no_fork = 1;
			break;
		case 'Z':
			cfg.follow_context = 1;
			break;
		case OPT_SETSID:
			cfg.setsid = 1;
			break;
		case OPT_PTY:
			if (!HAVE_PTY)
				feature_absent("pty", "--pty");
			cfg.pty = 1;
			break;
		case OPT_NO_FORWARD:
			cfg.forward = 0;
			break;
		default:
			opt_misuse(&spec, "unexpected option");
		}
	}
	parse_operands(argv + opt_ind);
}

static void
check_options(void)
{
	int any = cfg.all || cfg.net_socket >= 0;

	for (int i = 0; i < ns_type_count; i++)
		any |= cfg.join[i].wanted;
	if (cfg.user_parent &&
	    !cfg.join[type_index(ns_by_flag(CLONE_NEWUSER))].wanted)
		die("--user-parent needs a user namespace (-U)");
	/* "ns-exec /run/netns/typo ip a": say why typo was not joined. */
	if (!any && cfg.not_nsfs[0])
		die("no namespace specified (%s)", cfg.not_nsfs);
	if (!any)
		die("no namespace specified");
	if (cfg.wd && cfg.wdns)
		die("options --wd and --wdns are mutually exclusive");
	if (cfg.net_socket >= 0 && !cfg.pid)
		die("--net-socket needs a target (-t)");
	if (cfg.pid)
		return;
	/* Everything below reads from the target. */
	for (int i = 0; i < ns_type_count; i++)
		if (cfg.join[i].wanted && !cfg.join[i].explicit)
			die("neither a file nor a target PID given for the "
			    "%s namespace",
			    ns_types[i].name);
	if (cfg.all || cfg.env || cfg.cgroup || cfg.root == 1 || cfg.wd == 1 ||
	    cfg.uid_follow || cfg.gid_follow)
		die("no target PID specified (-t)");
}

/* A pidfd names the process, not its number: if the target exits and its
 * PID is reused while we work, every later step fails instead of joining
 * the newcomer. /proc/PID is opened after the pidfd and checked against it,
 * so both name the same process. */
static void
open_target(void)
{
	char path[32];

	if (!cfg.pid)
		return;
	cfg.pidfd = sys_pidfd_open(cfg.pid, 0);
	if (cfg.pidfd < 0 && errno == ESRCH)
		die("target PID %d: no such process", (int)cfg.pid);
	/* The digits as given (checked by parse_ulong): no snprintf. */
	if (cfg.pid_str[0] == '0') {
		format(path, sizeof(path), "/proc/%d", (int)cfg.pid);
	} else {
		strcpy(path, "/proc/");
		strcat(path, cfg.pid_str);
	}
	cfg.procfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (cfg.procfd < 0)
		die_errno("target PID %d: cannot open %s", (int)cfg.pid, path);
	if (cfg.pidfd >= 0 &&
	    sys_pidfd_send_signal(cfg.pidfd, 0, NULL, 0) < 0 && errno == ESRCH)
		die("target PID %d exited", (int)cfg.pid);
}

static int
target_ns_fd(const struct ns_type *type)
{
	char path[32];
	int fd;

	strcpy(path, "ns/");
	strcat(path, type->proc);
	fd = openat(cfg.procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && (errno == ENOENT || errno == ESRCH))
		die("target PID %d exited", (int)cfg.pid);
	return fd;
}

static int
same_ns(int fd, const char *self_path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(self_path, &b) == 0 &&
	    a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

/* Decide what to join: -a, the user namespace's parent, a socket's netns,
 * and which of the target's namespaces go through the pidfd at once. */
static void
resolve_joins(void)
{
	struct join *user = &cfg.join[type_index(ns_by_flag(CLONE_NEWUSER))];
	struct join *net = &cfg.join[type_index(ns_by_flag(CLONE_NEWNET))];
	int present = cfg.all ? ns_all_flags() : 0;

	if (cfg.all)
		NS_FOREACH(t)
			if (present & t->flag)
				cfg.join[type_index(t)].wanted = 1;
	if (cfg.net_socket >= 0) {
		int sock = sys_pidfd_getfd(cfg.pidfd, cfg.net_socket, 0);

		if (sock < 0)
			die_errno("cannot get fd %d of PID %d", cfg.net_socket,
			    (int)cfg.pid);
		if (net->explicit)
			close(net->fd);
		net->fd = ioctl(sock, SIOCGSKNS);
		if (net->fd < 0)
			die_errno("fd %d of PID %d: no socket network "
				  "namespace",
			    cfg.net_socket, (int)cfg.pid);
		close(sock);
		net->wanted = net->explicit = 1;
		format(net->what, sizeof(net->what),
		    "net of socket %d of PID %d", cfg.net_socket, (int)cfg.pid);
	}
	if (cfg.user_parent) {
		int fd = user->explicit
		    ? user->fd
		    : target_ns_fd(ns_by_flag(CLONE_NEWUSER));
		int parent = fd < 0 ? -1 : ioctl(fd, NS_GET_PARENT);

		if (parent < 0 && errno == ENOTTY)
			die("--user-parent needs Linux 4.9 (NS_GET_PARENT)");
		if (parent < 0)
			die_errno("cannot get the parent of %s",
			    user->explicit ? user->what : "the user namespace");
		if (fd != user->fd)
			close(fd);
		if (user->explicit)
			close(user->fd);
		user->fd = parent;
		user->wanted = user->explicit = 1;
		strcat(user->what, " (parent)");
	}
	/* -a skips what we share with the target already: re-entering our
	 * own user namespace fails (EINVAL) and would give back capabilities
	 * we may have dropped, and re-entering another one we are in needs
	 * privilege over it that an unprivileged caller lacks. */
	if (cfg.all)
		NS_FOREACH(t) {
			struct join *j = &cfg.join[type_index(t)];
			char self[64];
			int fd;

			if (!j->wanted || j->explicit)
				continue;
			fd = target_ns_fd(t);
			format(self, sizeof(self), "/proc/self/ns/%s", t->proc);
			if (fd >= 0 && same_ns(fd, self))
				j->wanted = 0;
			if (fd >= 0)
				close(fd);
		}
}

/* -Z: the target's SELinux context becomes the one our exec gives
 * COMMAND, through the files libselinux's getpidcon and setexeccon use.
 * As in nsenter, it is done at once, before anything is joined (the exec
 * context is kept across fork, setns and setuid until the exec), and
 * without SELinux (no selinuxfs) there is nothing to do: other security
 * modules also answer in attr/, with contexts of their own. */
static void
follow_context(void)
{
	char ctx[4096];
	ssize_t n;
	int fd;

	if (!cfg.follow_context || access("/sys/fs/selinux/enforce", F_OK))
		return;
	if (!cfg.pid)
		die("no target PID specified for --follow-context");
	fd = openat(cfg.procfd, "attr/current", O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, ctx, sizeof(ctx) - 1);
	if (n < 0)
		die_errno(
		    "cannot get the SELinux context of PID %d", (int)cfg.pid);
	close(fd);
	while (n > 0 && (ctx[n - 1] == '\n' || !ctx[n - 1]))
		n--;
	ctx[n] = '\0';
	fd = open("/proc/thread-self/attr/exec", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, ctx, (size_t)n) != n)
		die_errno("cannot set the exec context to '%s'", ctx);
	close(fd);
}

/* DIR as given, else the target's /proc/PID/ENTRY (root, cwd). */
static int
open_dir(const char *dir, const char *entry, const char *what)
{
	int fd = dir
	    ? open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC)
	    : openat(cfg.procfd, entry, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		die_errno(
		    "cannot open %s %s", what, dir ? dir : "of the target");
	return fd;
}

/* The rest of the target: root, cwd, environment and cgroup are taken
 * before joining, while the paths still mean what the caller meant. */
static void
open_target_extras(void)
{
	if (cfg.root)
		cfg.rootfd = open_dir(cfg.root_dir, "root", "root directory");
	if (cfg.wd)
		cfg.wdfd = open_dir(cfg.wd_dir, "cwd", "working directory");
	if (cfg.uid_follow || cfg.gid_follow) {
		struct stat st;

		if (fstatat(cfg.procfd, "", &st, AT_EMPTY_PATH) < 0)
			die_errno("cannot stat /proc/%d", (int)cfg.pid);
		if (cfg.uid_follow)
			cfg.cred.uid = st.st_uid;
		if (cfg.gid_follow)
			cfg.cred.gid = st.st_gid;
	}
	if (cfg.env) {
		int fd = openat(cfg.procfd, "environ", O_RDONLY | O_CLOEXEC);
		size_t cap = 0;
		ssize_t n;

		if (fd < 0)
			die_errno("cannot open /proc/%d/environ", (int)cfg.pid);
		do {
			if (cfg.environ_len + 4096 > cap) {
				cap = cap * 2 + 8192;
				cfg.environ_buf = realloc(cfg.environ_buf, cap);
				if (!cfg.environ_buf)
					die_errno("environment");
			}
			n = read(fd, cfg.environ_buf + cfg.environ_len, 4096);
			if (n > 0)
				cfg.environ_len += (size_t)n;
		} while (n > 0);
		if (n < 0)
			die_errno("cannot read /proc/%d/environ", (int)cfg.pid);
		close(fd);
	}
	if (cfg.cgroup) {
		char line[4096], path[8256], mp[4096] = "";
		struct mountinfo m;
		struct lines f;
		int fd = openat(cfg.procfd, "cgroup", O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			die_errno("cannot read /proc/%d/cgroup", (int)cfg.pid);
		lines_from_fd(&f, fd);
		while (lines_next(&f, line, sizeof(line)) &&
		    strncmp(line, "0::", 3))
			line[0] = '\0';
		lines_close(&f);
		if (strncmp(line, "0::", 3))
			die("--join-cgroup is only supported in cgroup v2");
		if (mountinfo_open(&f, NULL) == 0) {
			while (!mp[0] && mountinfo_next(&f, &m))
				if (!strcmp(m.fstype, "cgroup2"))
					format(
					    mp, sizeof(mp), "%s", m.mountpoint);
			lines_close(&f);
		}
		if (!mp[0])
			die("--join-cgroup: no cgroup2 mount found");
		format(path, sizeof(path), "%s%s/cgroup.procs", mp, line + 3);
		cfg.cgroup_fd = open(path, O_WRONLY | O_CLOEXEC);
		if (cfg.cgroup_fd < 0)
			die_errno("cannot open %s", path);
	}
}

/* Which types go through the target's pidfd in one atomic setns(). */
static int
atomic_mask(void)
{
	int mask = 0;

	if (cfg.pidfd < 0)
		return 0;
	for (int i = 0; i < ns_type_count; i++)
		if (cfg.join[i].wanted && !cfg.join[i].explicit)
			mask |= ns_types[i].flag;
	return mask;
}

static int
privileged(void)
{
	return geteuid() == 0;
}

/* setns refused an unprivileged caller: say why, where it is checked
 * to be so. (A process of ours in a user namespace not ours cannot be
 * opened either; nothing here says whose that namespace is.) */
static void
hint_not_permitted(const char *more)
{
	struct stat st;
	int userfd;

	if (!HAVE_HELP || privileged())
		return;
	userfd =
	    cfg.pid ? openat(cfg.procfd, "ns/user", O_RDONLY | O_CLOEXEC) : -1;
	/* Another user's process: not even its namespace files open. */
	if (userfd < 0 && errno == EACCES && fstat(cfg.procfd, &st) == 0 &&
	    st.st_uid != geteuid())
		hint("PID %d belongs to uid %u: only that user or root may "
		     "join its namespaces",
		    (int)cfg.pid, (unsigned)st.st_uid);
	/* Its user namespace is ours to join, and not the one we are in. */
	else if (!cfg.join[type_index(ns_by_flag(CLONE_NEWUSER))].wanted &&
	    (userfd < 0 ? !cfg.pid : !same_ns(userfd, "/proc/self/ns/user")))
		hint("without root, join the user namespace that owns it too "
		     "(-U)%s",
		    more);
	if (userfd >= 0)
		close(userfd);
}

/* util-linux's order, for its reasons: a privileged caller joins the user
 * namespace last (so it gives up privilege after the rest), an
 * unprivileged one first (to gain the rights the rest need). Pass one
 * tries all but the user namespace and forgives failures; pass two joins
 * what is left, user first, and fails on the first error. */
static int
join_fds(char *failed, size_t size)
{
	for (int i = 0; i < ns_type_count; i++) {
		struct join *j = &cfg.join[i];

		if (!j->wanted || j->done || j->fd < 0 ||
		    ns_types[i].flag == CLONE_NEWUSER)
			continue;
		if (setns(j->fd, ns_types[i].flag) == 0)
			j->done = 1;
	}
	for (int i = 0; i < ns_type_count; i++) {
		struct join *j = &cfg.join[i];

		if (!j->wanted || j->done || j->fd < 0)
			continue;
		if (setns(j->fd, ns_types[i].flag) < 0) {
			format(failed, size, "%s", join_what(i));
			return -1;
		}
		j->done = 1;
	}
	return 0;
}

/* setns(pidfd, mask) is all or nothing and does not say which namespace
 * it refused. Find out in a throwaway child that joins them one by one. */
static _Noreturn void
diagnose_atomic(int mask, int err)
{
	char failed[4200] = "";
	int report[2];
	pid_t child = -1;
	int status;

	if (pipe2(report, O_CLOEXEC) == 0 && (child = _Fork()) == 0) {
		int rc = 0;

		close(report[0]);
		for (int i = 0; i < ns_type_count && !rc; i++) {
			if (!(mask & ns_types[i].flag))
				continue;
			cfg.join[i].fd = target_ns_fd(&ns_types[i]);
			/* Not even open to us: that is what setns refused
			 * too, so report its error, not open's. */
			if (cfg.join[i].fd < 0) {
				rc = err;
				(void)!write(report[1], join_what(i),
				    strlen(join_what(i)) + 1);
			}
		}
		if (!rc && join_fds(failed, sizeof(failed)) < 0) {
			rc = errno;
			(void)!write(report[1], failed, strlen(failed) + 1);
		}
		_exit(rc);
	} else if (child > 0) {
		ssize_t n;

		close(report[1]);
		n = read(report[0], failed, sizeof(failed) - 1);
		failed[n > 0 ? n : 0] = '\0';
		while (waitpid(child, &status, 0) < 0 && errno == EINTR)
			;
		if (failed[0] && WIFEXITED(status) && WEXITSTATUS(status)) {
			errno = WEXITSTATUS(status);
			warn_errno("setns(%s)", failed);
			if (errno == EPERM)
				hint_not_permitted("");
			exit(EXIT_OWN_FAIL);
		}
	}
	errno = err;
	if (err == ESRCH)
		die("target PID %d exited", (int)cfg.pid);
	die_errno("setns(namespaces of PID %d)", (int)cfg.pid);
}

static void
enter_namespaces(void)
{
	int mask = atomic_mask();
	char failed[4200];

	/* Dropping supplementary groups must happen while we may, which
	 * for a user namespace can be before or after joining it. */
	if (cfg.join[type_index(ns_by_flag(CLONE_NEWUSER))].wanted &&
	    !cfg.preserve)
		(void)!sys_setgroups_none();
	if (mask && setns(cfg.pidfd, mask) < 0) {
		if (errno != EINVAL && errno != EBADF)
			diagnose_atomic(mask, errno);
		/* A kernel before 5.8 takes no pidfd: open /proc files. */
		mask = 0;
	}
	for (int i = 0; i < ns_type_count; i++) {
		struct join *j = &cfg.join[i];

		if (!j->wanted)
			continue;
		if (mask & ns_types[i].flag)
			j->done = 1;
		else if (j->fd < 0 && (j->fd = target_ns_fd(&ns_types[i])) < 0)
			die_errno("cannot open %s", join_what(i));
	}
	if (join_fds(failed, sizeof(failed)) < 0) {
		int err = errno;

		warn_errno("setns(%s)", failed);
		if (err == EPERM)
			hint_not_permitted(
			    ", and add --preserve-credentials for your own");
		exit(EXIT_OWN_FAIL);
	}
	for (int i = 0; i < ns_type_count; i++)
		if (cfg.join[i].fd >= 0)
			close(cfg.join[i].fd);
}

static void
change_dirs(void)
{
	if (cfg.rootfd >= 0) {
		if (fchdir(cfg.rootfd) < 0 || chroot(".") < 0)
			die_errno("cannot change root directory");
		if (cfg.wdfd < 0 && chdir("/") < 0)
			die_errno("cannot change directory to /");
	}
	if (cfg.wdfd >= 0 && fchdir(cfg.wdfd) < 0)
		die_errno("cannot change working directory");
	if (cfg.wdns && chdir(cfg.wdns) < 0)
		die_errno("cannot change directory to %s", cfg.wdns);
}

static void
apply_environment(void)
{
	if (!cfg.env)
		return;
	clearenv();
	for (size_t off = 0; off < cfg.environ_len;) {
		char *var = cfg.environ_buf + off;
		size_t len = strnlen(var, cfg.environ_len - off);

		if (len == cfg.environ_len - off)
			break; /* unterminated tail: not a variable */
		if (strchr(var, '='))
			putenv(var);
		off += len + 1;
	}
}

static void
join_cgroup(void)
{
	char pid[16];
	int n;

	if (cfg.cgroup_fd < 0)
		return;
	n = format(pid, sizeof(pid), "%d", (int)getpid());
	if (write(cfg.cgroup_fd, pid, (size_t)n) != n)
		die_errno("cannot join the cgroup of PID %d", (int)cfg.pid);
	close(cfg.cgroup_fd);
}

static void
set_credentials(void)
{
	int user = cfg.join[type_index(ns_by_flag(CLONE_NEWUSER))].wanted;

	/* Joining a user namespace makes us its root unless told not to. */
	if (user && !cfg.preserve) {
		if (!cfg.cred.set_uid || !cfg.cred.set_gid)
			cfg.cred.keep_own = "--preserve-credentials";
		if (!cfg.cred.set_uid)
			cfg.cred.uid = 0, cfg.cred.set_uid = 1;
		if (!cfg.cred.set_gid)
			cfg.cred.gid = 0, cfg.cred.set_gid = 1;
	}
	cred_apply(&cfg.cred);
}

static _Noreturn void
run_command(void)
{
	if (cfg.setsid && setsid() < 0)
		die_errno("setsid");
	set_credentials();
	exec_command(cfg.command);
}

static int
needs_fork(void)
{
	int pid = cfg.join[type_index(ns_by_flag(CLONE_NEWPID))].wanted;

	/* setsid() fails for a process-group leader: fork to be sure. */
	return (pid && !cfg.no_fork) || (cfg.setsid && getpgrp() == getpid());
}

static _Noreturn void
fork_and_wait(void)
{
	struct fork_how how = { .forward = cfg.forward };
	sigset_t mask;
	pid_t child = fork_forwarding(&how, &mask);

	if (child < 0)
		die_errno("fork");
	if (child == 0)
		run_command();
	exit_like(child_wait(child));
}

int
ns_exec_main(int argc, char **argv)
{
	signal(SIGCHLD, SIG_DFL);
	parse_options(argc, argv);
	check_options();
	open_target();
	follow_context();
	resolve_joins();
	open_target_extras();
	if (HAVE_PTY && cfg.pty) {
		pty_start();
		cfg.setsid = 0; /* done: we lead a session with a terminal */
	}
	enter_namespaces();
	change_dirs();
	apply_environment();
	join_cgroup();
	if (needs_fork())
		fork_and_wait();
	run_command();
}
