/* ns-clone - start a command in new namespaces in one step: clone3(2)
 * with CLONE_PIDFD, the parent sets the namespaces up over a sync pipe
 * (id maps, veth, cgroup, pins) while the child waits, then it execs. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/magic.h>

#include "common/applet.h"
#include "common/child.h"
#include "common/compat.h"
#include "common/cred.h"
#include "common/die.h"
#include "common/format.h"
#include "common/idmap.h"
#include "common/mountinfo.h"
#include "common/netbeside.h"
#include "common/netlink.h"
#include "common/ns.h"
#include "common/opt.h"
#include "common/pin.h"
#include "common/reaper.h"
#include "common/sandbox.h"
#include "common/setup.h"
#include "common/sync.h"

/* Help text and tables are laid out by hand. */
/* clang-format off */
static const char help[] =
"Usage: ns-clone [OPTION]... [--] COMMAND [ARG]...\n"
HELP_TEXT(
"Start COMMAND in new namespaces in one step (clone3), set up from here\n"
"before it runs.\n"
"\n"
"Namespaces:\n"
"  -m -u -i -n -p -U -C -T\tmount, UTS, IPC, network, PID, user, cgroup,\n"
"\ttime (long: --mount --uts --ipc --net --pid\n"
"\t--user --cgroup-ns --time; --cgroup is DIR)\n"
"  -a, --all\tevery type the kernel offers\n"
"\n"
"Identity:\n"
"      --hostname NAME\thost name in the new UTS namespace\n"
"      --domainname NAME\tNIS domain name in the new UTS namespace\n"
"  -r, --map-root-user\tmap our uid and gid to 0 (implies -U)\n"
"      --map-user UID|NAME\tmap our uid to UID (implies -U)\n"
"      --map-group GID|NAME\tmap our gid to GID (implies -U)\n"
"      --map-users MAP\tINNER:OUTER:COUNT, auto, subids or all\n"
"\t(repeatable)\n"
"      --map-groups MAP\tthe same for group ids\n"
"      --map-auto\t--map-users=auto --map-groups=auto\n"
"      --setgroups MODE\tallow or deny\n"
"  -S, --setuid UID\trun COMMAND as UID\n"
"  -G, --setgid GID\trun COMMAND as GID\n"
"\n"
"Filesystem:\n"
"      --mount-proc\tmount proc on /proc (implies -m)\n"
"      --rootfs DIR\tpivot_root into DIR (implies -m); the old root\n"
"\tis detached; proc is mounted there with -p\n"
"      --wd DIR\tworking directory\n"
"      --propagation MODE\tprivate (default), shared, slave, unchanged\n"
"\n"
"Network:\n"
"      --lo\tbring lo up inside\n"
"      --veth HOSTIF[:PEERIF]  a veth pair, PEERIF (eth0) inside; implies -n\n"
"      --addr CIDR\taddress of HOSTIF\n"
"      --peer-addr CIDR\taddress of PEERIF\n"
"\n"
"Time (implies -T):\n"
"      --monotonic SECS\toffset of CLOCK_MONOTONIC\n"
"      --boottime SECS\toffset of CLOCK_BOOTTIME\n"
"\n"
"Process:\n"
"      --init\tPID 1 is a reaper, COMMAND is PID 2 (with -p)\n"
"      --die-with-parent\tkill COMMAND when ns-clone dies\n"
"      --no-forward-signals\tdo not pass signals on to COMMAND\n"
"      --cgroup DIR\tstart in this cgroup v2 directory\n"
"      --pin DIR\tpin every new namespace under DIR\n"
"      --pidfile FILE\tCOMMAND's PID, while it runs\n"
"      --info-fd FD\tJSON: child pid and namespaces, then its exit\n"
"\n");

static const char help_end[] =
"\n"
"  -h, --help\tshow this help\n"
"  -V, --version\tshow the version\n"
"\n"
"Exit status: COMMAND's own; 125 if ns-clone fails, 126 if COMMAND cannot\n"
"run, 127 if it is not found; a signal that kills COMMAND is passed on.\n";

