/* ns-unshare - leave namespaces with unshare(2), optionally fork, and run
 * a command: util-linux unshare, plus -a, --init and signal forwarding. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/applet.h"
#include "common/child.h"
#include "common/compat.h"
#include "common/cred.h"
#include "common/die.h"
#include "common/format.h"
#include "common/helper.h"
#include "common/idmap.h"
#include "common/mountinfo.h"
#include "common/ns.h"
#include "common/nsfs.h"
#include "common/opt.h"
#include "common/pin.h"
#include "common/reaper.h"
#include "common/setup.h"
#include "common/sync.h"

/* Help text and tables are laid out by hand. */
/* clang-format off */
static const char help[] =
"Usage: ns-unshare [OPTION]... [--] [COMMAND [ARG]...]\n"
HELP_TEXT(
"Run COMMAND (default: $SHELL, else /bin/sh) in new namespaces.\n"
"\n"
"Namespaces (=FILE makes it persistent: bind-mounted onto FILE; for --net a\n"
"FILE without '/' is a name in /run/netns):\n"
"  -m, --mount[=FILE]\tnew mount namespace\n"
"  -u, --uts[=FILE]\tnew UTS namespace (hostname, domainname)\n"
"  -i, --ipc[=FILE]\tnew System V IPC namespace\n"
"  -n, --net[=FILE]\tnew network namespace\n"
"      --lo\tbring lo up in the new network namespace\n"
"  -p, --pid[=FILE]\tnew PID namespace (for children: add -f)\n"
"  -U, --user[=FILE]\tnew user namespace\n"
"  -C, --cgroup[=FILE]\tnew cgroup namespace\n"
"  -T, --time[=FILE]\tnew time namespace (for children)\n"
"  -a, --all\tevery namespace type the kernel offers\n"
"\n"
"Process:\n"
"  -f, --fork\trun COMMAND as a child; its status is ours\n"
"      --init\twith -p: PID 1 is a reaper, COMMAND is PID 2\n"
"\t(implies --fork)\n"
"      --kill-child[=SIG]\tkill COMMAND with SIG (KILL) when we die\n"
"\t(implies --fork)\n"
"      --no-forward-signals\tdo not pass INT TERM HUP QUIT USR1 USR2 WINCH\n"
"\ton to COMMAND (they are passed by default)\n"
"      --forward-signals\tpass them on (implies --fork)\n"
"\n"
"Mounts:\n"
"      --mount-proc[=DIR]\tmount a new proc on DIR (/proc); implies -m\n"
"      --propagation MODE\tprivate (default), shared, slave or unchanged\n"
"  -R, --root DIR\tchroot into DIR\n"
"  -w, --wd DIR\tchange to DIR (after --root)\n"
"      --mount-binfmt[=DIR]\tmount a new binfmt_misc on DIR; implies -U -m;\n"
"\tno DIR: /proc/sys/fs/binfmt_misc, --mount-proc\n"
"  -l, --load-interp STR\tregister STR, :NAME:TYPE:OFFSET:MAGIC:MASK:\n"
"\tINTERPRETER:FLAGS (implies --mount-binfmt)\n"
"\n"
"Users (each implies -U):\n"
"  -r, --map-root-user\tmap our uid and gid to 0 (setgroups deny)\n"
"  -c, --map-current-user\tmap our uid and gid to themselves\n"
"      --map-user UID|NAME\tmap our uid to UID\n"
"      --map-group GID|NAME\tmap our gid to GID (setgroups deny)\n"
"      --map-users MAP\tINNER:OUTER:COUNT, auto, subids or all\n"
"\t(repeatable)\n"
"      --map-groups MAP\tthe same for group ids\n"
"      --map-auto\t--map-users=auto --map-groups=auto\n"
"      --map-subids\t--map-users=subids --map-groups=subids\n"
"      --owner UID:GID\tmake the user namespace as UID:GID\n"
"      --setgroups MODE\tallow or deny setgroups(2) in the namespace\n"
"  -S, --setuid UID\trun COMMAND as UID\n"
"  -G, --setgid GID\trun COMMAND as GID, without supplementary\n"
"\tgroups\n"
"      --keep-caps\tkeep capabilities across exec (ambient set)\n"
"\n"
"Environment of COMMAND:\n"
"      --clear-env\tempty (PATH too)\n"
"      --whitelist-env LIST\tonly the variables named in LIST (NAME,...)\n"
"\n"
"Time (with -T):\n"
"      --monotonic SECS\toffset of CLOCK_MONOTONIC\n"
"      --boottime SECS\toffset of CLOCK_BOOTTIME\n"
"\n"
"  -h, --help\tshow this help\n"
"  -V, --version\tshow the version\n"
"\n"
"Exit status: COMMAND's own; 125 if ns-unshare fails, 126 if COMMAND\n"
"cannot run, 127 if it is not found. A COMMAND killed by signal N is\n"
"passed on as the same signal (the shell shows 128+N); under --init it\n"
"becomes exit status 128+N.\n");

