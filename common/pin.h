/* pin.h - keeping namespaces alive by bind-mounting their nsfs files. */
#ifndef NSBOX_PIN_H
#define NSBOX_PIN_H

#include <sys/types.h>

#include "common/feature.h"
#include "common/helper.h"
#include "common/ns.h"

/* The file a pin goes onto, held open from its making to its mount. */
struct pin_file {
	int dir;	      /* its directory, O_PATH */
	const char *base;     /* its name there (in the path given) */
	int fd;		      /* the file itself, locked if regular */
	int created;	      /* made by us, or debris we took over:
				 removed again on failure */
	unsigned long pinned; /* a pin already: its namespace inode */
};

/* Open (or make, with mode) the file at path a pin is to go onto, never
 * through a symlink in its last component (ELOOP) nor a directory
 * (EISDIR). A regular file stays locked while f is open; EBUSY if
 * another process holds it, or it changed while being opened. Mount onto
 * /proc/self/fd/FD: the object opened is the object mounted on. */
int pin_file_open(const char *path, mode_t mode, struct pin_file *f);
/* The same for base in dir, an O_PATH descriptor f takes over. */
int pin_file_openat(int dir, const char *base, mode_t mode, struct pin_file *f);
/* The directory path is in (O_PATH), *name set to its last component. */
int pin_parent_open(const char *path, const char **name);
/* Say why pin_file_open failed for path, on one line. */
void pin_file_warn(const char *path);
/* Close f, and remove the file if it was made by us. */
void pin_file_remove(struct pin_file *f);
/* Is name in dir what a run killed before its mount left: an empty
 * regular file without write bits, unlocked and not mounted on? */
int pin_file_is_debris(int dir, const char *name);

struct pin {
	const struct ns_type *type;
	char path[4096];
	int children;	 /* bind pid_for_children / time_for_children */
	const char *src; /* an nsfs file to bind instead of /proc/PID/ns */
	struct pin_file file;
	int in_run_dir;	     /* a netns name: the file is in netns_run_dir();
			      * -1: a name that is none, refused when made */
	unsigned long bound; /* the namespace we mounted there */
};

struct pinset {
	struct pin pin[16];
	int n;
	int made_run_dir; /* removed on undo too, if left empty */
	pid_t source;	  /* whose /proc/PID/ns files are bound */
	pid_t owner;	  /* the process whose exit undoes the pins */
	int committed;
	struct helper helper; /* binds from the old namespaces, if used */
	int in_dir, dir;      /* pins made by name in dir, if in_dir */
};

/* The pins in a set: none in a build without them, which is what lets
 * the compiler drop the code that would bind them. */
static inline int
pinset_count(const struct pinset *set)
{
	return HAVE_PINS ? set->n : 0;
}

/* Resolve a pin argument: a name without '/' for a network namespace lives
 * in the netns run directory ($NETNS_RUN_DIR, /run/netns). */
int pin_add(struct pinset *set, const struct ns_type *type, const char *arg,
    int children);
/* A pin onto exactly path (no name lookup). */
int pin_add_path(struct pinset *set, const struct ns_type *type,
    const char *path, int children);
/* Make every pin by its last name in dir, opened now and not walked
 * again (never a symlink: ELOOP), as pin paths are "dir/NAME". */
int pinset_in_dir(struct pinset *set, const char *dir);
/* Check and create every target file. With a helper, binding is done by a
 * process forked now, which stays in the current namespaces (needed when
 * the caller is about to leave its mount or user namespace). */
int pinset_prepare(struct pinset *set, pid_t source, int use_helper);
int pinset_bind(struct pinset *set);
/* Undo binds and remove files we created; reports what it cannot undo. */
void pinset_undo(struct pinset *set);
/* Keep the pins: they outlive us now. */
void pinset_keep(struct pinset *set);
/* Mount point of the shared mount that holds path, or NULL. */
const char *pin_shared_mount(const char *path, char *buf, size_t size);

#endif