enum {
	OPT_HOSTNAME = 256, OPT_DOMAINNAME, OPT_MOUNT_PROC,
	OPT_ROOTFS, OPT_WD, OPT_PROPAGATION, OPT_LO, OPT_VETH, OPT_ADDR,
	OPT_PEER_ADDR, OPT_MONOTONIC, OPT_BOOTTIME, OPT_INIT,
	OPT_DIE_WITH_PARENT, OPT_NO_FORWARD, OPT_CGROUP, OPT_PIN,
	OPT_PIDFILE, OPT_INFO_FD,
};

static const struct opt_long longopts[] = {
	{ "cgroup-ns", no_argument, 'C' },
	{ "all", no_argument, 'a' },
	{ "hostname", required_argument, OPT_HOSTNAME },
	{ "domainname", required_argument, OPT_DOMAINNAME },
	IDMAP_LONGOPTS,
	{ "setuid", required_argument, 'S' },
	{ "setgid", required_argument, 'G' },
	{ "mount-proc", no_argument, OPT_MOUNT_PROC },
	{ "rootfs", required_argument, OPT_ROOTFS },
	{ "wd", required_argument, OPT_WD },
	{ "propagation", required_argument, OPT_PROPAGATION },
	{ "lo", no_argument, OPT_LO },
	{ "veth", required_argument, OPT_VETH },
	{ "addr", required_argument, OPT_ADDR },
	{ "peer-addr", required_argument, OPT_PEER_ADDR },
	{ "monotonic", required_argument, OPT_MONOTONIC },
	{ "boottime", required_argument, OPT_BOOTTIME },
	{ "init", no_argument, OPT_INIT },
	{ "die-with-parent", no_argument, OPT_DIE_WITH_PARENT },
	{ "no-forward-signals", no_argument, OPT_NO_FORWARD },
	{ "cgroup", required_argument, OPT_CGROUP },
	{ "pin", required_argument, OPT_PIN },
	{ "pidfile", required_argument, OPT_PIDFILE },
	{ "info-fd", required_argument, OPT_INFO_FD },
	SANDBOX_OPTIONS(SB_LONGOPT)
	OPT_HELP_VERSION
};
/* clang-format on */

static const struct opt_spec spec = { help, "arS:G:", longopts, OPT_NS_FLAG };
static const char *const more_help[] = { sandbox_help, help_end, NULL };

/* What the options ask for: the namespaces and their setup in the plan,
 * the rest here. */
static struct setup_plan plan;
static struct sandbox sandbox;
static struct {
	int mount_proc;
	struct veth veth;
	int init, die_with_parent, forward;
	const char *pidfile;
	int info_fd;
	char **command;
} cfg;

/* What the parent made and must take back if the start fails. */
static struct {
	pid_t child;
	int pidfd, cgroup_fd;
	int cgroup_late; /* before Linux 5.7: we move it into --cgroup */
	int veth_made, pidfile_made, pin_dir_made;
	int pidfile_dir;	  /* where --pidfile is (O_PATH) */
	const char *pidfile_name; /* and its name there */
	int parent_free;	  /* nothing to do between clone and go */
} run;

static void
parse_veth(const char *arg)
{
	xveth_parse(&cfg.veth, arg, "--veth");
	plan.flags |= CLONE_NEWNET;
}

