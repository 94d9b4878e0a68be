/* nsfs.h - what the kernel's namespace filesystem looks like from user
 * space: the "TYPE:[INODE]" text of its links and mount roots. */
#ifndef NSBOX_NSFS_H
#define NSBOX_NSFS_H

#include "common/ns.h"

/* "net:[4026531840]", as readlink(2) of /proc/PID/ns/net or of an fd
 * shows it and as an nsfs mount's root reads in mountinfo. The type, with
 * *ino set; NULL if s is not such a text or names no type we know. */
const struct ns_type *nsfs_parse_link(const char *s, unsigned long *ino);

#endif
