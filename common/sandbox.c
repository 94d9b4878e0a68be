/* sandbox.c - bubblewrap's sandbox: its options (under ns-clone's grammar
 * and bubblewrap's own), what they mean together, bubblewrap's JSON, and
 * the last steps before exec. The new root is built in newroot.c. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <linux/seccomp.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/caps.h"
#include "common/child.h"
#include "common/compat.h"
#include "common/die.h"
#include "common/format.h"
#include "common/ns.h"
#include "common/opt.h"
#include "common/out.h"
#include "common/sandbox.h"
#include "common/xalloc.h"

/* clang-format off */
static const struct {
	const char *name;
	unsigned char words;
	short code;
} options[] = {
#define SB_ENTRY(name, words, code) { name, words, code },
	SANDBOX_OPTIONS(SB_ENTRY) SANDBOX_BWRAP_ONLY(SB_ENTRY)
#undef SB_ENTRY
};

const char sandbox_help[] =
"Sandbox (a new root, built in the order given; see BWRAP in the manual):\n"
"      --bind SRC DEST\tbind SRC (a host path) on DEST (in the new root)\n"
"      --bind-try SRC DEST\tthe same; nothing if SRC is missing\n"
"      --dev-bind SRC DEST\tbind, devices allowed\n"
"      --dev-bind-try SRC DEST  the same; nothing if SRC is missing\n"
"      --ro-bind SRC DEST\tbind read-only, with the mounts under it\n"
"      --ro-bind-try SRC DEST   the same; nothing if SRC is missing\n"
"      --remount-ro DEST\tmake the mount on DEST read-only\n"
"      --proc DEST\tproc on DEST\n"
"      --dev DEST\ta minimal /dev on DEST\n"
"      --tmpfs DEST\ta tmpfs on DEST\n"
"      --mqueue DEST\tan mqueue file system on DEST\n"
"      --dir DEST\ta directory DEST\n"
"      --symlink SRC DEST\ta symlink DEST to SRC\n"
"      --chmod OCTAL PATH\tchange the mode of PATH\n"
"      --perms OCTAL\tmode of the next --dir, --tmpfs, --file or\n"
"\t--bind-data\n"
"      --size BYTES\tsize of the next --tmpfs\n"
"      --bind-fd FD DEST\tbind what FD is open on, on DEST\n"
"      --ro-bind-fd FD DEST\tthe same, read-only\n"
"      --file FD DEST\ta file DEST with what FD reads\n"
"      --bind-data FD DEST\tthe same, bound on DEST from outside the root\n"
"      --ro-bind-data FD DEST   the same, read-only\n"
"      --chdir DIR\tworking directory in the new root\n"
"      --unshare-user\ta new user namespace\n"
"      --unshare-user-try\tthe same\n"
"      --unshare-ipc\ta new IPC namespace\n"
"      --unshare-pid\ta new PID namespace\n"
"      --unshare-net\ta new network namespace, lo up\n"
"      --unshare-uts\ta new UTS namespace\n"
"      --unshare-cgroup\ta new cgroup namespace\n"
"      --unshare-cgroup-try\tthe same\n"
"      --unshare-all\tall of the above\n"
"      --share-net\tafter --unshare-all: keep the network\n"
"      --uid UID\tour uid in the new user namespace\n"
"      --gid GID\tour gid in the new user namespace\n"
"      --setenv VAR VALUE\tset VAR in COMMAND's environment\n"
"      --unsetenv VAR\tunset VAR\n"
"      --clearenv\tunset every variable\n"
"      --new-session\ta new session (setsid)\n"
"      --as-pid-1\twith --unshare-pid: COMMAND is PID 1, no reaper\n"
"      --argv0 VALUE\tCOMMAND's argv[0]\n"
"      --cap-add CAP\tkeep CAP (cap_net_admin, net_admin, 12 or ALL)\n"
"      --cap-drop CAP\tdrop CAP (the same names)\n"
"      --seccomp FD\tload a compiled seccomp program (BPF) from FD\n"
"      --add-seccomp-fd FD   the same; repeatable, each one applied\n"
"      --overlay-src SRC\ta lower layer of the next overlay (bottom first)\n"
"      --overlay RWSRC WORKDIR DEST  an overlay on DEST, writes to RWSRC\n"
"      --tmp-overlay DEST\tthe same, writes kept in the sandbox only\n"
"      --ro-overlay DEST\tthe same, read-only (two layers or more)\n"
"      --userns FD\tjoin this user namespace instead of making one\n"
"      --userns2 FD\tjoin this one once the new root is entered\n"
"      --pidns FD\tstart in this PID namespace\n"
"      --disable-userns\tno user namespace can be made inside\n"
"      --assert-userns-disabled  fail unless none can be made inside\n"
"      --block-fd FD\twait for a byte on FD before running COMMAND\n"
"      --exec-label LABEL\tSELinux context COMMAND runs in\n"
"      --file-label LABEL\tSELinux context of the files made\n";