static void
parse_options(int argc, char **argv)
{
	unsigned long v;
	int c;

	cfg.forward = 1;
	cfg.info_fd = -1;
	setup_plan_init(&plan);
	sandbox_init(&sandbox);
	if (!strcmp(applet_name, "bwrap")) {
		cfg.command = sandbox_parse_bwrap(&sandbox, &plan, argc, argv);
		return;
	}
	if (HAVE_HELP)
		opt_more_help = more_help;
	while ((c = opt_next(argc, argv, &spec)) != -1) {
		const struct ns_type *type = ns_by_opt(c);

		if (type) {
			plan.flags |= type->flag;
			continue;
		}
		if (setup_idmap_option(&plan, c, opt_arg) ||
		    sandbox_option(&sandbox, &plan, c, argc, argv))
			continue;
		switch (c) {
		case 'a':
			plan.flags |= ns_all_flags();
			break;
		case OPT_HOSTNAME:
			plan.hostname = opt_arg;
			break;
		case OPT_DOMAINNAME:
			plan.domainname = opt_arg;
			break;
		case 'S':
		case 'G':
			cred_option(&plan.cred, c, opt_arg);
			break;
		case OPT_MOUNT_PROC:
			cfg.mount_proc = 1;
			plan.flags |= CLONE_NEWNS;
			break;
		case OPT_ROOTFS:
			plan.rootfs = opt_arg;
			plan.flags |= CLONE_NEWNS;
			break;
		case OPT_WD:
			plan.wd = opt_arg;
			break;
		case OPT_PROPAGATION:
			if (mount_propagation(opt_arg, &plan.propagation) < 0)
				die("unsupported propagation mode: %s",
				    opt_arg);
			break;
		case OPT_LO:
			plan.lo_up = 1;
			break;
		case OPT_VETH:
			parse_veth(opt_arg);
			break;
		case OPT_ADDR:
		case OPT_PEER_ADDR:
			if (nl_cidr_check(opt_arg) < 0)
				die("invalid address \"%s\" (CIDR, e.g. "
				    "169.254.1.1/24)",
				    opt_arg);
			if (c == OPT_ADDR)
				cfg.veth.addr = opt_arg;
			else
				cfg.veth.peer_addr = opt_arg;
			break;
		case OPT_MONOTONIC:
		case OPT_BOOTTIME:
			if (parse_llong(opt_arg,
				c == OPT_MONOTONIC ? &plan.monotonic
						   : &plan.boottime) < 0)
				die("invalid offset '%s' (whole seconds)",
				    opt_arg);
			if (c == OPT_MONOTONIC)
				plan.have_monotonic = 1;
			else
				plan.have_boottime = 1;
			plan.flags |= CLONE_NEWTIME;
			break;
		case OPT_INIT:
			cfg.init = 1;
			break;
		case OPT_DIE_WITH_PARENT:
			cfg.die_with_parent = 1;
			break;
		case OPT_NO_FORWARD:
			cfg.forward = 0;
			break;
		case OPT_CGROUP:
			plan.cgroup = opt_arg;
			break;
		case OPT_PIN:
			plan.pin_dir = opt_arg;
			break;
		case OPT_PIDFILE:
			cfg.pidfile = opt_arg;
			break;
		case OPT_INFO_FD:
			if (parse_ulong(opt_arg, INT_MAX, &v) < 0)
				die("invalid --info-fd '%s'", opt_arg);
			cfg.info_fd = (int)v;
			break;
		default:
			opt_misuse(&spec, "unexpected option");
		}
	}
	cfg.command = argv + opt_ind;
}

