/* mountinfo.h - reading /proc/PID/mountinfo one entry at a time. */
#ifndef NSBOX_MOUNTINFO_H
#define NSBOX_MOUNTINFO_H

#include "common/lines.h"

struct mountinfo {
	int id, parent;
	unsigned int major, minor;
	char *root;	  /* unescaped */
	char *mountpoint; /* unescaped */
	char *options;
	char *optional; /* "shared:1 master:2", may be empty */
	char *fstype;
	char *source;
	char line[4096];
};

/* Opens path ("/proc/self/mountinfo" when NULL); -1 with errno on
 * failure. Close with lines_close. */
int mountinfo_open(struct lines *f, const char *path);
/* Next entry into *m; 1 if read, 0 at the end. Malformed lines skipped. */
int mountinfo_next(struct lines *f, struct mountinfo *m);
/* Parse one line in place; -1 if it is not a mountinfo line. */
int mountinfo_parse(char *line, struct mountinfo *m);
/* The entry with this mount id; -1 (ENOENT) if none. */
int mountinfo_find_id(const char *path, int id, struct mountinfo *m);
/* --propagation MODE: private, shared, slave (recursive) or unchanged
 * (0). -1 for anything else. */
int mount_propagation(const char *mode, unsigned long *flags);
/* Mount id of the mount that holds path (statx STATX_MNT_ID, or the
 * fdinfo of the file opened O_PATH before Linux 5.8); -1 with errno. */
int mount_id_of(const char *path);
/* Mount id of an open file (its /proc/self/fdinfo); -1 if unknown. */
int mount_id_of_fd(int fd);
/* Where our root is, for hints that must hold before they are given.
 * root_is_mount_root: 1 if / is the root of a mount, 0 if not (a chroot
 * into a directory: / cannot change propagation), -1 if the kernel
 * cannot say (before 5.8). in_chroot: 1 if our / is not our mount
 * namespace's root (the kernel then refuses new user namespaces), 0 if
 * it is, -1 if that cannot be seen (no /proc, no privilege). */
int root_is_mount_root(void);
/* The same for name in dir (not followed if a symlink); with no
 * STATX_ATTR_MOUNT_ROOT, a mount of another file system still shows. */
int is_mount_root_at(int dir, const char *name);
int in_chroot(void);

#endif