static const char bwrap_usage[] =
"usage: bwrap [OPTIONS...] [--] COMMAND [ARGS...]\n"
HELP_TEXT(
"\n"
"      --help\tPrint this help\n"
"      --version\tPrint version\n"
"      --hostname NAME\thost name (with --unshare-uts)\n"
"      --die-with-parent\tkill COMMAND when bwrap dies\n"
"      --info-fd FD\tJSON: COMMAND's pid and namespaces\n"
"      --json-status-fd FD\tthe same on one line, then its exit code\n"
"      --args FD\tmore options, NUL-separated, read from FD\n"
"      --level-prefix\tmessages start with their syslog level (<3>)\n"
"      --userns-block-fd FD  with --info-fd: wait on FD while the id\n"
"\tmaps are written from outside\n"
"      --sync-fd FD\tan fd PID 1 keeps open while the sandbox lives\n"
"      --lock-file DEST\ta read lock on DEST while the sandbox lives\n"
"\n");
/* clang-format on */

void
sandbox_init(struct sandbox *sb)
{
	memset(sb, 0, sizeof(*sb));
	sb->perms = -1u;
	sb->uid = sb->gid = -1;
	sb->info_fd = sb->json_fd = -1;
	sb->userns_fd = sb->userns2_fd = sb->pidns_fd = -1;
	sb->block_fd = sb->userns_block_fd = sb->sync_fd = -1;
	sb->proc_fd = -1;
	sb->nested_uid = sb->nested_gid = -1;
	sb->caps = ~(uint64_t)0;
}

static int
words_of(int code)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (options[i].code == code)
			return options[i].words;
	return -1;
}

static const char *
name_of(int code)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (options[i].code == code)
			return options[i].name;
	return "";
}

static unsigned int
parse_octal(const char *s, const char *what)
{
	unsigned long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '7' && v <= 07777; p++)
		v = v * 8 + (unsigned long)(*p - '0');
	if (!*s || *p || v > 07777)
		die("%s takes an octal argument <= 07777", what);
	return (unsigned int)v;
}

/* A new last entry of the list *ops of *n. */
static struct sandbox_op *
append_op(struct sandbox_op **ops, int *n, int kind, const char *src,
    const char *dest)
{
	struct sandbox_op *op;

	*ops = xrealloc(*ops, (size_t)(*n + 1) * sizeof(**ops));
	op = &(*ops)[(*n)++];
	op->kind = (unsigned char)(kind - SB_FIRST);
	op->src = src;
	op->dest = dest;
	return op;
}

/* A root operation, taking --perms and --size given before it. */
static void
add_op(struct sandbox *sb, int kind, const char *src, const char *dest)
{
	struct sandbox_op *op = append_op(&sb->ops, &sb->n, kind, src, dest);

	op->mode = sb->perms;
	op->size = sb->size;
	sb->perms = -1u;
	sb->size = 0;
}

static long
parse_id(const char *s, const char *what)
{
	unsigned long v;

	if (parse_ulong(s, 0xfffffffeUL, &v) < 0)
		die("%s: invalid id '%s'", what, s);
	return (long)v;
}

/* All FD has to give, NUL-terminated (its length in len), and FD
 * closed: --seccomp's program, --args's words. */
static char *
read_whole(int fd, size_t *len, const char *what)
{
	size_t size = 0;
	char *data = NULL;
	ssize_t n;

	*len = 0;
	do {
		if (*len + 1 >= size)
			data = xrealloc(data, size = size ? 2 * size : 4096);
		n = read(fd, data + *len, size - *len - 1);
		if (n < 0 && errno != EINTR)
			die_errno("Can't read %s", what);
		if (n > 0)
			*len += (size_t)n;
	} while (n);
	data[*len] = '\0';
	close(fd);
	return data;
}

static int
parse_fd(const char *s)
{
	unsigned long v;

	if (parse_ulong(s, INT_MAX, &v) < 0)
		die("Invalid fd: %s", s);
	return (int)v;
}

/* SELinux, without libselinux: it is on when selinuxfs is mounted, and
 * a context is valid when selinuxfs takes it. */
