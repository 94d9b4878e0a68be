/* nsref.h - namespace references, one parser for every applet:
 *   PID            /proc/PID/ns/TYPE (the type must be known)
 *   /path, ./path  any nsfs file: /proc/PID/ns/X, a pin, /run/netns/NAME
 *   NAME           for a network namespace (the type when none is asked
 *                  for): NAME in $NETNS_RUN_DIR (/run/netns) if it is
 *                  there, else the file NAME here; for another type, the
 *                  file NAME here (as nsenter --uts=NAME takes it)
 * The type of a file is asked of the kernel (NS_GET_NSTYPE; before Linux
 * 4.11, the file's nsfs link text or mount root), never guessed from its
 * name. */
#ifndef NSBOX_NSREF_H
#define NSBOX_NSREF_H

#include <stddef.h>

#include "common/ns.h"
#include "common/nsfs.h" /* a NAME is a netns_path() */

enum nsref_error {
	NSREF_OK,
	NSREF_SYSTEM,	/* errno says why (ENOENT, EACCES, ESRCH...) */
	NSREF_NOT_NSFS, /* the file is not a namespace file */
	NSREF_WRONG_TYPE,
	NSREF_BAD_NAME, /* an empty reference */
	NSREF_NO_TYPE,	/* a PID without a type to pick */
};

struct nsref {
	int fd;			    /* O_RDONLY|O_CLOEXEC nsfs file */
	const struct ns_type *type; /* what the kernel says it is */
	const struct ns_type *want; /* what it must be (NULL: any) */
	char path[4096];	    /* as opened, for messages */
	enum nsref_error error;
	int err; /* errno of NSREF_SYSTEM */
};

/* The path spec stands for, into buf; no file is opened. */
enum nsref_error nsref_path(
    const char *spec, const struct ns_type *want, char *buf, size_t size);
/* Open ref; want (may be NULL) is the type it must have. Returns the fd,
 * or -1 with ref->error (and errno for NSREF_SYSTEM) set. */
int nsref_open(struct nsref *ref, const char *spec, const struct ns_type *want);
/* The kernel's type of an open nsfs file; NULL (errno) if it is none. */
const struct ns_type *nsref_type_of(int fd);
/* One line naming what went wrong, for die(). */
const char *nsref_strerror(const struct nsref *ref, char *buf, size_t size);

#endif
