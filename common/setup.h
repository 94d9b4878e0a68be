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

#include <sched.h>
#include <sys/mount.h>
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
	const char *binfmt_dir;	   /* a new binfmt_misc there (NULL: none) */
	const char *interp;	   /* a binfmt_misc register string */
	const char *pid_opts;	   /* options that give a PID namespace a
				      new proc can be mounted for (a hint) */
	struct pinset pins;	   /* nsfs bind mounts that keep them */
	const char *pin_dir;	   /* ns-clone --pin: a pin of each type */
	const char *cgroup;	   /* cgroup v2 directory to start in */

	/* What setup_plan_finish() decided from all of the above: */
	const char *setgroups; /* to write to setgroups; NULL: leave it.
				  The one rule, util-linux's: --setgroups
				  if given, else "deny" for a gid map of
				  one id, whoever writes it */
	int map_writer[2];     /* per idmap_kind, who writes that map:
				  SETUP_OWN_MAPS, SETUP_OUTSIDE_MAPS, 0 */
};

/* What setup_write_ids() writes. */
enum {
	SETUP_SETGROUPS = 1,
	SETUP_OWN_MAPS = 2,	/* of our own id alone: from inside */
	SETUP_OUTSIDE_MAPS = 4, /* ranges: from the parent user namespace */
	SETUP_ALL_IDS = 7,
};

/* --- planning: before anything changes --------------------------------- */

static inline void
setup_plan_init(struct setup_plan *p)
{
	idmap_request_init(&p->map);
	p->propagation = MS_REC | MS_PRIVATE;
}
/* -r, -c, --map-* and --setgroups: 1 if c was one (each but --setgroups
 * asks for a new user namespace), 0 if not; dies on a bad value. Inline:
 * every option of an applet passes here. */
static inline int
setup_idmap_option(struct setup_plan *p, int c, const char *arg)
{
	if (!idmap_option(&p->map, c, arg))
		return 0;
	if (c != IDMAP_OPT_SETGROUPS)
		p->flags |= CLONE_NEWUSER;
	return 1;
}
/* Once the options are in: refuse what cannot work together, naming the
 * options; join a one-id map to ranges given beside it (a map is written
 * once); decide who writes each map and what setgroups gets. */
void setup_plan_finish(struct setup_plan *p);

/* --- the ids: setgroups and the maps ------------------------------------ */

/* Write PID's (0: our own) setgroups and maps, in the order the kernel
 * needs: setgroups first ("deny" is taken only before gid_map is set,
 * and a gid map without privilege only after it), then uid_map and
 * gid_map, each directly where we may (as root, or our own id alone),
 * else through newuidmap/newgidmap. 0, or -1 with errno and *failed the
 * file's name ("setgroups", "uid_map", "gid_map"). */
int setup_write_ids(
    const struct setup_plan *p, pid_t pid, int which, const char **failed);

/* --- the steps of the process that will exec, in their order ----------- */

/* Each step is an inline test of the plan, then its work out of line: a
 * step with nothing to do costs no call (ns-unshare's instructions per
 * run are a bench row). */

/* Before anyone is in the new time namespace: its clock offsets. */
void setup_apply_time_offsets(const struct setup_plan *p);
static inline void
setup_time_offsets(const struct setup_plan *p)
{
	if (p->have_monotonic || p->have_boottime)
		setup_apply_time_offsets(p);
}
/* Host and domain name in the new UTS namespace. */
void setup_apply_identity(const struct setup_plan *p);
static inline void
setup_identity(const struct setup_plan *p)
{
	if (p->hostname || p->domainname)
		setup_apply_identity(p);
}
/* lo up in the new network namespace (unshare -n leaves it down). */
void setup_apply_lo(const struct setup_plan *p);
static inline void
setup_lo(const struct setup_plan *p)
{
	if (p->lo_up)
		setup_apply_lo(p);
}
/* Propagation of /, then the new root and working directory, then proc
 * (inside the new root, made private first so it does not propagate
 * back where we came from), then binfmt_misc and its interpreter. */
void setup_apply_mounts(const struct setup_plan *p);
static inline void
setup_mounts(const struct setup_plan *p)
{
	if ((p->flags & CLONE_NEWNS) || p->rootfs || p->root || p->wd ||
	    p->proc_dir)
		setup_apply_mounts(p);
}

#endif
