/* caps.h - capability sets: ambient, bounding, and by name. */
#ifndef NSBOX_CAPS_H
#define NSBOX_CAPS_H

#include <stdint.h>

/* A capability by its name as capsh prints it (cap_net_admin), in any
 * case, with or without cap_, or by its number; -1 if unknown. */
int caps_from_name(const char *name);
/* Our permitted set (0 if it cannot be read). */
uint64_t caps_permitted(void);
/* Effective, permitted and inheritable become caps, and each is raised
 * in the ambient set so a command that is not uid 0 keeps them across
 * exec. lenient: an ambient set the kernel refuses (before 4.3) is let
 * go, as bubblewrap does. -1 with errno on failure. */
int caps_set(uint64_t caps, int lenient);
/* Every permitted capability kept across exec (ns-exec --keep-caps). */
int caps_keep_ambient(void);
/* Drop from the bounding set every capability not in keep; -1 when
 * done, else the one that could not be dropped (errno set). */
int caps_bound(uint64_t keep);

#endif
