/* nsfs.h - what the kernel's namespace filesystem looks like from user
 * space: the "TYPE:[INODE]" text of its links and mount roots, the pins
 * (nsfs files bound onto paths), and the run directory where network
 * namespaces are pinned by name. */
#ifndef NSBOX_NSFS_H
#define NSBOX_NSFS_H

#include <stddef.h>
#include <sys/types.h>

#include "common/mountinfo.h"
#include "common/ns.h"

/* "net:[4026531840]", as readlink(2) of /proc/PID/ns/net or of an fd
 * shows it and as an nsfs mount's root reads in mountinfo. The type, with
 * *ino set; NULL if s is not such a text or names no type we know. */
const struct ns_type *nsfs_parse_link(const char *s, unsigned long *ino);
/* The namespace an nsfs mount holds, *ino set; NULL if m is none. */
const struct ns_type *nsfs_mount_ns(
    const struct mountinfo *m, unsigned long *ino);
/* Called for each nsfs mount; type NULL for a type we do not know. */
typedef void nsfs_mount_found(void *arg, const struct mountinfo *m,
    const struct ns_type *type, unsigned long ino);
/* The nsfs mounts in the mount namespace of pid (ours when 0), in
 * mountinfo's order (a pin on top of another comes after it); -1 with
 * errno if its mountinfo cannot be read. */
int nsfs_mounts(pid_t pid, nsfs_mount_found *found, void *arg);
/* Is path a pin, an nsfs mount at exactly path in our mount table? 1
 * with *ino set to the namespace of the topmost, 0 if not, -1 with errno
 * if the mount table cannot be read. */
int nsfs_pin_at(const char *path, unsigned long *ino);
/* Make dir, where pins are to go, a mount of its own and private (rec:
 * MS_REC, the mounts below it too): bound onto itself unless it is a
 * mount point already. Dies on failure. */
void xnsfs_private_dir(const char *dir, unsigned long rec);
/* Take back the self-bind xnsfs_private_dir made of DIR, if it is one (a
 * mount point on its parent's file system): 0, or -1 with errno. */
int nsfs_unbind_private_dir(const char *dir);

/* Directory of named network namespaces: $NETNS_RUN_DIR, /run/netns. */
const char *netns_run_dir(void);

enum netns_name_rule {
	NETNS_NAME_FILE,   /* any file in the run directory */
	NETNS_NAME_STRICT, /* what ns-netns takes (its help says so) */
};
/* Why name cannot name a network namespace in the run directory, or NULL
 * if it can. Every rule wants one file name: not empty, ".", ".." nor
 * holding '/'. NETNS_NAME_STRICT also refuses a leading '-' (it would
 * read as an option), blanks and control characters (they break the
 * lists) and more than NAME_MAX bytes (said before any file is tried). */
const char *netns_name_bad(const char *name, enum netns_name_rule rule);
/* The file of the network namespace name, into buf, as format() puts
 * it: the length the whole path needs. -1 (EINVAL) for a name that is no
 * file name (NETNS_NAME_FILE), buf still holding the path, for a message. */
int netns_path(char *buf, size_t size, const char *name);

#endif
