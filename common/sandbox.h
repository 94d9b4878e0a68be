/* sandbox.h - bubblewrap's sandbox for ns-clone: a fresh tmpfs becomes
 * the new root, filesystem operations are applied to it in command-line
 * order, then the process pivots into it; and the process options that
 * go with it (environment, session, capabilities). */
#ifndef NSBOX_SANDBOX_H
#define NSBOX_SANDBOX_H

#include <linux/filter.h>
#include <stdint.h>

#include "common/setup.h"

/* The options, once: X(name, words that follow it, code). */
#define SANDBOX_OPTIONS(X)                                                     \
	X("bind", 2, SB_BIND)                                                  \
	X("bind-try", 2, SB_BIND_TRY)                                          \
	X("dev-bind", 2, SB_DEV_BIND)                                          \
	X("dev-bind-try", 2, SB_DEV_BIND_TRY)                                  \
	X("ro-bind", 2, SB_RO_BIND)                                            \
	X("ro-bind-try", 2, SB_RO_BIND_TRY)                                    \
	X("remount-ro", 1, SB_REMOUNT_RO)                                      \
	X("proc", 1, SB_PROC)                                                  \
	X("dev", 1, SB_DEV)                                                    \
	X("tmpfs", 1, SB_TMPFS)                                                \
	X("mqueue", 1, SB_MQUEUE)                                              \
	X("dir", 1, SB_DIR)                                                    \
	X("symlink", 2, SB_SYMLINK)                                            \
	X("chmod", 2, SB_CHMOD)                                                \
	X("perms", 1, SB_PERMS)                                                \
	X("size", 1, SB_SIZE)                                                  \
	X("chdir", 1, SB_CHDIR)                                                \
	X("bind-fd", 2, SB_BIND_FD)                                            \
	X("ro-bind-fd", 2, SB_RO_BIND_FD)                                      \
	X("file", 2, SB_FILE)                                                  \
	X("bind-data", 2, SB_BIND_DATA)                                        \
	X("ro-bind-data", 2, SB_RO_BIND_DATA)                                  \
	X("as-pid-1", 0, SB_AS_PID_1)                                          \
	X("argv0", 1, SB_ARGV0)                                                \
	X("unshare-user", 0, SB_UNSHARE_USER)                                  \
	X("unshare-user-try", 0, SB_UNSHARE_USER_TRY)                          \
	X("unshare-ipc", 0, SB_UNSHARE_IPC)                                    \
	X("unshare-pid", 0, SB_UNSHARE_PID)                                    \
	X("unshare-net", 0, SB_UNSHARE_NET)                                    \
	X("unshare-uts", 0, SB_UNSHARE_UTS)                                    \
	X("unshare-cgroup", 0, SB_UNSHARE_CGROUP)                              \
	X("unshare-cgroup-try", 0, SB_UNSHARE_CGROUP_TRY)                      \
	X("unshare-all", 0, SB_UNSHARE_ALL)                                    \
	X("share-net", 0, SB_SHARE_NET)                                        \
	X("uid", 1, SB_UID)                                                    \
	X("gid", 1, SB_GID)                                                    \
	X("setenv", 2, SB_SETENV)                                              \
	X("unsetenv", 1, SB_UNSETENV)                                          \
	X("clearenv", 0, SB_CLEARENV)                                          \
	X("new-session", 0, SB_NEW_SESSION)                                    \
	X("cap-add", 1, SB_CAP_ADD)                                            \
	X("cap-drop", 1, SB_CAP_DROP)                                          \
	X("seccomp", 1, SB_SECCOMP)                                            \
	X("add-seccomp-fd", 1, SB_ADD_SECCOMP_FD)                              \
	X("userns", 1, SB_USERNS)                                              \
	X("userns2", 1, SB_USERNS2)                                            \
	X("pidns", 1, SB_PIDNS)                                                \
	X("disable-userns", 0, SB_DISABLE_USERNS)                              \
	X("assert-userns-disabled", 0, SB_ASSERT_USERNS_DISABLED)              \
	X("block-fd", 1, SB_BLOCK_FD)                                          \
	X("exec-label", 1, SB_EXEC_LABEL)                                      \
	X("file-label", 1, SB_FILE_LABEL)                                      \
	X("overlay-src", 1, SB_OVERLAY_SRC)                                    \
	X("overlay", 3, SB_OVERLAY)                                            \
	X("tmp-overlay", 1, SB_TMP_OVERLAY)                                    \
	X("ro-overlay", 1, SB_RO_OVERLAY)
/* ns-clone has these of its own (--info-fd with its own JSON). */
#define SANDBOX_BWRAP_ONLY(X)                                                  \
	X("hostname", 1, SB_HOSTNAME)                                          \
	X("die-with-parent", 0, SB_DIE_WITH_PARENT)                            \
	X("info-fd", 1, SB_INFO_FD)                                            \
	X("json-status-fd", 1, SB_JSON_STATUS_FD)                              \
	X("args", 1, SB_ARGS)                                                  \
	X("level-prefix", 0, SB_LEVEL_PREFIX)                                  \
	X("userns-block-fd", 1, SB_USERNS_BLOCK_FD)                            \
	X("sync-fd", 1, SB_SYNC_FD)                                            \
	X("lock-file", 1, SB_LOCK_FILE)