static void
check_label(const char *label)
{
	int fd = open("/sys/fs/selinux/context", O_RDWR | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		die("labeling not supported on this system");
	n = write(fd, label, strlen(label) + 1);
	close(fd);
	if (n < 0)
		die_errno("invalid label %s", label);
}

/* Our SELinux attribute NAME (exec, fscreate) becomes label. */
static int
write_attr(const char *name, const char *label)
{
	char path[64];
	int fd, n;

	format(path, sizeof(path), "/proc/thread-self/attr/%s", name);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0)
		return -1;
	n = (int)write(fd, label, strlen(label));
	close(fd);
	return n < 0 ? -1 : 0;
}

static void
overlay_src_misplaced(void)
{
	die("--overlay-src must be followed by another --overlay-src or one "
	    "of --overlay, --tmp-overlay, or --ro-overlay");
}

/* --cap-add's and --cap-drop's argument as a set. */
static uint64_t
cap_bits(const char *name)
{
	int cap = caps_from_name(name);

	if (!strcasecmp(name, "ALL"))
		return ~(uint64_t)0;
	if (cap < 0)
		die("unknown cap: %s", name);
	return (uint64_t)1 << cap;
}

/* A program's fd, read by sandbox_prepare(): parsing only looks. */
static void
add_filter(struct sandbox *sb, const char *fdarg)
{
	sb->filter_fds = xrealloc(sb->filter_fds,
	    (size_t)(sb->n_filters + 1) * sizeof(*sb->filter_fds));
	sb->filter_fds[sb->n_filters++] = parse_fd(fdarg);
}

void
sandbox_prepare(struct sandbox *sb)
{
	size_t len;

	for (int i = 0; i < sb->n_env; i++) {
		const struct sandbox_op *e = &sb->env[i];

		if (e->kind + SB_FIRST == SB_CLEARENV)
			clearenv();
		else if (e->kind + SB_FIRST == SB_UNSETENV)
			unsetenv(e->src);
		else if (setenv(e->src, e->dest, 1) < 0)
			die_errno("--setenv %s", e->src);
	}

	if (sb->exec_label)
		check_label(sb->exec_label);
	if (sb->file_label)
		check_label(sb->file_label);
	if (sb->n_filters)
		sb->filters = xrealloc(
		    NULL, (size_t)sb->n_filters * sizeof(*sb->filters));
	for (int i = 0; i < sb->n_filters; i++) {
		char *prog =
		    read_whole(sb->filter_fds[i], &len, "seccomp data");

		if (len % 8)
			die("Invalid seccomp data, must be multiple of 8");
		sb->filters[i].len = (unsigned short)(len / 8);
		sb->filters[i].filter = (struct sock_filter *)prog;
	}
}