/* Everything that can be known to fail is refused before clone. */
static void
check_options(void)
{
	struct stat st;

	if (!cfg.command[0])
		opt_misuse(&spec, "a COMMAND is needed");
	sandbox_check(&sandbox, &plan);
	if (sandbox.bwrap) {
		/* bubblewrap's reaper is PID 1, its failures are status 1 */
		/* (or to hold the lock files and the sync fd) */
		cfg.init = ((plan.flags & CLONE_NEWPID) || sandbox.n_locks ||
			       sandbox.sync_fd >= 0) &&
		    !sandbox.as_pid_1;
		exec_fail_own = 1;
	}
	cfg.die_with_parent |= sandbox.die_with_parent;
	if (plan.hostname || plan.domainname)
		plan.flags |= CLONE_NEWUTS;
	setup_plan_finish(&plan);
	if (cfg.init && !(plan.flags & CLONE_NEWPID) && !sandbox.bwrap)
		die("--init needs a new PID namespace (-p)");
	if ((cfg.veth.addr || cfg.veth.peer_addr) && !cfg.veth.host[0])
		die("--addr and --peer-addr go with --veth");
	if (plan.rootfs && (stat(plan.rootfs, &st) < 0 || !S_ISDIR(st.st_mode)))
		die("--rootfs: %s is not a directory", plan.rootfs);
	if (plan.rootfs && (cfg.mount_proc || (plan.flags & CLONE_NEWPID))) {
		char proc[PATH_MAX];

		format(proc, sizeof(proc), "%s/proc", plan.rootfs);
		if (stat(proc, &st) < 0 || !S_ISDIR(st.st_mode))
			die("--rootfs: %s has no proc directory to mount the "
			    "new PID namespace's proc on",
			    plan.rootfs);
	}
	if (plan.cgroup) {
		struct statfs fs;

		if (statfs(plan.cgroup, &fs) < 0 ||
		    fs.f_type != CGROUP2_SUPER_MAGIC ||
		    stat(plan.cgroup, &st) < 0 || !S_ISDIR(st.st_mode))
			die("--cgroup: %s is not a cgroup v2 directory",
			    plan.cgroup);
	}
	if (cfg.veth.host[0] && if_nametoindex(cfg.veth.host))
		die("--veth: interface %s exists already", cfg.veth.host);
	if (cfg.info_fd >= 0 && fcntl(cfg.info_fd, F_GETFD) < 0)
		die("--info-fd: %d is not an open file descriptor",
		    cfg.info_fd);
	if (plan.pin_dir && (plan.flags & CLONE_NEWNS)) {
		char mp[PATH_MAX];

		if (pin_shared_mount(plan.pin_dir, mp, sizeof(mp)))
			die("--pin: %s is on a shared mount (%s): a mount "
			    "namespace cannot be pinned there (ns-pin "
			    "--make-private prepares it)",
			    plan.pin_dir, mp);
	}
}

/* What the options mean for the plan, once they are known good. */
static void
complete_plan(void)
{
	plan.pid_opts = "-p";
	/* Under a new root, a new PID namespace gets its proc there. */
	if (cfg.mount_proc || (plan.rootfs && (plan.flags & CLONE_NEWPID)))
		plan.proc_dir = "/proc";
}

/* --- the child --------------------------------------------------------- */

static int go_pipe[2] = { -1, -1 }, ready_pipe[2] = { -1, -1 },
	   moved_pipe[2] = { -1, -1 };
static struct net_beside net = { { -1, -1 }, 0, NULL, NULL };

/* Without CLONE_INTO_CGROUP the parent moves us into --cgroup; our new
 * cgroup namespace is made once we are there, to be rooted there. */
static void
child_cgroup(void)
{
	if (!run.cgroup_late)
		return;
	if (sync_wait(moved_pipe) < 0)
		_exit(applet_fail_status); /* the parent failed and said why */
	if ((plan.flags & CLONE_NEWCGROUP) && unshare(CLONE_NEWCGROUP) < 0)
		die_errno("unshare(cgroup)");
}

/* Offsets can be set only before anyone is in the time namespace: so
 * it is made here, unshared, and entered at exec. */
static void
child_time(void)
{
	if (!(plan.flags & CLONE_NEWTIME))
		return;
	if (unshare(CLONE_NEWTIME) < 0) {
		warn_errno("unshare(time)");
		if (errno == EINVAL)
			hint("time namespaces need Linux 5.6");
		exit(applet_fail_status);
	}
	setup_time_offsets(&plan);
}

/* Ready: the parent may set our namespaces up; go: it has. */
static void
child_wait_for_parent(void)
{
	/* EPIPE, EOF: the parent failed and said why; anything else is
	 * ours to say. */
	if (sync_post(ready_pipe) < 0) {
		if (errno != EPIPE)
			die_errno("cannot tell the parent we are ready");
		_exit(applet_fail_status);
	}
	if (sync_wait(go_pipe) < 0) {
		if (errno)
			die_errno("cannot hear from the parent");
		_exit(applet_fail_status);
	}
}

/* Which of PID's (0: our own) id files setup_write_ids() failed on. */
static void
warn_ids(pid_t pid, const char *failed)
{
	char who[16];

	format(who, sizeof(who), pid ? "%d" : "self", (int)pid);
	if (!strcmp(failed, "setgroups")) {
		warn_errno("cannot write \"%s\" to /proc/%s/setgroups",
		    plan.setgroups, who);
	} else if (!strcmp(failed, "uid_map")) {
		warn_errno("cannot write the uid map of %s", who);
		if (errno == EPERM)
			hint("the kernel refused the map: without privilege "
			     "map your own id, or ranges from /etc/subuid");
	} else {
		warn_errno("cannot write the gid map of %s", who);
	}
}