enum {
	OPT_KILL_CHILD = 256, OPT_MOUNT_PROC, OPT_PROPAGATION, OPT_KEEP_CAPS, OPT_MONOTONIC, OPT_BOOTTIME, OPT_INIT,
	OPT_NO_FORWARD, OPT_FORWARD, OPT_LO, OPT_MOUNT_BINFMT, OPT_OWNER, OPT_CLEAR_ENV,
	OPT_WHITELIST_ENV,
};

static const struct opt_long longopts[] = {
	{ "all", no_argument, 'a' },
	{ "lo", no_argument, OPT_LO },
	{ "fork", no_argument, 'f' },
	{ "init", no_argument, OPT_INIT },
	{ "kill-child", optional_argument, OPT_KILL_CHILD },
	{ "no-forward-signals", no_argument, OPT_NO_FORWARD },
	{ "forward-signals", no_argument, OPT_FORWARD },
	{ "mount-proc", optional_argument, OPT_MOUNT_PROC },
	{ "mount-binfmt", optional_argument, OPT_MOUNT_BINFMT },
	{ "load-interp", required_argument, 'l' },
	{ "propagation", required_argument, OPT_PROPAGATION },
	{ "root", required_argument, 'R' },
	{ "wd", required_argument, 'w' },
	IDMAP_LONGOPTS,
	{ "map-current-user", no_argument, 'c' },
	{ "map-subids", no_argument, IDMAP_OPT_MAP_SUBIDS },
	{ "owner", required_argument, OPT_OWNER },
	{ "clear-env", no_argument, OPT_CLEAR_ENV },
	{ "whitelist-env", required_argument, OPT_WHITELIST_ENV },
	{ "setuid", required_argument, 'S' },
	{ "setgid", required_argument, 'G' },
	{ "keep-caps", no_argument, OPT_KEEP_CAPS },
	{ "monotonic", required_argument, OPT_MONOTONIC },
	{ "boottime", required_argument, OPT_BOOTTIME },
	OPT_HELP_VERSION
};

/* clang-format on */

static const struct opt_spec spec = { help, "afR:w:rcS:G:l:", longopts,
	OPT_NS_LONG_ARG };

/* What the options ask for, filled by parse_options(): the namespaces
 * and their setup in the plan, how we run the command here. */
static struct setup_plan plan;
static struct {
	int fork, init, forward, kill_signal;
	char **command;
	struct cred_request owner; /* --owner: who makes the namespaces */
	int clear_env, n_keep;
	const char *keep[16]; /* --whitelist-env lists */
} cfg;

static const char binfmt_default[] = "/proc/sys/fs/binfmt_misc";

/* A name in the netns run directory names one namespace: a second one
 * bound over it would hide the first from ip netns and ns-netns alike
 * (util-linux unshare stacks them), so a name that holds one is refused
 * as ns-netns add refuses it, before anything is made. */