/* What one option asks for; a1 and a2 are the words after it. */
static void
take(struct sandbox *sb, struct setup_plan *p, int c, char **w)
{
	char *a1 = w[0], *a2 = w[1];
	unsigned long v;

	if (sb->perms != -1u && c != SB_TMPFS && c != SB_DIR && c != SB_SIZE &&
	    c != SB_PERMS && (c < SB_FILE || c > SB_RO_BIND_DATA))
		die("--perms must be followed by an option that creates a "
		    "file");
	if (sb->size && c != SB_TMPFS && c != SB_PERMS && c != SB_SIZE)
		die("--size must be followed by --tmpfs");
	if (sb->overlay_srcs && (c < SB_OVERLAY_SRC || c > SB_RO_OVERLAY))
		overlay_src_misplaced();
	switch (c) {
	case SB_BIND ... SB_RO_BIND_TRY:
	case SB_SYMLINK:
		add_op(sb, c, a1, a2);
		break;
	case SB_REMOUNT_RO ... SB_DIR:
		add_op(sb, c, NULL, a1);
		break;
	case SB_CHMOD:
		sb->perms = parse_octal(a1, "--chmod");
		add_op(sb, c, NULL, a2);
		break;
	case SB_BIND_FD ... SB_RO_BIND_DATA:
		add_op(sb, c, a1, a2);
		sb->ops[sb->n - 1].fd = parse_fd(a1);
		break;
	case SB_AS_PID_1:
		sb->as_pid_1 = 1;
		break;
	case SB_ARGV0:
		exec_argv0 = a1;
		break;
	case SB_INFO_FD:
		sb->info_fd = parse_fd(a1);
		break;
	case SB_JSON_STATUS_FD:
		sb->json_fd = parse_fd(a1);
		break;
	case SB_USERNS:
		sb->userns_fd = parse_fd(a1);
		break;
	case SB_USERNS2:
		sb->userns2_fd = parse_fd(a1);
		break;
	case SB_PIDNS:
		sb->pidns_fd = parse_fd(a1);
		break;
	case SB_BLOCK_FD:
		sb->block_fd = parse_fd(a1);
		break;
	case SB_USERNS_BLOCK_FD:
		sb->userns_block_fd = parse_fd(a1);
		break;
	case SB_SYNC_FD:
		sb->sync_fd = parse_fd(a1);
		break;
	case SB_DISABLE_USERNS:
		sb->disable_userns = 1;
		break;
	case SB_ASSERT_USERNS_DISABLED:
		sb->assert_userns_disabled = 1;
		break;
	case SB_LOCK_FILE:
		sb->lock_files = xrealloc(sb->lock_files,
		    (size_t)(sb->n_locks + 1) * sizeof(*sb->lock_files));
		sb->lock_files[sb->n_locks++] = a1;
		break;
	case SB_EXEC_LABEL:
		sb->exec_label = a1;
		break;
	case SB_FILE_LABEL:
		sb->file_label = a1;
		break;
	case SB_PERMS:
		if (sb->perms != -1u)
			die("--perms given twice for the same action");
		sb->perms = parse_octal(a1, "--perms");
		break;
	case SB_SIZE:
		if (sb->size)
			die("--size given twice for the same action");
		if (parse_ulong(a1, SIZE_MAX / 2, &v) < 0 || !v)
			die("--size takes a non-zero number of bytes");
		sb->size = v;
		break;
	case SB_CHDIR:
		if (sb->chdir && sb->bwrap)
			warn("Only the last --chdir option will take effect");
		sb->chdir = a1;
		break;
	case SB_UNSHARE_USER_TRY:
		sb->user_try = 1;
		p->flags |= ns_all_flags() & CLONE_NEWUSER;
		break;
	case SB_UNSHARE_USER:
		p->flags |= CLONE_NEWUSER;
		break;
	case SB_UNSHARE_IPC:
		p->flags |= CLONE_NEWIPC;
		break;
	case SB_UNSHARE_PID:
		p->flags |= CLONE_NEWPID;
		break;
	case SB_UNSHARE_NET:
		p->flags |= CLONE_NEWNET;
		sb->lo = 1;
		break;
	case SB_UNSHARE_UTS:
		p->flags |= CLONE_NEWUTS;
		break;
	case SB_UNSHARE_CGROUP:
		p->flags |= CLONE_NEWCGROUP;
		break;
	case SB_UNSHARE_CGROUP_TRY:
		p->flags |= ns_all_flags() & CLONE_NEWCGROUP;
		break;
	case SB_UNSHARE_ALL: /* the -try ones of user and cgroup */
		p->flags |= CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNET |
		    CLONE_NEWUTS |
		    (ns_all_flags() & (CLONE_NEWUSER | CLONE_NEWCGROUP));
		sb->lo = 1;
		break;
	case SB_SHARE_NET:
		p->flags &= ~CLONE_NEWNET;
		sb->lo = 0;
		break;
	case SB_UID:
		sb->uid = parse_id(a1, "--uid");
		break;
	case SB_GID:
		sb->gid = parse_id(a1, "--gid");
		break;
	case SB_SETENV ... SB_CLEARENV: /* done in order by sandbox_prepare */
		append_op(&sb->env, &sb->n_env, c, a1, a2);
		break;
	case SB_NEW_SESSION:
		sb->new_session = 1;
		break;
	case SB_HOSTNAME:
		p->hostname = a1;
		break;
	case SB_DIE_WITH_PARENT:
		sb->die_with_parent = 1;
		break;
	case SB_CAP_ADD:
		sb->caps_given = 1;
		sb->caps |= cap_bits(a1);
		break;
	case SB_CAP_DROP:
		sb->caps_given = 1;
		sb->caps &= ~cap_bits(a1);
		break;
	case SB_SECCOMP:
		if (sb->seccomp_fd_given == 2)
			die("--seccomp cannot be combined with "
			    "--add-seccomp-fd");
		if (sb->seccomp_fd_given == 1) {
			warn("Only the last --seccomp option will take effect");
			sb->n_filters = 0;
		}
		sb->seccomp_fd_given = 1;
		add_filter(sb, a1);
		break;
	case SB_ADD_SECCOMP_FD:
		if (sb->seccomp_fd_given == 1)
			die("--add-seccomp-fd cannot be combined with "
			    "--seccomp");
		sb->seccomp_fd_given = 2;
		add_filter(sb, a1);
		break;
	case SB_OVERLAY_SRC:
		add_op(sb, c, a1, NULL);
		sb->overlay_srcs++;
		break;
	case SB_OVERLAY:
	case SB_TMP_OVERLAY:
	case SB_RO_OVERLAY:
		if (sb->overlay_srcs < (c == SB_RO_OVERLAY ? 2 : 1))
			die("--%s requires at least %s --overlay-src",
			    name_of(c), c == SB_RO_OVERLAY ? "two" : "one");
		if (c == SB_OVERLAY) {
			add_op(sb, c, a1, w[2]);
			sb->ops[sb->n - 1].work = a2;
		} else {
			add_op(sb, c, NULL, a1);
		}
		sb->overlay_srcs = 0;
		break;
	case SB_LEVEL_PREFIX:
		message_levels = 1;
		break;
	}
}