/* With nothing for the parent to do, our own id alone is mapped from
 * here (the kernel allows it, setgroups denied first) and we go on. */
static void
child_write_maps(void)
{
	const char *failed;

	if ((plan.flags & CLONE_NEWUSER) &&
	    setup_write_ids(&plan, 0, SETUP_ALL_IDS, &failed) < 0) {
		warn_ids(0, failed);
		exit(applet_fail_status);
	}
}

/* lo, and with --veth our end of the pair the parent made (lo too). */
static void
child_network(void)
{
	int nl;

	if (net.sock[0] >= 0) {
		net_beside_join(&net);
		return;
	}

	if (!cfg.veth.host[0]) {
		setup_lo(&plan);
		return;
	}
	nl = nl_open();
	if (nl < 0)
		die_errno("netlink");
	if (veth_peer_up(nl, &cfg.veth, NULL) < 0)
		exit(applet_fail_status);
	close(nl);
}

static _Noreturn void
child_main(const sigset_t *mask)
{
	execreport_child();
	/* The info fd is ns-clone's to write, not the command's to keep
	 * (unless it is one of the command's standard ones). */
	if (cfg.info_fd > 2)
		close(cfg.info_fd);
	sandbox_child_start(&sandbox);
	child_cgroup();
	child_time();
	if (run.parent_free)
		child_write_maps();
	else
		child_wait_for_parent();
	setup_identity(&plan);
	setup_mounts(&plan);
	sandbox_apply(&sandbox);
	child_network();
	cred_apply(&plan.cred);
	sandbox_finish(&sandbox);
	if (cfg.init)
		reaper_run(cfg.command, mask);
	exec_command(cfg.command);
}

/* --- the parent ----------------------------------------------------------- */

static void
undo(void)
{
	if (run.veth_made) {
		int nl = nl_open();

		if (nl >= 0) {
			nl_link_del(nl, cfg.veth.host);
			close(nl);
		}
		run.veth_made = 0;
	}
	if (plan.pins.n)
		pinset_undo(&plan.pins);
	if (run.pin_dir_made) {
		rmdir(plan.pin_dir);
		run.pin_dir_made = 0;
	}
	if (run.pidfile_made) {
		unlinkat(run.pidfile_dir, run.pidfile_name, 0);
		run.pidfile_made = 0;
	}
}

/* The parent failed after clone: end the child, take everything back. */
static _Noreturn void
abort_start(void)
{
	if (run.pidfd >= 0)
		sys_pidfd_send_signal(run.pidfd, SIGKILL, NULL, 0);
	else
		kill(run.child, SIGKILL);
	child_wait(run.child);
	undo();
	exit(applet_fail_status);
}

static void
write_maps(void)
{
	const char *failed;

	if (!(plan.flags & CLONE_NEWUSER) ||
	    setup_write_ids(&plan, run.child, SETUP_ALL_IDS, &failed) == 0)
		return;
	warn_ids(run.child, failed);
	abort_start();
}

static void
make_veth(void)
{
	char path[64];
	int nl, nsfd;

	if (!cfg.veth.host[0])
		return;
	format(path, sizeof(path), "/proc/%d/ns/net", (int)run.child);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	nl = nl_open();
	if (nsfd < 0 || nl < 0) {
		warn_errno(
		    "cannot reach the network namespace of %d", (int)run.child);
		abort_start();
	}
	if (veth_make(nl, &cfg.veth, nsfd) < 0)
		abort_start();
	run.veth_made = 1;
	close(nl);
	close(nsfd);
}

/* The child's entry for a type: time is entered at exec, so until then
 * the new one is its time_for_children. */
static const char *
child_entry(const struct ns_type *t)
{
	return t->flag == CLONE_NEWTIME ? t->children : t->proc;
}