static void
named_netns_is_new(const struct pin *p)
{
	unsigned long ino;

	if (p->in_run_dir > 0 && nsfs_pin_at(p->path, &ino) > 0) {
		errno = EEXIST;
		die_errno("cannot create namespace file \"%s\"", p->path);
	}
}

static void
add_ns(const struct ns_type *type, const char *file)
{
	plan.flags |= type->flag;
	if (!file)
		return;
	if (!HAVE_PINS)
		feature_absent("pins", "--%s=%s", type->longopt, file);
	/* pid and time apply to children: the *_for_children file. */
	if (pin_add(&plan.pins, type, file, 1) < 0)
		die_errno("--%s=%s", type->longopt, file);
	named_netns_is_new(&plan.pins.pin[plan.pins.n - 1]);
}

/* --owner UID:GID: numbers, as util-linux takes them. */
static void
owner_option(const char *arg)
{
	const char *colon = strchr(arg, ':');
	unsigned long uid, gid;
	char num[24] = "";

	if (colon && (size_t)(colon - arg) < sizeof(num))
		memcpy(num, arg, (size_t)(colon - arg));
	if (!colon || parse_ulong(num, UINT_MAX - 1, &uid) < 0 ||
	    parse_ulong(colon + 1, UINT_MAX - 1, &gid) < 0)
		die("--owner: '%s' is not UID:GID", arg);
	cfg.owner = (struct cred_request){
		.set_uid = 1, .set_gid = 1, .uid = (uid_t)uid, .gid = (gid_t)gid
	};
	plan.flags |= CLONE_NEWUSER;
}

static void
whitelist_option(const char *list)
{
	if (strchr(list, '='))
		die("--whitelist-env: '%s' is not a list of names", list);
	if (cfg.n_keep == 16)
		die("--whitelist-env: more than 16 lists");
	cfg.keep[cfg.n_keep++] = list;
}

static void
parse_options(int argc, char **argv)
{
	int c;

	cfg.forward = 1;
	setup_plan_init(&plan);
	plan.pid_opts = "-p -f";
	while ((c = opt_next(argc, argv, &spec)) != -1) {
		const struct ns_type *type = ns_by_opt(c);

		if (type) {
			add_ns(type, opt_arg);
			continue;
		}
		if (setup_idmap_option(&plan, c, opt_arg))
			continue;
		switch (c) {
		case 'a':
			plan.flags |= ns_all_flags();
			break;
		case 'f':
			cfg.fork = 1;
			break;
		case OPT_INIT:
			cfg.init = cfg.fork = 1;
			break;
		case OPT_KILL_CHILD:
			cfg.kill_signal =
			    opt_arg ? signal_from_name(opt_arg) : SIGKILL;
			if (cfg.kill_signal < 0)
				die("unknown signal: %s", opt_arg);
			cfg.fork = 1;
			break;
		case OPT_NO_FORWARD:
			cfg.forward = 0;
			break;
		case OPT_LO:
			plan.lo_up = 1;
			break;
		case OPT_FORWARD:
			cfg.forward = cfg.fork = 1;
			break;
		case OPT_MOUNT_PROC:
			plan.proc_dir = opt_arg ? opt_arg : "/proc";
			plan.flags |= CLONE_NEWNS;
			break;
		case 'l':
			plan.interp = opt_arg;
			if (!plan.binfmt_dir)
				plan.binfmt_dir = binfmt_default;
			plan.flags |= CLONE_NEWNS | CLONE_NEWUSER;
			break;
		case OPT_MOUNT_BINFMT:
			plan.binfmt_dir = opt_arg ? opt_arg : binfmt_default;
			plan.flags |= CLONE_NEWNS | CLONE_NEWUSER;
			break;
		case OPT_OWNER:
			owner_option(opt_arg);
			break;
		case OPT_CLEAR_ENV:
			cfg.clear_env = 1;
			break;
		case OPT_WHITELIST_ENV:
			whitelist_option(opt_arg);
			break;
		case OPT_PROPAGATION:
			if (mount_propagation(opt_arg, &plan.propagation) < 0)
				die("unsupported propagation mode: %s",
				    opt_arg);
			break;
		case 'R':
			plan.root = opt_arg;
			break;
		case 'w':
			plan.wd = opt_arg;
			break;
		case 'S':
		case 'G':
			cred_option(&plan.cred, c, opt_arg);
			break;
		case OPT_KEEP_CAPS:
			plan.cred.keep_caps = 1;
			break;
		case OPT_MONOTONIC:
			if (parse_llong(opt_arg, &plan.monotonic) < 0)
				die("failed to parse monotonic offset '%s'",
				    opt_arg);
			plan.have_monotonic = 1;
			break;
		case OPT_BOOTTIME:
			if (parse_llong(opt_arg, &plan.boottime) < 0)
				die("failed to parse boottime offset '%s'",
				    opt_arg);
			plan.have_boottime = 1;
			break;
		default:
			opt_misuse(&spec, "unexpected option");
		}
	}
	cfg.command = argv + opt_ind;
}