int
sandbox_option(
    struct sandbox *sb, struct setup_plan *p, int c, int argc, char **argv)
{
	char *w[3] = { opt_arg, NULL, NULL };
	int words;

	if (c <= SB_FIRST || c >= SB_END)
		return 0;
	words = words_of(c);
	if (opt_ind + words - 1 > argc)
		die("--%s takes %d arguments", name_of(c), words);
	for (int i = 1; i < words; i++)
		w[i] = argv[opt_ind++];
	take(sb, p, c, w);
	return 1;
}

/* argv[0] as given: bubblewrap's usage line names it so. */
static const char *bwrap_argv0 = "bwrap";

static _Noreturn void
bwrap_help(int fd, int status)
{
	const size_t name_end = sizeof("usage: bwrap") - 1;
	const char *rest = strchr(bwrap_usage, '\n') + 1;
	char line[PATH_MAX + 64];
	int n = format(line, sizeof(line), "usage: %s%.*s", bwrap_argv0,
	    (int)(rest - bwrap_usage - name_end), bwrap_usage + name_end);

	/* bubblewrap's is the whole help; on stderr its first line will do */
	if (fd != STDOUT_FILENO) {
		(void)write_all(fd, line, (size_t)n);
		exit(status);
	}
	out_str(line);
	opt_print_help(bwrap_usage, rest);
	if (HAVE_HELP)
		opt_print_help(bwrap_usage, sandbox_help);
	exit(out_flush() < 0 ? 1 : status);
}

/* bubblewrap's options up to the command (or, from --args, to the end
 * of its words or the first that is not an option): the index there. */
static int
parse_bwrap_words(struct sandbox *sb, struct setup_plan *p, int argc,
    char **argv, int in_args)
{
	int i = 0;

	while (i < argc && argv[i][0] == '-') {
		const char *word = argv[i++];
		size_t n = 0, count = sizeof(options) / sizeof(options[0]);
		char *w[3];

		if (!strcmp(word, "--"))
			break;
		if (!strcmp(word, "--help"))
			bwrap_help(STDOUT_FILENO, 0);
		if (!strcmp(word, "--version")) {
			out_str("bwrap (nsbox) " NSBOX_VERSION "\n");
			exit(out_flush() < 0 ? 1 : 0);
		}
		while (n < count &&
		    (word[1] != '-' || strcmp(options[n].name, word + 2)))
			n++;
		if (n == count)
			die("Unknown option %s", word);
		if (argc - i < options[n].words)
			die("%s takes %s", word,
			    options[n].words == 1	? "an argument"
				: options[n].words == 2 ? "two arguments"
							: "three arguments");
		if (options[n].code == SB_ARGS) {
			size_t len, words = 0;
			char *data, **list;

			if (in_args)
				die("--args not supported in arguments file");
			data = read_whole(
			    parse_fd(argv[i++]), &len, "--args data");
			for (size_t at = 0; at < len;
			     at += strlen(data + at) + 1)
				words++;
			list = xrealloc(NULL, (words + 1) * sizeof(*list));
			words = 0;
			for (size_t at = 0; at < len;
			     at += strlen(data + at) + 1)
				list[words++] = data + at;
			parse_bwrap_words(sb, p, (int)words, list, 1);
			continue;
		}
		for (int k = 0; k < 3; k++)
			w[k] = k < options[n].words ? argv[i + k] : NULL;
		take(sb, p, options[n].code, w);
		i += options[n].words;
	}
	return i;
}

char **
sandbox_parse_bwrap(
    struct sandbox *sb, struct setup_plan *p, int argc, char **argv)
{
	int i;

	sb->bwrap = 1;
	bwrap_argv0 = argv[0];
	/* Root starts with the capabilities it has (--cap-drop takes them
	 * away), anyone else with none (--cap-add gives them). */
	sb->root_user = getuid() == 0;
	sb->caps = sb->root_user ? caps_permitted() : 0;
	i = 1 + parse_bwrap_words(sb, p, argc - 1, argv + 1, 0);
	if (sb->overlay_srcs)
		overlay_src_misplaced();
	if (i >= argc)
		bwrap_help(STDERR_FILENO, 1);
	return argv + i;
}

