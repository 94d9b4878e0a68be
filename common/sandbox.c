/* sandbox.c - bubblewrap's sandbox: the options, and the new root built
 * from them in the child.
 *
 * The order is bubblewrap's: a tmpfs at /tmp becomes a base root with the
 * old root under it (/oldroot) and the new root beside it (/newroot);
 * every operation runs in command-line order, sources resolved in the
 * old root and destinations in the new one, each as if it were /; then
 * the old root is detached and the process pivots into the new root. A
 * destination's symlinks are followed only inside the new root (openat2
 * RESOLVE_IN_ROOT); the mounts then act on the path the kernel resolved,
 * which has no symlink left in it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "common/compat.h"
#include "common/die.h"
#include "common/format.h"
#include "common/mountinfo.h"
#include "common/opt.h"
#include "common/out.h"
#include "common/sandbox.h"
#include "common/xalloc.h"

#define BASE "/tmp"
#define OLD  "/oldroot"
#define NEW  "/newroot"

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
"      --as-pid-1\twith --unshare-pid: COMMAND is PID 1, no reaper\n";

static const char bwrap_usage[] =
"usage: bwrap [OPTIONS...] [--] COMMAND [ARGS...]\n"
"\n"
"      --help\tPrint this help\n"
"      --version\tPrint version\n"
"      --hostname NAME\thost name (with --unshare-uts)\n"
"      --die-with-parent\tkill COMMAND when bwrap dies\n"
"\n";
/* clang-format on */

void
sandbox_init(struct sandbox *sb)
{
	memset(sb, 0, sizeof(*sb));
	sb->perms = -1u;
	sb->uid = sb->gid = -1;
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

static void
add_op(struct sandbox *sb, int kind, const char *src, const char *dest)
{
	struct sandbox_op *op;

	sb->ops = xrealloc(sb->ops, (size_t)(sb->n + 1) * sizeof(*op));
	op = &sb->ops[sb->n++];
	op->kind = (unsigned char)(kind - SB_FIRST);
	op->src = src;
	op->dest = dest;
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

/* What one option asks for; a1 and a2 are the words after it. */
static void
take(struct sandbox *sb, struct setup_plan *p, int c, char *a1, char *a2)
{
	unsigned long v;

	if (sb->perms != -1u && c != SB_TMPFS && c != SB_DIR && c != SB_SIZE &&
	    c != SB_PERMS && (c < SB_FILE || c > SB_RO_BIND_DATA))
		die("--perms must be followed by an option that creates a "
		    "file");
	if (sb->size && c != SB_TMPFS && c != SB_PERMS && c != SB_SIZE)
		die("--size must be followed by --tmpfs");
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
		if (parse_ulong(a1, INT_MAX, &v) < 0)
			die("Invalid fd: %s", a1);
		add_op(sb, c, a1, a2);
		sb->ops[sb->n - 1].fd = (int)v;
		break;
	case SB_AS_PID_1:
		sb->as_pid_1 = 1;
		break;
	case SB_PERMS:
		if (sb->perms != -1u)
			die("--perms given twice for the same action");
		sb->perms = parse_octal(a1, "--perms");
		break;
	case SB_SIZE:
		if (sb->size)
			die("--size given twice for the same action");
		if (parse_ulong(a1, ULONG_MAX, &v) < 0 || !v)
			die("--size takes a non-zero number of bytes");
		sb->size = v;
		break;
	case SB_CHDIR:
		if (sb->chdir && sb->bwrap)
			warn("Only the last --chdir option will take effect");
		sb->chdir = a1;
		break;
	case SB_UNSHARE_USER:
	case SB_UNSHARE_USER_TRY:
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
	case SB_UNSHARE_CGROUP_TRY:
		p->flags |= CLONE_NEWCGROUP;
		break;
	case SB_UNSHARE_ALL:
		p->flags |= CLONE_NEWUSER | CLONE_NEWIPC | CLONE_NEWPID |
		    CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWCGROUP;
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
	case SB_SETENV:
		if (setenv(a1, a2, 1) < 0)
			die_errno("--setenv %s", a1);
		break;
	case SB_UNSETENV:
		unsetenv(a1);
		break;
	case SB_CLEARENV:
		clearenv();
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
	}
}

int
sandbox_option(
    struct sandbox *sb, struct setup_plan *p, int c, int argc, char **argv)
{
	char *second = NULL;

	if (c <= SB_FIRST || c >= SB_END)
		return 0;
	if (words_of(c) == 2) {
		if (opt_ind >= argc)
			die("--%s takes two arguments", name_of(c));
		second = argv[opt_ind++];
	}
	take(sb, p, c, opt_arg, second);
	return 1;
}

static _Noreturn void
bwrap_help(int fd, int status)
{
	if (fd == STDOUT_FILENO) {
		opt_print_help(bwrap_usage, bwrap_usage);
		opt_print_help(bwrap_usage, sandbox_help);
	} else { /* bubblewrap's is the whole help; its first line will do */
		(void)write_all(
		    fd, bwrap_usage, strcspn(bwrap_usage, "\n") + 1);
	}
	exit(out_flush() < 0 ? 1 : status);
}

char **
sandbox_parse_bwrap(
    struct sandbox *sb, struct setup_plan *p, int argc, char **argv)
{
	int i = 1;

	sb->bwrap = 1;
	while (i < argc && argv[i][0] == '-') {
		const char *word = argv[i++];
		size_t n = 0, count = sizeof(options) / sizeof(options[0]);

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
			    options[n].words == 2 ? "two arguments"
						  : "an argument");
		take(sb, p, options[n].code, argv[i],
		    options[n].words == 2 ? argv[i + 1] : NULL);
		i += options[n].words;
	}
	if (i >= argc)
		bwrap_help(STDERR_FILENO, 1);
	return argv + i;
}

