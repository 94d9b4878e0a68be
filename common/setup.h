/* setup.h - the setup plan: which namespaces a command starts in and how
 * they are set up before it runs, and the steps that apply it.
 *
 * The steps are split by who runs them. The process that will exec sets
 * up its own namespaces from inside (time offsets, names, lo, mounts,
 * root). The id maps of a new user namespace are partly the outside's
 * to write: a process left in the old namespaces writes them for PID
 * (ns-clone's parent across the sync pipe, ns-unshare's helper forked
 * before unshare). ns-unshare applies a plan to itself; ns-clone splits
 * it between parent and child. */
#ifndef NSBOX_SETUP_H
#define NSBOX_SETUP_H

#include <sys/types.h>

#include "common/cred.h"
#include "common/idmap.h"
#include "common/pin.h"

struct setup_plan {
	int flags; /* CLONE_NEW* to create */
	struct idmap_request map;
	struct cred_request cred;
	int have_monotonic, have_boottime; /* time namespace offsets */
	long long monotonic, boottime;
	const char *hostname, *domainname;
	int lo_up;
	unsigned long propagation; /* of /, MS_* flags; 0: unchanged */
	const char *rootfs;	   /* pivot_root(2) into it */
	const char *root;	   /* chroot(2) into it */
	const char *wd;		   /* working directory, after the root */
	const char *proc_dir;	   /* mount a new proc there (NULL: none) */
	const char *pid_opts;	   /* options that give a PID namespace a
				      new proc can be mounted for (a hint) */
	struct pinset pins;	   /* nsfs bind mounts that keep them */
	const char *pin_dir;	   /* ns-clone --pin: a pin of each type */
	const char *cgroup;	   /* cgroup v2 directory to start in */
};

/* --- planning: before anything changes --------------------------------- */

void setup_plan_init(struct setup_plan *p);
/* -r, -c, --map-* and --setgroups: 1 if c was one (each but --setgroups
 * asks for a new user namespace), 0 if not; dies on a bad value. */
int setup_idmap_option(struct setup_plan *p, int c, const char *arg);
/* Refuse what cannot work together, naming the options. */
void setup_check(const struct setup_plan *p);
/* A one-id map given with ranges joins them: a map is written once. */
void setup_join_maps(struct setup_plan *p);

/* --- the ids: setgroups and the maps ------------------------------------ */

/* The one setgroups rule, util-linux's: --setgroups if given, else
 * "deny" for a gid map of one id, whoever runs it; NULL: leave it. */
const char *setup_setgroups(const struct setup_plan *p);
/* The ranges of the map of kind (a lone one-id request is not among
 * them: setup_join_maps joins it only to ranges). */
static inline const struct idmap *
setup_ranges(const struct setup_plan *p, enum idmap_kind kind)
{
	return kind == IDMAP_UID ? &p->map.uid_ranges : &p->map.gid_ranges;
}
/* 1 if the map of kind must be written from the parent user namespace:
 * ranges, unless all that is left of them is our own id, joined (our
 * own id alone we may map from inside). Inline: every step of writing
 * the ids asks it. */
static inline int
setup_map_from_outside(const struct setup_plan *p, enum idmap_kind kind)
{
	int n = setup_ranges(p, kind)->n;
	int single = kind == IDMAP_UID ? p->map.single_uid : p->map.single_gid;

	return n && !(n == 1 && single);
}

/* What setup_write_ids() writes. */
enum {
	SETUP_SETGROUPS = 1,
	SETUP_OWN_MAPS = 2,	/* a map of our own id alone */
	SETUP_OUTSIDE_MAPS = 4, /* the others */
	SETUP_ALL_IDS = 7,
};
/* Write PID's (0: our own) setgroups and maps, in the order the kernel
 * needs: setgroups first ("deny" is taken only before gid_map is set,
 * and a gid map without privilege only after it), then uid_map and
 * gid_map, each directly where we may (as root, or our own id alone),
 * else through newuidmap/newgidmap. 0, or -1 with errno and *failed the
 * file's name ("setgroups", "uid_map", "gid_map"). */
int setup_write_ids(
    const struct setup_plan *p, pid_t pid, int which, const char **failed);

/* --- the steps of the process that will exec, in their order ----------- */

/* Before anyone is in the new time namespace: its clock offsets. */
void setup_time_offsets(const struct setup_plan *p);
/* Host and domain name in the new UTS namespace. */
void setup_identity(const struct setup_plan *p);
/* lo up in the new network namespace (unshare -n leaves it down). */
void setup_lo(const struct setup_plan *p);
/* Propagation of /, then the new root and working directory, then proc
 * (inside the new root, made private first so it does not propagate
 * back where we came from). */
void setup_mounts(const struct setup_plan *p);

#endif