/* Combinations that cannot work are refused before anything changes. */
static void
check_options(void)
{
	char mp[4096];

	/* The default binfmt_misc directory is in proc: a new one, whose
	 * binfmt_misc the new instance is mounted on (as util-linux). */
	if (plan.binfmt_dir == binfmt_default && !plan.proc_dir)
		plan.proc_dir = "/proc";
	setup_plan_finish(&plan);
	if (cfg.init && !(plan.flags & CLONE_NEWPID))
		die("--init needs a new PID namespace (-p)");
	for (int i = 0; i < pinset_count(&plan.pins); i++) {
		const struct pin *p = &plan.pins.pin[i];

		/* time_for_children exists from unshare(2) on, but the
		 * kernel shows pid_for_children only once a child is in
		 * it. */
		if (p->type->flag == CLONE_NEWPID && !cfg.fork)
			die("--%s=%s: a %s namespace exists only once a child "
			    "is in it: add --fork",
			    p->type->longopt, p->path, p->type->name);
		if (p->type->flag == CLONE_NEWNS &&
		    pin_shared_mount(p->path, mp, sizeof(mp))) {
			warn("--mount=%s: %s is a shared mount; a mount "
			     "namespace cannot be pinned on it (it would "
			     "propagate into itself)",
			    p->path, mp);
			hint(
			    "pin it on a private mount, e.g. mkdir -p DIR && "
			    "mount --bind DIR DIR && mount --make-private DIR");
			exit(EXIT_OWN_FAIL);
		}
	}
}

/* Our uid/gid ranges go through a helper forked before unshare: after
 * it we have no privilege in the parent user namespace to write them.
 * Under --owner we cannot write even our own (we gave up root, so our
 * /proc files are root's): the helper writes all the ids. */
static struct helper idmap_helper;
static int helper_writes = SETUP_OUTSIDE_MAPS;

static int
idmap_request(void *arg, char request)
{
	pid_t parent = *(pid_t *)arg;
	const char *failed;

	if (request != 'w')
		return 0;
	if (setup_write_ids(&plan, parent, helper_writes, &failed) < 0) {
		warn_errno("cannot write %s of %d", failed, (int)parent);
		return -1;
	}
	return 0;
}

static void
start_helpers(void)
{
	static pid_t self;
	int need_pin_helper = plan.flags & (CLONE_NEWNS | CLONE_NEWUSER);
	int writes = plan.map_writer[IDMAP_UID] | plan.map_writer[IDMAP_GID] |
	    (plan.setgroups ? SETUP_SETGROUPS : 0);

	self = getpid();
	if (pinset_count(&plan.pins) &&
	    pinset_prepare(&plan.pins, self, need_pin_helper) < 0)
		exit(EXIT_OWN_FAIL);
	if (cfg.owner.set_uid)
		helper_writes = SETUP_ALL_IDS;
	if (!(writes & helper_writes))
		return;
	if (helper_start(&idmap_helper, idmap_request, &self) < 0)
		die_errno("fork");
}