/* bubblewrap's defaults: a mount namespace always; a user namespace
 * unless we are root, our own ids mapped; capabilities dropped for a
 * user that is not root; a reaper as PID 1; lo up in a new network. */
static void
bwrap_defaults(struct sandbox *sb, struct setup_plan *p)
{
	int userns = (p->flags & CLONE_NEWUSER) || sb->userns_fd >= 0;

	p->flags |= CLONE_NEWNS;
	sb->root = 1;
	/* What must be asked for with --unshare-user itself, before a user
	 * that is not root gets one anyway. */
	if (sb->userns_block_fd >= 0 && !(p->flags & CLONE_NEWUSER))
		die("--userns-block-fd requires --unshare-user");
	if (sb->userns_block_fd >= 0 && sb->info_fd < 0)
		die("--userns-block-fd requires --info-fd");
	if (sb->userns_fd >= 0 && (p->flags & CLONE_NEWUSER))
		die("--userns not compatible --unshare-user%s",
		    sb->user_try ? "-try" : "");
	if (sb->disable_userns && sb->userns_block_fd >= 0)
		die("--disable-userns is not compatible with  "
		    "--userns-block-fd");
	if (getuid() != 0 && sb->userns_fd < 0)
		p->flags |= CLONE_NEWUSER;
	/* A new user namespace gives a full bounding set back; root's
	 * own is left as it is (what it may gain is no_new_privs's to
	 * stop). */
	userns = (p->flags & CLONE_NEWUSER) || sb->userns_fd >= 0;
	sb->drop_caps = userns;
	if (sb->uid >= 0 && !userns)
		die("Specifying --uid requires --unshare-user or --userns");
	if (sb->gid >= 0 && !userns)
		die("Specifying --gid requires --unshare-user or --userns");
	if (p->hostname && !(p->flags & CLONE_NEWUTS))
		die("Specifying --hostname requires --unshare-uts");
	if (sb->as_pid_1 && !(p->flags & CLONE_NEWPID))
		die("Specifying --as-pid-1 requires --unshare-pid");
	if (sb->as_pid_1 && sb->n_locks)
		die("Specifying --as-pid-1 and --lock-file is not permitted");
	if (p->flags & CLONE_NEWNET)
		sb->lo = 1;
}

/* devpts can be mounted only where root is mapped: with --dev, our ids
 * are root in the user namespace the sandbox is built in, and the ids
 * asked for are those of a second one made inside it at the end (as
 * bubblewrap does). */
static void
nest_for_devpts(struct sandbox *sb, struct idmap_request *m)
{
	int i = 0;

	while (i < sb->n && sb->ops[i].kind + SB_FIRST != SB_DEV)
		i++;
	if (i == sb->n || (m->inner_uid == 0 && m->inner_gid == 0))
		return;
	sb->nested = 1;
	sb->nested_uid = m->inner_uid;
	sb->nested_gid = m->inner_gid;
	m->inner_uid = 0;
	m->inner_gid = 0;
}

void
sandbox_check(struct sandbox *sb, struct setup_plan *p)
{
	struct idmap_request *m = &p->map;

	if (sb->perms != -1u)
		die("--perms must be followed by an option that creates a "
		    "file");
	if (sb->size)
		die("--size must be followed by --tmpfs");
	if (sb->overlay_srcs)
		overlay_src_misplaced();
	if (sb->disable_userns && !(p->flags & CLONE_NEWUSER))
		die("--disable-userns requires --unshare-user");
	if (sb->bwrap) {
		bwrap_defaults(sb, p);
	} else {
		if ((sb->uid >= 0 || sb->gid >= 0) &&
		    !(p->flags & CLONE_NEWUSER) && sb->userns_fd < 0)
			die("--uid and --gid need a new user namespace (-U)");
		sb->drop_caps = sb->caps_given;
	}
	if (sb->lo && (p->flags & CLONE_NEWNET))
		p->lo_up = 1;
	if (sb->n)
		sb->root = 1;
	if (sb->root && p->rootfs)
		die("--rootfs and the sandbox's new root exclude each other");
	if (sb->root)
		p->flags |= CLONE_NEWNS;
	else if (sb->chdir)
		p->wd = sb->chdir;
	sb->pid_ns = (p->flags & CLONE_NEWPID) != 0;
	/* Our own ids, as bubblewrap maps them (or --uid/--gid inside). */
	if ((p->flags & CLONE_NEWUSER) && !m->single_uid && !m->uid_ranges.n &&
	    sb->userns_block_fd < 0 &&
	    (sb->bwrap || sb->uid >= 0 || sb->gid >= 0)) {
		m->single_uid = m->single_gid = 1;
		m->outer_uid = getuid();
		m->outer_gid = getgid();
		m->inner_uid = sb->uid >= 0 ? (uid_t)sb->uid : m->outer_uid;
		m->inner_gid = sb->gid >= 0 ? (gid_t)sb->gid : m->outer_gid;
		nest_for_devpts(sb, m);
	}
	/* The limit is set where the sandbox cannot reach it: in the user
	 * namespace around the one it runs in. */
	if (sb->disable_userns)
		sb->nested = 1;
}