#define SB_CODE(name, words, code) code,
enum {
	SB_FIRST = 0x1000 - 1,
	SANDBOX_OPTIONS(SB_CODE) SANDBOX_BWRAP_ONLY(SB_CODE) SB_END
};
#undef SB_CODE

/* Entries for an applet's struct opt_long table; the words after the
 * first of a longer option are taken by sandbox_option(). */
#define SB_LONGOPT(name, words, code)                                          \
	{ name, words ? required_argument : no_argument, code },

/* One filesystem operation, applied in the order given. */
struct sandbox_op {
	unsigned char kind; /* SB_BIND ... SB_CHMOD */
	const char *src, *dest;
	const char *work;  /* --overlay's WORKDIR (src: its RWSRC) */
	unsigned int mode; /* --perms (or --chmod's), -1u: the default */
	int fd;		   /* --bind-fd, --file, --bind-data: the source */
	unsigned long size;
};

struct sandbox {
	struct sandbox_op *ops;
	int n, root;	    /* root: build a new root even with no operation */
	int bwrap;	    /* bubblewrap's grammar, defaults and messages */
	unsigned int perms; /* --perms for the next operation, -1u: none */
	unsigned long size; /* --size for the next --tmpfs, 0: none */
	int overlay_srcs;   /* --overlay-src given for the next overlay */
	const char *chdir;  /* --chdir */
	long uid, gid;	    /* --uid, --gid; -1: ours */
	int new_session, die_with_parent, pid_ns;
	int lo;		      /* --unshare-net: lo up */
	int as_pid_1;	      /* no reaper as PID 1 */
	int info_fd, json_fd; /* bwrap's --info-fd, --json-status-fd */
	int drop_caps;	      /* bwrap: E, P, I and bounding become caps */
	int caps_given;	      /* --cap-add or --cap-drop: the same */
	int root_user; /* bwrap started by uid 0: caps kept as they are */
	uint64_t caps; /* what the command keeps */
	struct sock_fprog *filters; /* --seccomp, --add-seccomp-fd, in order */
	int *filter_fds;	    /* theirs, read by sandbox_prepare() */
	struct sandbox_op
	    *env; /* --setenv (src=dest), --unsetenv, --clearenv */
	int n_env;
	int n_filters, seccomp_fd_given;
	char *old_cwd;	     /* bwrap's working directory rule */
	int nested, proc_fd; /* a second user namespace, for --dev */
	long nested_uid, nested_gid;
	int userns_fd, userns2_fd, pidns_fd; /* namespaces to join */
	int disable_userns, assert_userns_disabled, user_try;
	int block_fd, userns_block_fd, sync_fd; /* -1: none */
	const char **lock_files;		/* --lock-file, held by PID 1 */
	int n_locks;
	const char *exec_label; /* SELinux: the command's context */
	const char *file_label; /* and that of the files it makes */
};

/* The sandbox options' part of a --help text. */
extern const char sandbox_help[];

void sandbox_init(struct sandbox *sb);
/* An option of SANDBOX_OPTIONS under ns-clone's grammar: 1 if c was one
 * (taking the second word of a two-word option from argv), 0 if not. */
int sandbox_option(
    struct sandbox *sb, struct setup_plan *p, int c, int argc, char **argv);
/* bubblewrap's grammar and defaults for the whole command line; returns
 * the command. */
char **sandbox_parse_bwrap(
    struct sandbox *sb, struct setup_plan *p, int argc, char **argv);
/* Once the options are in: what they mean together, refused early. */
void sandbox_check(struct sandbox *sb, struct setup_plan *p);
/* In the parent once the options are checked (parsing only looks): the
 * environment options done in order, what their fds hold (the seccomp
 * programs) read, the SELinux labels checked. */
void sandbox_prepare(struct sandbox *sb);
/* In the parent before clone: the user and PID namespaces to join. */
void sandbox_join(const struct sandbox *sb);
/* In the parent once it has said where the child is: wait for
 * --userns-block-fd (whoever holds it writes the child's id maps). */
void sandbox_block_userns(struct sandbox *sb);
/* First in the child: what is not its to keep. */
void sandbox_child_start(const struct sandbox *sb);
/* In the child, in its new namespaces, before the credentials: build the
 * new root and enter it (newroot.c). */
void sandbox_apply(struct sandbox *sb);
/* In the parent once the child is set up: bubblewrap's JSON for
 * --info-fd and --json-status-fd (its pid, the namespaces it made). */
void sandbox_write_info(struct sandbox *sb, pid_t child, int flags);
/* The same for its end, if it exec'd: status as a shell sees it. */
void sandbox_write_exit(struct sandbox *sb, int status);
/* Last before exec: session, capabilities, no_new_privs. */
void sandbox_finish(const struct sandbox *sb);

#endif