/* Root keeps the capabilities it has, and only those: a new user
 * namespace would give it all of them. */
static uint64_t
permitted_caps(void)
{
	struct compat_cap_header head = { COMPAT_CAP_VERSION_3, 0 };
	struct compat_cap_data data[2];

	if (sys_capget(&head, data) < 0)
		die_errno("capget");
	return data[0].permitted | (uint64_t)data[1].permitted << 32;
}

/* bubblewrap's defaults: a mount namespace always; a user namespace
 * unless we are root, our own ids mapped; capabilities dropped for a
 * user that is not root; a reaper as PID 1; lo up in a new network. */
static void
bwrap_defaults(struct sandbox *sb, struct setup_plan *p)
{
	p->flags |= CLONE_NEWNS;
	sb->root = 1;
	sb->drop_caps = 1;
	if (getuid() != 0)
		p->flags |= CLONE_NEWUSER;
	else
		sb->keep_caps = permitted_caps();
	if (sb->uid >= 0 && !(p->flags & CLONE_NEWUSER))
		die("Specifying --uid requires --unshare-user or --userns");
	if (sb->gid >= 0 && !(p->flags & CLONE_NEWUSER))
		die("Specifying --gid requires --unshare-user or --userns");
	if (p->hostname && !(p->flags & CLONE_NEWUTS))
		die("Specifying --hostname requires --unshare-uts");
	if (sb->as_pid_1 && !(p->flags & CLONE_NEWPID))
		die("Specifying --as-pid-1 requires --unshare-pid");
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
	if (sb->bwrap)
		bwrap_defaults(sb, p);
	else if ((sb->uid >= 0 || sb->gid >= 0) && !(p->flags & CLONE_NEWUSER))
		die("--uid and --gid need a new user namespace (-U)");
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
	    (sb->bwrap || sb->uid >= 0 || sb->gid >= 0)) {
		m->single_uid = m->single_gid = 1;
		m->outer_uid = getuid();
		m->outer_gid = getgid();
		m->inner_uid = sb->uid >= 0 ? (uid_t)sb->uid : m->outer_uid;
		m->inner_gid = sb->gid >= 0 ? (gid_t)sb->gid : m->outer_gid;
		nest_for_devpts(sb, m);
	}
}

/* --- in the child ------------------------------------------------------ */

/* path resolved in base (OLD or NEW) as if base were /, into out: the
 * path from our root the kernel found, with no symlink left in it. */