static void
make_pins(void)
{
	char path[PATH_MAX];

	if (!plan.pin_dir)
		return;
	if (mkdir(plan.pin_dir, 0755) == 0)
		run.pin_dir_made = 1;
	else if (errno != EEXIST) {
		warn_errno("--pin: cannot create %s", plan.pin_dir);
		abort_start();
	}
	if (pinset_in_dir(&plan.pins, plan.pin_dir) < 0) {
		pin_file_warn(plan.pin_dir);
		abort_start();
	}
	NS_FOREACH(t) {
		if (!(plan.flags & t->flag))
			continue;
		/* Named as the /proc entry they come from: the new time
		 * namespace is the child's time_for_children until exec. */
		format(
		    path, sizeof(path), "%s/%s", plan.pin_dir, child_entry(t));
		if (pin_add_path(
			&plan.pins, t, path, t->flag == CLONE_NEWTIME) < 0) {
			warn_errno("--pin: %s", path);
			abort_start();
		}
	}
	if (pinset_prepare(&plan.pins, run.child, 0) < 0 ||
	    pinset_bind(&plan.pins) < 0)
		abort_start();
}

static void
write_info(void)
{
	char buf[1024], path[64];
	int len, first = 1;

	if (sandbox.bwrap)
		sandbox_write_info(&sandbox, run.child, plan.flags);
	if (cfg.info_fd < 0)
		return;
	len = format(buf, sizeof(buf), "{\"child-pid\":%d,\"namespaces\":{",
	    (int)run.child);
	NS_FOREACH(t) {
		struct stat st;

		format(path, sizeof(path), "/proc/%d/ns/%s", (int)run.child,
		    child_entry(t));
		if (stat(path, &st) < 0)
			continue;
		len +=
		    format(buf + len, sizeof(buf) - (size_t)len, "%s\"%s\":%lu",
			first ? "" : ",", t->name, (unsigned long)st.st_ino);
		first = 0;
	}
	len += format(buf + len, sizeof(buf) - (size_t)len, "}}\n");
	if (write(cfg.info_fd, buf, (size_t)len) != len)
		warn_errno("--info-fd %d", cfg.info_fd);
}

/* The pidfile is written beside itself and renamed into place: a
 * symlink there is replaced, never followed, and a reader never sees a
 * half-written file. What a killed run left beside it goes first. */
static void
write_pidfile(void)
{
	char buf[32], next[NAME_MAX + 8];
	const char *name;
	int fd = -1, n;

	if (!cfg.pidfile)
		return;
	run.pidfile_dir = pin_parent_open(cfg.pidfile, &name);
	run.pidfile_name = name;
	if (run.pidfile_dir >= 0 &&
	    format(next, sizeof(next), ".%s.new", name) < (int)sizeof(next)) {
		unlinkat(run.pidfile_dir, next, 0);
		fd = openat(run.pidfile_dir, next,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	}
	if (fd < 0) {
		warn_errno("--pidfile: cannot create %s", cfg.pidfile);
		abort_start();
	}
	n = format(buf, sizeof(buf), "%d\n", (int)run.child);
	if (write(fd, buf, (size_t)n) != n || close(fd) < 0 ||
	    renameat(run.pidfile_dir, next, run.pidfile_dir, name) < 0) {
		warn_errno("--pidfile: cannot write %s", cfg.pidfile);
		unlinkat(run.pidfile_dir, next, 0);
		abort_start();
	}
	run.pidfile_made = 1;
}

static pid_t
start_child(void)
{
	struct compat_clone_args args;
	pid_t pid;

	memset(&args, 0, sizeof(args));
	/* Time is unshared by the child itself: offsets can only be set
	 * before anyone is in the namespace. */
	args.flags = (uint64_t)(plan.flags & ~CLONE_NEWTIME) | CLONE_PIDFD;
	if (net.sock[0] >= 0)
		args.flags &= ~(uint64_t)CLONE_NEWNET;
	args.pidfd = (uint64_t)(uintptr_t)&run.pidfd;
	args.exit_signal = SIGCHLD;
	if (run.cgroup_fd >= 0) {
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)run.cgroup_fd;
	}
	pid = sys_clone3(&args);
	if (pid < 0 && run.cgroup_fd >= 0 &&
	    (errno == E2BIG || errno == EINVAL || errno == ENOSYS)) {
		/* Before Linux 5.7 (5.3 to 5.6 refuse the longer arguments
		 * with E2BIG): the child is moved by move_to_cgroup(). */
		run.cgroup_late = 1;
		args.flags &= ~(CLONE_INTO_CGROUP | CLONE_NEWCGROUP);
		args.cgroup = 0;
		pid = sys_clone3(&args);
	}
	if (pid < 0 && errno == ENOSYS) {
		/* Before Linux 5.3: clone(2), the child pid as the handle. */
		run.pidfd = -1;
		pid = sys_clone_fork(
		    (unsigned long)(args.flags & ~CLONE_PIDFD) | SIGCHLD);
	}
	return pid;
}

