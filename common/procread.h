/* procread.h - the reading half of procscan: a look at each process,
 * shared with a helper process when that pays. Only procscan.c uses it;
 * applets use procscan.h. */
#ifndef NSBOX_PROCREAD_H
#define NSBOX_PROCREAD_H

#include <stddef.h>
#include <sys/types.h>

#include "common/ns.h"
#include "common/procscan.h"

/* What the kernel says of a namespace's owner and parent, asked by
 * whoever first met it. */
struct related {
	unsigned long ons, pns;
	unsigned long long id;
	char asked, have_id;
};

struct fd_note {
	int fd;
	int type; /* index in ns_types, -1 for a socket */
	unsigned long ino;
};

struct look {
	pid_t pid;
	int done; /* looked at, by us or by the helper */
	int ok;	  /* its namespaces could be read */
	unsigned long ino[NS_TYPE_COUNT], children[NS_TYPE_COUNT];
	struct related rel[NS_TYPE_COUNT]; /* namespaces new to the looker */
	long threads;
	int have_proc; /* uid, ppid and command read */
	struct proc proc;
	size_t command;	       /* offset in looks.text */
	int first_note, notes; /* notes -1: too many, count them again */
};

/* One shared mapping: the looks, their fd notes and command lines. */
struct looks {
	int next; /* first look not claimed yet */
	int nlooks, nnotes, notes_cap;
	size_t text_used, text_cap, size;
	struct look *look;
	struct fd_note *notes;
	char *text;
};

/* A look at each of the n processes, in pids' (increasing) order; flags
 * as procscan's. Descriptors open now are kept (fd_keep) by the caller. */
struct looks *looks_read(int procdir, const pid_t *pids, int n, int flags);
void looks_free(struct looks *looks);

/* A descriptor that matters: a namespace (type and inode) or, with type
 * NULL, a socket. */
typedef void fd_found(
    void *arg, int fd, const struct ns_type *type, unsigned long ino);
/* Each such descriptor of process dir ("PID") under procdir. */
void read_fds(int procdir, const char *dir, fd_found *found, void *arg);

/* Given an ancestor's fd (which it now owns), its inode, and the inode
 * of the namespace it was asked for. */
typedef void learn_fn(int fd, unsigned long ino, unsigned long child);
/* Owner and parent (and with want_id the id) of namespace fd of type t;
 * with learn, each ancestor fd goes to it. */
void ask_related(int fd, const struct ns_type *t, struct related *r,
    int want_id, learn_fn *learn, unsigned long child);

#endif