static int
resolve_in(const char *base, const char *path, char *out, size_t size)
{
	struct open_how how = { O_PATH | O_CLOEXEC, 0,
		RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
	char link[64];
	size_t len;
	ssize_t n;
	int root, fd;

	while (*path == '/')
		path++;
	if (!*path)
		return format(out, size, "%s", base) < (int)size ? 0 : -1;
	root = open(base, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return -1;
	fd = (int)syscall(SYS_openat2, root, path, &how, sizeof(how));
	close(root);
	if (fd < 0 && errno == ENOSYS)
		die("a sandbox needs openat2 (Linux 5.6)");
	if (fd < 0)
		return -1;
	format(link, sizeof(link), OLD "/proc/self/fd/%d", fd);
	n = readlink(link, out, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	out[n] = '\0';
	/* Where the kernel found it is under base, or it did not find it
	 * (a path too long to read back, or not reachable from here). */
	len = strlen(base);
	if ((size_t)n >= size - 1 || strncmp(out, base, len) ||
	    (out[len] && out[len] != '/')) {
		errno = (size_t)n >= size - 1 ? ENAMETOOLONG : EXDEV;
		return -1;
	}
	return 0;
}

enum { MAKE_NOTHING, MAKE_DIR, MAKE_FILE };

/* path's last component joined to its resolved parent, in at: what
 * mkdir, mknod and symlink act on without following a symlink there. 1
 * if path is the root itself, -1 with errno on failure. */
static int
at_parent(const char *path, char *at)
{
	char parent[PATH_MAX];
	size_t len = strlen(path), cut;

	while (len > 1 && path[len - 1] == '/')
		len--;
	cut = len;
	while (cut > 0 && path[cut - 1] != '/')
		cut--;
	if (cut == len)
		return 1;
	if (len >= sizeof(parent) || len - cut > NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(parent, path, cut);
	parent[cut] = '\0';
	if (resolve_in(NEW, parent, at, PATH_MAX) < 0)
		return -1;
	format(at + strlen(at), NAME_MAX + 2, "/%.*s", (int)(len - cut),
	    path + cut);
	return 0;
}

/* A directory or an empty file, unless something is there already. */
static int
make_at(const char *path, int what, unsigned int mode)
{
	char at[PATH_MAX + NAME_MAX + 2];
	int r = at_parent(path, at);

	if (r)
		return r < 0 ? -1 : 0;
	if ((what == MAKE_DIR ? mkdir(at, mode)
			      : mknod(at, S_IFREG | mode, 0)) < 0 &&
	    errno != EEXIST)
		return -1;
	return 0;
}

/* DEST's parents made as bubblewrap makes them: under a file nobody else
 * may read, parents nobody else may enter. */
static void
make_parents(const struct sandbox_op *op)
{
	unsigned int parent_mode = 0755;
	const char *d = op->dest;

	if (op->mode != -1u && !(op->mode & 070))
		parent_mode &= ~050u;
	if (op->mode != -1u && !(op->mode & 07))
		parent_mode &= ~05u;
	for (size_t i = 1; d[i]; i++) {
		char part[PATH_MAX];

		if (d[i] != '/' || d[i - 1] == '/' || i >= sizeof(part))
			continue;
		memcpy(part, d, i);
		part[i] = '\0';
		if (make_at(part, MAKE_DIR, parent_mode) < 0)
			die_errno("Can't mkdir parents for %s", d);
	}
}

/* DEST made as asked (with its parents), its resolved path in out. */
static void
prepare_dest(const struct sandbox_op *op, int what, char *out)
{
	unsigned int mode = what == MAKE_FILE ? 0444 : 0755;

	if (op->kind + SB_FIRST == SB_DIR && op->mode != -1u)
		mode = op->mode;
	make_parents(op);
	if (what != MAKE_NOTHING && make_at(op->dest, what, mode) < 0)
		die_errno(what == MAKE_DIR ? "Can't mkdir %s"
					   : "Can't create file at %s",
		    op->dest);
	if (resolve_in(NEW, op->dest, out, PATH_MAX) < 0)
		die_errno("Can't find destination path %s", op->dest);
}

/* Add flags to one mount, keeping those it has (a user namespace may
 * not clear the ones it was given locked). */
static int
remount_one(const char *path, unsigned long add)
{
	const unsigned long kept = MS_RDONLY | MS_NOSUID | MS_NODEV |
	    MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | MS_RELATIME;
	struct statvfs st;
	unsigned long now;

	if (statvfs(path, &st) < 0)
		return -1;
	now = st.f_flag & kept; /* ST_* are MS_* by value */
	if ((now | add) == now)
		return 0;
	return mount(
	    "none", path, NULL, MS_REMOUNT | MS_BIND | now | add, NULL);
}

/* Every mount at or under path, as bubblewrap does it: one at a time,
 * by path (a mount hidden under another is left as it is). */
static void
remount_tree(const char *path, unsigned long add)
{
	size_t len = strlen(path);
	struct mountinfo m;
	struct lines f;

	if (remount_one(path, add) < 0)
		die_errno("Can't remount %s", path);
	if (mountinfo_open(&f, OLD "/proc/self/mountinfo") < 0)
		die_errno("Can't read " OLD "/proc/self/mountinfo");
	while (mountinfo_next(&f, &m))
		if (!strncmp(m.mountpoint, path, len) &&
		    m.mountpoint[len] == '/' &&
		    remount_one(m.mountpoint, add) && errno != EACCES &&
		    errno != ENOENT)
			die_errno("Can't remount %s", m.mountpoint);
	lines_close(&f);
}

static void
bind(const char *src, const char *dest, unsigned long add)
{
	if (mount(src, dest, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_errno("Can't bind mount %s on %s", src, dest);
	remount_tree(dest, add);
}

static void
mount_fs(
    const char *type, const char *dest, unsigned long flags, const char *data)
{
	if (mount(type, dest, type, flags, data) < 0)
		die_errno("Can't mount %s on %s", type, dest);
}

/* Paths under an operation's resolved destination. */
static const char *
under(char *buf, const char *dir, const char *name)
{
	format(buf, PATH_MAX, "%s/%s", dir, name);
	return buf;
}

/* The path an fd is open on, in the old root: a mount can be bound
 * only from our own mount namespace, not from where the fd was opened.
 * Something else there by now is refused. */
static void
fd_source(int fd, char *src, struct stat *st)
{
	char link[64], path[PATH_MAX];
	struct stat was;
	ssize_t n;

	format(link, sizeof(link), OLD "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0 || fstat(fd, &was) < 0)
		die_errno("Can't find source path /proc/self/fd/%d", fd);
	path[n] = '\0';
	if (path[0] != '/' || resolve_in(OLD, path, src, PATH_MAX) < 0 ||
	    stat(src, st) < 0 || st->st_dev != was.st_dev ||
	    st->st_ino != was.st_ino)
		die("Race condition binding dirfd");
}

static void
op_bind(const struct sandbox_op *op, char *dest)
{
	int kind = op->kind + SB_FIRST;
	char src[PATH_MAX];
	struct stat st;

	if (kind == SB_BIND_FD || kind == SB_RO_BIND_FD) {
		fd_source(op->fd, src, &st);
	} else if (resolve_in(OLD, op->src, src, sizeof(src)) < 0 ||
	    stat(src, &st) < 0) {
		if (errno == ENOENT &&
		    (kind == SB_BIND_TRY || kind == SB_DEV_BIND_TRY ||
			kind == SB_RO_BIND_TRY))
			return;
		die_errno("Can't find source path %s", op->src);
	}
	prepare_dest(op, S_ISDIR(st.st_mode) ? MAKE_DIR : MAKE_FILE, dest);
	bind(src, dest,
	    MS_NOSUID |
		(kind == SB_DEV_BIND || kind == SB_DEV_BIND_TRY ? 0
								: MS_NODEV) |
		(kind == SB_RO_BIND || kind == SB_RO_BIND_TRY ||
			    kind == SB_RO_BIND_FD
			? MS_RDONLY
			: 0));
}

static void
op_proc(const struct sandbox *sb, const char *dest)
{
	static const char *const cover[] = { "sys", "sysrq-trigger", "irq",
		"bus" };
	char path[PATH_MAX];

	if (sb->pid_ns)
		mount_fs("proc", dest, MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL);
	else
		bind(OLD "/proc", dest, MS_NOSUID | MS_NODEV);
	/* Old corners of proc that can change the host: read-only. */
	for (size_t i = 0; i < sizeof(cover) / sizeof(cover[0]); i++) {
		under(path, dest, cover[i]);
		if (access(path, W_OK) < 0) {
			if (errno == EACCES || errno == ENOENT ||
			    errno == EROFS)
				continue;
			die_errno("Can't access %s", path);
		}
		bind(path, path, MS_NOSUID | MS_NODEV | MS_RDONLY);
	}
}

static void
op_dev(const char *dest)
{
	static const char *const nodes[] = { "null", "zero", "full", "random",
		"urandom", "tty" };
	static const char *const links[][2] = { { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" },
		{ "stderr", "/proc/self/fd/2" }, { "fd", "/proc/self/fd" },
		{ "core", "/proc/kcore" }, { "ptmx", "pts/ptmx" } };
	char path[PATH_MAX], src[PATH_MAX];

	mount_fs("tmpfs", dest, MS_NOSUID | MS_NODEV, "mode=0755");
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		if (mknod(under(path, dest, nodes[i]), S_IFREG | 0444, 0) < 0)
			die_errno("Can't create file %s", path);
		bind(under(src, OLD "/dev", nodes[i]), path, MS_NOSUID);
	}
	if (mkdir(under(path, dest, "shm"), 0755) < 0 ||
	    mkdir(under(path, dest, "pts"), 0755) < 0)
		die_errno("Can't create %s", path);
	mount_fs("devpts", path, MS_NOSUID | MS_NOEXEC,
	    "newinstance,ptmxmode=0666,mode=620");
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++)
		if (symlink(links[i][1], under(path, dest, links[i][0])) < 0)
			die_errno("Can't create symlink %s", path);
}

/* A link that says the same already is the one asked for. */
static void
op_symlink(const struct sandbox_op *op)
{
	char at[PATH_MAX + NAME_MAX + 2], now[PATH_MAX];
	ssize_t n;

	make_parents(op);
	if (at_parent(op->dest, at) != 0)
		die_errno("Can't make symlink at %s", op->dest);
	if (symlink(op->src, at) == 0)
		return;
	if (errno != EEXIST)
		die_errno("Can't make symlink at %s", op->dest);
	n = readlink(at, now, sizeof(now) - 1);
	if (n < 0)
		die("Can't make symlink at %s: destination exists and is not "
		    "a symlink",
		    op->dest);
	now[n] = '\0';
	if (strcmp(now, op->src))
		die("Can't make symlink at %s: existing destination is %s",
		    op->dest, now);
}

/* What fd reads, into the file open on out. */
static void
copy_data(int fd, int out, const char *dest)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write_all(out, buf, (size_t)n) < 0)
			die_errno("Can't write data to file %s", dest);
	}
	close(fd);
}

/* --file: DEST made with what FD reads. --bind-data: the same made
 * outside the new root and bound on DEST, so the sandbox cannot reach
 * it by any other name. */
static void
op_data(const struct sandbox_op *op, char *dest)
{
	static int count;
	int kind = op->kind + SB_FIRST, out;
	char at[PATH_MAX + NAME_MAX + 2];

	make_parents(op);
	if (kind == SB_FILE) {
		if (at_parent(op->dest, at) != 0)
			die_errno("Can't create file %s", op->dest);
		out = open(at,
		    O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		    op->mode != -1u ? op->mode : 0666);
	} else {
		format(at, sizeof(at), "/bindfile%d", count++);
		out = open(at, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    op->mode != -1u ? op->mode : 0600);
	}
	if (out < 0)
		die_errno("Can't create file %s", op->dest);
	copy_data(op->fd, out, op->dest);
	close(out);
	if (kind == SB_FILE)
		return;
	prepare_dest(op, MAKE_FILE, dest);
	bind(at, dest,
	    MS_NOSUID | MS_NODEV | (kind == SB_RO_BIND_DATA ? MS_RDONLY : 0));
	unlink(at);
}

static void
apply_op(const struct sandbox *sb, const struct sandbox_op *op)
{
	char dest[PATH_MAX], opts[64];
	unsigned int mode = op->mode != -1u ? op->mode : 0755;

	switch (op->kind + SB_FIRST) {
	case SB_BIND ... SB_RO_BIND_TRY:
		op_bind(op, dest);
		break;
	case SB_REMOUNT_RO:
		prepare_dest(op, MAKE_NOTHING, dest);
		if (remount_one(dest, MS_RDONLY) < 0)
			die_errno("Can't remount readonly on %s", op->dest);
		break;
	case SB_PROC:
		prepare_dest(op, MAKE_DIR, dest);
		op_proc(sb, dest);
		break;
	case SB_DEV:
		prepare_dest(op, MAKE_DIR, dest);
		op_dev(dest);
		break;
	case SB_TMPFS:
		prepare_dest(op, MAKE_DIR, dest);
		if (op->size)
			format(opts, sizeof(opts), "mode=0%o,size=%lu", mode,
			    op->size);
		else
			format(opts, sizeof(opts), "mode=0%o", mode);
		mount_fs("tmpfs", dest, MS_NOSUID | MS_NODEV, opts);
		break;
	case SB_MQUEUE:
		prepare_dest(op, MAKE_DIR, dest);
		mount_fs("mqueue", dest, 0, NULL);
		break;
	case SB_DIR:
		prepare_dest(op, MAKE_DIR, dest);
		break;
	case SB_SYMLINK:
		op_symlink(op);
		break;
	case SB_BIND_FD ... SB_RO_BIND_FD:
		op_bind(op, dest);
		close(op->fd);
		break;
	case SB_FILE ... SB_RO_BIND_DATA:
		op_data(op, dest);
		break;
	case SB_CHMOD:
		prepare_dest(op, MAKE_NOTHING, dest);
		if (chmod(dest, mode) < 0)
			die_errno("Can't chmod 0%o %s", mode, op->dest);
		break;
	}
}

/* The base root: a tmpfs with the old root under it and the new one
 * beside it, so every source is still reachable while the new root is
 * built, and no path on the host is created or changed. */
static void
enter_base(void)
{
	if (mount("tmpfs", BASE, "tmpfs", MS_NODEV | MS_NOSUID, NULL) < 0)
		die_errno("Failed to mount tmpfs on " BASE);
	if (chdir(BASE) < 0 || mkdir("newroot", 0755) < 0 ||
	    mkdir("oldroot", 0755) < 0)
		die_errno("Can't make the new root in " BASE);
	if (syscall(SYS_pivot_root, ".", "oldroot") < 0)
		die_errno("pivot_root");
	if (chdir("/") < 0 || mount(NEW, NEW, NULL, MS_BIND | MS_REC, NULL) < 0)
		die_errno("Can't bind the new root");
}

static void
enter_new_root(void)
{
	if (umount2(OLD, MNT_DETACH) < 0)
		die_errno("unmount old root");
	if (chdir(NEW) < 0 || syscall(SYS_pivot_root, ".", ".") < 0)
		die_errno("pivot_root into the new root");
	if (umount2(".", MNT_DETACH) < 0 || chdir("/") < 0)
		die_errno("unmount the base root");
}

/* bubblewrap's working directory: --chdir, else where we were if the
 * new root has it, else $HOME, else /; PWD says which. */
static void
enter_cwd(const struct sandbox *sb)
{
	const char *cwd = "/", *home = getenv("HOME");

	if (sb->chdir) {
		if (chdir(sb->chdir) < 0)
			die_errno("Can't chdir to %s", sb->chdir);
		cwd = sb->chdir;
	} else if (sb->old_cwd && chdir(sb->old_cwd) == 0) {
		cwd = sb->old_cwd;
	} else if (home && chdir(home) == 0) {
		cwd = home;
	}
	if (setenv("PWD", cwd, 1) < 0)
		die_errno("setenv PWD");
}

void
sandbox_apply(struct sandbox *sb)
{
	mode_t old_umask;

	if (!sb->root)
		return;
	sb->old_cwd = getcwd(NULL, 0);
	old_umask = umask(0);
	if (sb->nested) {
		/* Our ids' files, reachable once proc is left behind. */
		sb->proc_fd =
		    open("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (sb->proc_fd < 0)
			die_errno("open /proc/self");
	}
	enter_base();
	for (int i = 0; i < sb->n; i++)
		apply_op(sb, &sb->ops[i]);
	enter_new_root();
	umask(old_umask);
	enter_cwd(sb);
}

/* Without root outside, nothing inside keeps a capability, and root
 * keeps only what it had: what the bounding set loses, not even an exec
 * as uid 0 gets back. */
static void
write_id_file(int proc, const char *name, long id)
{
	char line[32];
	int fd = openat(proc, name, O_WRONLY | O_CLOEXEC);
	int n = format(line, sizeof(line), "%ld 0 1\n", id);

	if (fd < 0 || write(fd, line, (size_t)n) != n)
		die_errno("setting up %s", name);
	close(fd);
}

/* The second user namespace, with the ids asked for (setgroups is
 * "deny" already, inherited from the first). */
static void
enter_nested_userns(const struct sandbox *sb)
{
	if (unshare(CLONE_NEWUSER) < 0)
		die_errno("unshare user ns");
	write_id_file(sb->proc_fd, "uid_map", sb->nested_uid);
	write_id_file(sb->proc_fd, "gid_map", sb->nested_gid);
	close(sb->proc_fd);
}

void
sandbox_finish(const struct sandbox *sb)
{
	if (sb->new_session && setsid() < 0)
		die_errno("setsid");
	if (sb->nested)
		enter_nested_userns(sb);
	if (sb->drop_caps)
		for (int cap = 0; cap < 64; cap++)
			if (!(sb->keep_caps >> cap & 1) &&
			    prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
				if (errno == EINVAL)
					break;
				die_errno("Can't drop capability %d", cap);
			}
	if (sb->bwrap && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die_errno("prctl(PR_SET_NO_NEW_PRIVS) failed");
}