/* --owner: the namespaces are made by UID:GID, once the helpers that
 * keep our privilege outside are forked. */
static void
become_owner(void)
{
	if (cfg.owner.set_uid)
		cred_apply(&cfg.owner);
}

/* Why unshare(2) may have said ERR, where the kernel shows it. */
static void
hint_unshare_failed(int err)
{
	if (!HAVE_HELP)
		return;
	if (err == EPERM && geteuid() != 0 && !(plan.flags & CLONE_NEWUSER))
		hint("run as root or add -U/-r");
	else if (err == EPERM && in_chroot() == 1)
		hint("the kernel makes no user namespace in a chroot: run it "
		     "outside");
	else if (err == EPERM)
		hint("user namespaces may be disabled here "
		     "(/proc/sys/user/max_user_namespaces, AppArmor)");
	else if (err == EINVAL && (plan.flags & CLONE_NEWTIME))
		hint("time namespaces need Linux 5.6");
	else if (err == EINVAL && (plan.flags & CLONE_NEWUSER))
		hint("a new user namespace cannot be made from a "
		     "multithreaded process");
	else if (err == ENOSPC || err == EUSERS)
		hint("too many namespaces: see /proc/sys/user/max_*");
}

static void
do_unshare(void)
{
	char names[64];
	int err;

	if (unshare(plan.flags) == 0)
		return;
	err = errno;
	warn_errno(
	    "unshare(%s)", ns_flags_str(plan.flags, names, sizeof(names)));
	hint_unshare_failed(err);
	exit(EXIT_OWN_FAIL);
}

/* Write the ids which names (SETUP_*) of our new user namespace. */
static void
write_own_ids(int which)
{
	const char *failed;
	int uid;

	if (setup_write_ids(&plan, 0, which, &failed) == 0)
		return;
	if (!strcmp(failed, "setgroups"))
		die_errno("cannot write \"%s\" to /proc/self/setgroups",
		    plan.setgroups);
	uid = !strcmp(failed, "uid_map");
	warn_errno("cannot write /proc/self/%s \"%lu %lu 1\"", failed,
	    uid ? (unsigned long)plan.map.inner_uid
		: (unsigned long)plan.map.inner_gid,
	    uid ? (unsigned long)plan.map.outer_uid
		: (unsigned long)plan.map.outer_gid);
	if (errno == EPERM)
		hint("without privilege only your own id can be mapped; map "
		     "ranges with --map-users and /etc/sub%cid",
		    uid ? 'u' : 'g');
	exit(EXIT_OWN_FAIL);
}

/* setgroups first; then the helper, if any, writes the ranges from
 * outside, and last we our own id (see setup_write_ids for the order). */
static void
map_ids(void)
{
	int own = SETUP_ALL_IDS & ~helper_writes, rc;

	if (!(plan.flags & CLONE_NEWUSER))
		return;
	if (idmap_helper.pid <= 0) {
		write_own_ids(own & (SETUP_SETGROUPS | SETUP_OWN_MAPS));
		return;
	}
	write_own_ids(own & SETUP_SETGROUPS);
	rc = helper_call(&idmap_helper, 'w');
	helper_end(&idmap_helper);
	if (rc < 0)
		exit(EXIT_OWN_FAIL);
	write_own_ids(own & SETUP_OWN_MAPS);
}

/* Is the variable VAR=... named in a --whitelist-env list? */
static int
env_kept(const char *var)
{
	size_t len = strcspn(var, "=");

	for (int i = 0; i < cfg.n_keep; i++)
		for (const char *name = cfg.keep[i];; name++) {
			size_t n = strcspn(name, ",");

			if (n == len && len && !strncmp(name, var, len))
				return 1;
			name += n;
			if (!*name)
				break;
		}
	return 0;
}