/* Wait through the pidfd where we have one (it cannot name a recycled
 * PID); the status is rebuilt in waitpid()'s form for exit_like(). */
static int
wait_child_pidfd(void)
{
	siginfo_t info;

	if (run.pidfd < 0)
		return child_wait(run.child);
	memset(&info, 0, sizeof(info));
	while (waitid((idtype_t)P_PIDFD, (id_t)run.pidfd, &info, WEXITED) < 0) {
		if (errno == EINTR)
			continue;
		return child_wait(run.child); /* before Linux 5.4 */
	}
	if (info.si_code == CLD_EXITED)
		return (info.si_status & 0xff) << 8;
	return info.si_status & 0x7f; /* killed or dumped: the signal */
}

static void
open_cgroup(void)
{
	if (!plan.cgroup)
		return;
	run.cgroup_fd = open(plan.cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (run.cgroup_fd < 0)
		die_errno("--cgroup: %s", plan.cgroup);
}

/* The child runs child_main(); here it is running and we forward. */
static void
clone_child(void)
{
	struct fork_how how = { cfg.forward, cfg.die_with_parent ? SIGKILL : 0,
		start_child };
	sigset_t mask;
	int err;

	/* Without a handshake (plan_parent_free) only the exec report. */
	if ((!run.parent_free &&
		(pipe2(go_pipe, O_CLOEXEC) < 0 ||
		    pipe2(ready_pipe, O_CLOEXEC) < 0 ||
		    pipe2(moved_pipe, O_CLOEXEC) < 0)) ||
	    execreport_open() < 0)
		die_errno("pipe");
	run.child = fork_forwarding(&how, &mask);
	if (run.child == 0)
		child_main(&mask);
	if (run.child > 0)
		return;
	err = errno;
	/* bwrap: the words scripts match in bubblewrap's message. */
	warn_errno(sandbox.bwrap ? "Creating new namespace failed" : "clone3");
	if (err == EPERM && geteuid() != 0 && !(plan.flags & CLONE_NEWUSER))
		hint("run as root or add -U/-r");
	else if (err == EBUSY && plan.cgroup)
		hint("%s has controllers enabled for its children: a process "
		     "can live only in a leaf cgroup",
		    plan.cgroup);
	exit(applet_fail_status);
}

/* The parent sets the child up from outside only for what the child
 * cannot do itself, or what must be done before the command runs: else
 * there is no handshake (each one a wakeup on the other CPU). */
static void
plan_parent_free(void)
{
	const struct idmap_request *m = &plan.map;
	int uid = plan.map_writer[IDMAP_UID], gid = plan.map_writer[IDMAP_GID];

	if (plan.flags & CLONE_NEWUSER) {
		if ((uid | gid) & ~SETUP_OWN_MAPS)
			return;
		if (uid && m->outer_uid != geteuid())
			return;
		if (gid &&
		    (m->outer_gid != getegid() || !plan.setgroups ||
			strcmp(plan.setgroups, "deny")))
			return;
	}
	if (cfg.veth.host[0] || plan.pin_dir || plan.cgroup || cfg.pidfile ||
	    cfg.info_fd >= 0 || sandbox.info_fd >= 0 || sandbox.json_fd >= 0 ||
	    sandbox.userns_block_fd >= 0)
		return;
	run.parent_free = 1;
}

/* Where nothing outside needs the network namespace before the child
 * runs and the child builds a root first, it is made beside the child
 * (netbeside.h), and in parallel. */
static void
plan_net_beside(void)
{
	if (!(plan.flags & CLONE_NEWNET) || !(sandbox.n || sandbox.root) ||
	    !run.parent_free || sandbox.userns_fd >= 0 || sandbox.pidns_fd >= 0)
		return;
	/* bwrap: the words scripts match in bubblewrap's message. */
	net_beside_open(&net, &plan,
	    sandbox.bwrap ? "Creating new namespace failed"
			  : "cannot make the network namespace");
}

/* The child waits for this before anything else when the kernel could
 * not start it in --cgroup. */
static void
move_to_cgroup(void)
{
	char pid[16];
	int fd = -1, n;

	if (run.cgroup_late) {
		n = format(pid, sizeof(pid), "%d", (int)run.child);
		fd =
		    openat(run.cgroup_fd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, pid, (size_t)n) != n) {
			warn_errno("--cgroup: cannot move %s into %s", pid,
			    plan.cgroup);
			abort_start();
		}
		close(fd);
		sync_post(moved_pipe);
	}
	if (run.cgroup_fd >= 0)
		close(run.cgroup_fd);
}