static void
write_id_file(int proc, const char *name, long id, long outer)
{
	char line[48];
	int fd = openat(proc, name, O_WRONLY | O_CLOEXEC);
	int n = format(line, sizeof(line), "%ld %ld 1\n", id, outer);

	if (fd < 0 || write(fd, line, (size_t)n) != n)
		die_errno("setting up %s", name);
	close(fd);
}

/* The second user namespace: with the ids asked for (for --dev), or
 * the ids we have (for --disable-userns, which limits the first one to
 * this one child first). setgroups is "deny" already, or ours to set. */
static void
enter_nested_userns(const struct sandbox *sb)
{
	long uid = (long)getuid(), gid = (long)getgid();
	int fd;

	if (sb->disable_userns) {
		fd = openat(sb->proc_fd, "sys/user/max_user_namespaces",
		    O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			die_errno(
			    "cannot open /proc/sys/user/max_user_namespaces");
		if (write(fd, "1", 1) != 1)
			die_errno("sysctl user.max_user_namespaces = 1");
		close(fd);
	}
	if (unshare(CLONE_NEWUSER) < 0)
		die_errno("unshare user ns");
	write_id_file(sb->proc_fd, "self/uid_map",
	    sb->nested_uid >= 0 ? sb->nested_uid : uid, uid);
	write_id_file(sb->proc_fd, "self/gid_map",
	    sb->nested_gid >= 0 ? sb->nested_gid : gid, gid);
	close(sb->proc_fd);
}

static void
write_json(int fd, const char *what, const char *s, int n)
{
	if (write(fd, s, (size_t)n) != n)
		die_errno("Write to %s", what);
}

void
sandbox_write_info(struct sandbox *sb, pid_t child, int flags)
{
	/* bubblewrap's order, and only the namespaces it names */
	static const int types[] = { CLONE_NEWCGROUP, CLONE_NEWIPC, CLONE_NEWNS,
		CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWUTS };
	char buf[512], path[64];
	int len[2], json;

	if (sb->info_fd < 0 && sb->json_fd < 0)
		return; /* no one to tell: spare the /proc lookups */
	len[0] = format(buf, 256, "{\n    \"child-pid\": %d", (int)child);
	len[1] = format(buf + 256, 256, "{ \"child-pid\": %d", (int)child);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		const struct ns_type *t = ns_by_flag(types[i]);
		struct stat st;

		format(
		    path, sizeof(path), "/proc/%d/ns/%s", (int)child, t->proc);
		if (!(flags & types[i]) || stat(path, &st) < 0)
			continue;
		for (json = 0; json < 2; json++)
			len[json] += format(buf + 256 * json + len[json],
			    256 - (size_t)len[json], ",%s\"%s-namespace\": %lu",
			    json ? " " : "\n    ", t->name,
			    (unsigned long)st.st_ino);
	}
	if (sb->info_fd >= 0) {
		len[0] += format(buf + len[0], 256 - (size_t)len[0], "\n}\n");
		write_json(sb->info_fd, "info_fd", buf, len[0]);
		close(sb->info_fd);
	}
	if (sb->json_fd >= 0) {
		len[1] +=
		    format(buf + 256 + len[1], 256 - (size_t)len[1], " }\n");
		write_json(sb->json_fd, "json_status_fd", buf + 256, len[1]);
	}
}

void
sandbox_write_exit(struct sandbox *sb, int status)
{
	char buf[64];
	int n;

	if (sb->json_fd < 0)
		return;
	n = format(buf, sizeof(buf), "{ \"exit-code\": %d }\n",
	    WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status));
	(void)!write(sb->json_fd, buf, (size_t)n);
}

static const struct sandbox *last;

/* In the command's process only (not in a reaper as PID 1), last, so
 * that the programs need not allow anything done before exec: the sync
 * fd is the reaper's to hold, and the seccomp programs go on. */
static void
last_step(void)
{
	if (last->sync_fd >= 0 && !last->as_pid_1)
		close(last->sync_fd);
	if (last->die_with_parent && prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0))
		die_errno("prctl");
	for (int i = 0; i < last->n_filters; i++)
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER,
			&last->filters[i]) < 0) {
			if (errno == EINVAL)
				die("Unable to set up system call filtering as "
				    "requested: prctl(PR_SET_SECCOMP) reported "
				    "EINVAL");
			die_errno("prctl(PR_SET_SECCOMP)");
		}
}

