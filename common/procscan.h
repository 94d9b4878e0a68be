/* procscan.h - what holds each namespace, found in one pass over /proc:
 * processes and their threads, *_for_children links, nsfs descriptors,
 * sockets (their network namespace), nsfs mounts in every mount
 * namespace a process is in, and the owners and parents these lead to.
 * Also the smaller walks: the processes in one namespace, the nsfs
 * mounts of one mount namespace, each mount namespace once. */
#ifndef NSBOX_PROCSCAN_H
#define NSBOX_PROCSCAN_H

#include <sys/types.h>

#include "common/mountinfo.h"
#include "common/ns.h"

/* The facts about one process that a namespace line shows. */
struct proc {
	pid_t pid, ppid;
	uid_t uid;
	char *command;
	long threads; /* from stat when it was read, else 0 */
};

/* One namespace, whatever holds it. */
struct nsent {
	unsigned long ino;
	const struct ns_type *type;
	int nprocs, tasks, children, fds, socks;
	pid_t pid;	   /* lowest PID in it, 0 if none */
	struct proc *proc; /* that process */
	char *mounts;	   /* "PATH,PATH@mnt:INO" */
	char *own_mounts;  /* mount points in our mount namespace, one a
			    * line */
	char *src;	   /* a path that opens it */
	int fd;		   /* open when only a socket or child shows it */
	unsigned long pns, ons, via; /* via: the child it was found by */
	unsigned long long id;
	int have_id, netnsid, have_netnsid;
	int walked;	 /* owner, parent and the rest looked up */
	uid_t owner_uid; /* for a namespace no process is in */
	int have_owner;
};

/* What procscan() found, in the order it met them: ns[0..n). The rest
 * is the scanner's own. */
struct ns_table {
	struct nsent *ns;
	int n, cap;
	int *index; /* open addressing on ino: ns index + 1 */
	int index_size;
	unsigned long self_mnt;
	int flags, nl; /* procscan()'s flags; netlink socket or -1 */
};
extern struct ns_table ns_table;

/* What to find out beyond the holders. */
enum {
	PROCSCAN_PPID = 1,    /* struct proc's ppid (else only if cheap) */
	PROCSCAN_ID = 2,      /* the 64-bit namespace id */
	PROCSCAN_NETNSID = 4, /* a network namespace's nsid, for us */
};

/* Fills ns_table; dies only when /proc cannot be read at all, or
 * without memory. */
void procscan(int flags);
struct nsent *procscan_find(unsigned long ino);

/* The inode a /proc/PID/ns link (name in nsdir) names; 0 if none. */
unsigned long procscan_ns_inode(int nsdir, const char *name);
/* The inode of each namespace of process pid into ino, indexed like
 * ns_types; 0 for one that cannot be read. */
void procscan_ns_of(pid_t pid, unsigned long ino[NS_TYPE_COUNT]);
/* Owner, command line (a kernel thread's name when it has none) and,
 * with PROCSCAN_PPID, PPID of process dir ("PID") under procdir. Dies
 * without memory. */
struct proc *procscan_proc(int procdir, const char *dir, pid_t pid, int flags);

/* Called for each process; nonzero stops the walk. */
typedef int proc_found(void *arg, int procdir, const char *dir, pid_t pid);
/* Each process in /proc, in increasing PID order; -1 if /proc cannot be
 * read, else what the last call returned. */
int procscan_each(proc_found *found, void *arg);
/* The same for each process in namespace ino of type t: its own, or with
 * threads any of its threads'. */
int procscan_in_ns(const struct ns_type *t, unsigned long ino, int threads,
    proc_found *found, void *arg);

/* Called once for each mount namespace, with the lowest PID in it. */
typedef void mnt_ns_found(void *arg, pid_t pid, unsigned long ino);
/* Each mount namespace a process is in, ours included; -1 if /proc
 * cannot be read. */
int procscan_mount_namespaces(mnt_ns_found *found, void *arg);

#endif