static void
wait_ready(void)
{
	if (sync_wait(ready_pipe) == 0)
		return;
	/* EOF: the child failed and said why on stderr; pass its status
	 * on. A failed read says nothing of the child, which may be
	 * waiting for us: end it. */
	if (!errno)
		exit_like(child_wait(run.child));
	warn_errno("cannot read the ready pipe of child %d", (int)run.child);
	abort_start();
}

static void
release_child(void)
{
	if (sync_post(go_pipe) < 0) {
		warn_errno("cannot release the child");
		abort_start();
	}
}

/* What we made outlives us only if the command really started. */
static int
wait_and_settle(void)
{
	int reached = execreport_reached();
	int status = wait_child_pidfd();

	if (!reached) {
		undo();
		sandbox.json_fd = -1; /* bubblewrap writes no exit then */
	} else {
		if (plan.pins.n)
			pinset_keep(&plan.pins);
		if (run.pidfile_made &&
		    unlinkat(run.pidfile_dir, run.pidfile_name, 0) < 0)
			warn_errno("--pidfile: cannot remove %s", cfg.pidfile);
	}
	return status;
}

static void
write_exit_info(int status)
{
	char buf[64];
	int n;

	if (cfg.info_fd < 0)
		return;
	n = WIFSIGNALED(status)
	    ? format(
		  buf, sizeof(buf), "{\"exit-signal\":%d}\n", WTERMSIG(status))
	    : format(buf, sizeof(buf), "{\"exit-code\":%d}\n",
		  WEXITSTATUS(status));
	(void)!write(cfg.info_fd, buf, (size_t)n);
}

int
ns_clone_main(int argc, char **argv)
{
	int status;

	signal(SIGCHLD, SIG_DFL);
	parse_options(argc, argv);
	check_options();
	complete_plan();
	run.pidfd = run.cgroup_fd = -1;
	sandbox_prepare(&sandbox);
	open_cgroup();
	sandbox_join(&sandbox);
	plan_parent_free();
	plan_net_beside();
	clone_child();
	if (!run.parent_free) {
		move_to_cgroup();
		wait_ready();
		/* The child waits while we set its namespaces up from
		 * outside. */
		if (sandbox.userns_block_fd < 0)
			write_maps();
		make_veth();
		make_pins();
		write_pidfile();
		write_info();
		sandbox_block_userns(&sandbox);
		release_child();
	}
	if (net_beside_start(&net, run.child) < 0) {
		warn_errno("fork");
		abort_start();
	}
	status = wait_and_settle();
	net_beside_reap(&net);
	write_exit_info(status);
	sandbox_write_exit(&sandbox, status);
	exit_like(status);
}