/* --clear-env, --whitelist-env: last, so what we run ourselves
 * (newuidmap) still had the caller's environment; before the command
 * is looked up, which goes by the new PATH (as util-linux). */
static void
filter_environment(void)
{
	char **kept = environ;

	if (!cfg.clear_env && !cfg.n_keep)
		return;
	for (char **var = environ; *var; var++)
		if (env_kept(*var))
			*kept++ = *var;
	*kept = NULL;
}

/* Without --fork, pins are bound last, once nothing else can fail before
 * exec; a command that cannot be found is reported first. */
static int
command_findable(const char *name)
{
	char path[4096];
	const char *dirs = getenv("PATH");

	if (!name || strchr(name, '/'))
		return !name || access(name, X_OK) == 0;
	if (!dirs)
		dirs = "/usr/local/bin:/bin:/usr/bin";
	while (*dirs) {
		size_t len = strcspn(dirs, ":");

		format(path, sizeof(path), "%.*s/%s", (int)len, dirs, name);
		if (access(path, X_OK) == 0)
			return 1;
		dirs += len + (dirs[len] == ':');
	}
	return 0;
}

/* The command's side: everything after the fork (or instead of it). */
static _Noreturn void
run_command(const sigset_t *mask)
{
	setup_mounts(&plan);
	filter_environment();
	if (!cfg.fork && pinset_count(&plan.pins)) {
		if (!command_findable(cfg.command[0]))
			exec_command(cfg.command);
		if (pinset_bind(&plan.pins) < 0)
			exit(EXIT_OWN_FAIL);
		pinset_keep(&plan.pins);
	}
	cred_apply(&plan.cred);
	if (cfg.init)
		reaper_run(cfg.command, mask);
	exec_command(cfg.command);
}

/* A parent that dies must not leave the command behind (--kill-child):
 * the child gets the signal, or does not start if we are gone already. */
static _Noreturn void
fork_and_wait(void)
{
	struct fork_how how = { cfg.forward, cfg.kill_signal, NULL };
	int go[2] = { -1, -1 };
	sigset_t mask;
	pid_t child;

	/* Pins can be bound only once the child exists (pid_for_children),
	 * so the child waits for them and reports if it fails before exec. */
	if (pinset_count(&plan.pins) &&
	    (pipe2(go, O_CLOEXEC) < 0 || execreport_open() < 0))
		die_errno("pipe");
	child = fork_forwarding(&how, &mask);
	if (child < 0)
		die_errno("fork");
	if (child == 0) {
		if (pinset_count(&plan.pins)) {
			execreport_child();
			if (sync_wait(go) < 0)
				_exit(EXIT_OWN_FAIL); /* we said why */
		}
		run_command(&mask);
	}
	if (pinset_count(&plan.pins)) {
		if (pinset_bind(&plan.pins) < 0) {
			kill(child, SIGKILL);
			child_wait(child);
			exit(EXIT_OWN_FAIL);
		}
		if (sync_post(go) < 0)
			die_errno("cannot start the child");
		/* Pins outlive us only if the command really started. */
		if (execreport_reached())
			pinset_keep(&plan.pins);
		else
			pinset_undo(&plan.pins);
	}
	exit_like(child_wait(child));
}

int
ns_unshare_main(int argc, char **argv)
{
	sigset_t mask;

	/* An inherited SIG_IGN would make waitpid() lose our child. */
	signal(SIGCHLD, SIG_DFL);
	parse_options(argc, argv);
	check_options();
	start_helpers(); /* before unshare: they stay outside */
	become_owner();
	do_unshare();
	map_ids();
	setup_lo(&plan);
	setup_time_offsets(&plan);
	if (cfg.fork)
		fork_and_wait();
	sigprocmask(SIG_SETMASK, NULL, &mask);
	run_command(&mask);
}