void
sandbox_join(const struct sandbox *sb)
{
	/* bubblewrap's --die-with-parent: the whole chain dies with our
	 * parent, from us down to the command. */
	if (sb->bwrap && sb->die_with_parent &&
	    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		die_errno("prctl");
	if (sb->userns_fd >= 0 && setns(sb->userns_fd, CLONE_NEWUSER) < 0) {
		if (errno == EINVAL)
			die("Joining the specified user namespace failed, it "
			    "might not be a descendant of the current user "
			    "namespace.");
		die_errno("Joining specified user namespace failed");
	}
	/* The child is started in it (and in a new one under it with
	 * --unshare-pid). */
	if (sb->pidns_fd >= 0 && setns(sb->pidns_fd, CLONE_NEWPID) < 0)
		die_errno("Setting pidns failed");
}

/* One byte, or the end, from whoever holds the other end of fd. */
static void
block_on(int fd)
{
	char b;

	while (read(fd, &b, 1) < 0 && errno == EINTR)
		;
	close(fd);
}

void
sandbox_block_userns(struct sandbox *sb)
{
	if (sb->userns_block_fd >= 0)
		block_on(sb->userns_block_fd);
}

/* Read locks on the files, held by this process (the reaper) for as
 * long as the sandbox lives; the command does not inherit them. */
static void
take_locks(const struct sandbox *sb)
{
	for (int i = 0; i < sb->n_locks; i++) {
		struct flock lock = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
		int fd = open(sb->lock_files[i], O_RDONLY | O_CLOEXEC);

		if (fd < 0)
			die_errno(
			    "Unable to open lock file %s", sb->lock_files[i]);
		if (fcntl(fd, F_SETLK, &lock) < 0)
			die_errno("Unable to lock file %s", sb->lock_files[i]);
	}
}

void
sandbox_child_start(const struct sandbox *sb)
{
	/* The JSON fds are the parent's to write, not the command's to
	 * keep: who reads --info-fd to its end must not wait for us. */
	if (sb->info_fd > 2)
		close(sb->info_fd);
	if (sb->json_fd > 2)
		close(sb->json_fd);
	/* What the sandbox makes from here on is labelled so. */
	if (sb->file_label && write_attr("fscreate", sb->file_label) < 0)
		die_errno("--file-label setup failed");
}

void
sandbox_finish(const struct sandbox *sb)
{
	int cap;

	if (sb->userns2_fd >= 0 && setns(sb->userns2_fd, CLONE_NEWUSER) < 0)
		die_errno("Setting userns2 failed");
	if (sb->nested)
		enter_nested_userns(sb);
	if ((sb->disable_userns || sb->assert_userns_disabled) &&
	    unshare(CLONE_NEWUSER) == 0)
		die("creation of new user namespaces was not disabled as "
		    "requested");
	/* In a user namespace joined, the ids asked for are switched to. */
	if (sb->userns_fd >= 0 && sb->gid >= 0 && setgid((gid_t)sb->gid) < 0)
		die_errno("unable to switch to gid %ld", sb->gid);
	if (sb->userns_fd >= 0 && sb->uid >= 0 && setuid((uid_t)sb->uid) < 0)
		die_errno("unable to switch to uid %ld", sb->uid);
	if (sb->drop_caps && (cap = caps_bound(sb->caps)) >= 0)
		die_errno("Can't drop capability %d", cap);
	/* ns-clone's command keeps what it has, less what was dropped;
	 * bwrap's what it asked for (root: what it had, unless told). */
	if ((sb->caps_given || (sb->bwrap && !sb->root_user)) &&
	    caps_set(sb->bwrap ? sb->caps : sb->caps & caps_permitted(),
		sb->bwrap) < 0 &&
	    !(sb->root_user && errno == EPERM))
		die_errno("capset failed");
	/* A user's seccomp program needs no_new_privs (the kernel's rule). */
	if ((sb->bwrap || sb->n_filters) &&
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die_errno("prctl(PR_SET_NO_NEW_PRIVS) failed");
	if (sb->block_fd >= 0)
		block_on(sb->block_fd);
	if (sb->new_session && setsid() < 0)
		die_errno("setsid");
	if (sb->exec_label && write_attr("exec", sb->exec_label) < 0)
		die_errno("label_exec %s", sb->exec_label);
	take_locks(sb);
	last = sb;
	exec_last_step = last_step;
}
