/* idmap.h - uid_map/gid_map contents: building, parsing and writing them,
 * directly as root or through newuidmap/newgidmap without privilege. */
#ifndef NSBOX_IDMAP_H
#define NSBOX_IDMAP_H

#include <getopt.h>
#include <sys/types.h>

#define IDMAP_MAX 340 /* lines the kernel accepts in one map */

struct idmap_range {
	unsigned long inner, outer, count;
};

struct idmap {
	struct idmap_range range[IDMAP_MAX];
	int n;
};

enum idmap_kind { IDMAP_UID, IDMAP_GID };

/* What the user-namespace options ask for: -r, -c, --map-user,
 * --map-group, --map-users, --map-groups, --map-auto, --map-subids,
 * --setgroups. */
struct idmap_request {
	int single_uid, single_gid; /* a one-id map was asked for */
	uid_t inner_uid, outer_uid; /* outer: ours, read before unshare */
	gid_t inner_gid, outer_gid;
	struct idmap uid_ranges, gid_ranges;
	const char *setgroups; /* NULL: leave as it is */
};

enum {
	IDMAP_OPT_MAP_USER = 0x200,
	IDMAP_OPT_MAP_GROUP,
	IDMAP_OPT_MAP_USERS,
	IDMAP_OPT_MAP_GROUPS,
	IDMAP_OPT_MAP_AUTO,
	IDMAP_OPT_SETGROUPS,
	IDMAP_OPT_MAP_SUBIDS, /* not in IDMAP_LONGOPTS: ns-unshare's own */
};

/* The long options idmap_option() handles, for an applet's table. */
#define IDMAP_LONGOPTS                                                         \
	{ "map-root-user", no_argument, 'r' },                                 \
	    { "map-user", required_argument, IDMAP_OPT_MAP_USER },             \
	    { "map-group", required_argument, IDMAP_OPT_MAP_GROUP },           \
	    { "map-users", required_argument, IDMAP_OPT_MAP_USERS },           \
	    { "map-groups", required_argument, IDMAP_OPT_MAP_GROUPS },         \
	    { "map-auto", no_argument, IDMAP_OPT_MAP_AUTO },                   \
	{                                                                      \
		"setgroups", required_argument, IDMAP_OPT_SETGROUPS            \
	}

void idmap_request_init(struct idmap_request *req);
/* Take option c (-r, -c or an IDMAP_OPT_*) into req: 1 if it was one
 * (dies on a bad value), 0 if c is some other option. Each of them asks
 * for a new user namespace. */
int idmap_option(struct idmap_request *req, int c, const char *arg);

/* Append a range; -1 (EINVAL) if it overlaps one already there. */
int idmap_add(struct idmap *map, unsigned long inner, unsigned long outer,
    unsigned long count);
/* Map one id, cutting it out of any range that already maps that inner id
 * (so "-r" can sit inside "--map-users=auto"). */
int idmap_put_single(
    struct idmap *map, unsigned long inner, unsigned long outer);
/* --map-users values: INNER:OUTER:COUNT, the older OUTER,INNER,COUNT,
 * "auto" (the caller's first /etc/subuid block at 0), "subids" (that
 * block as itself) and "all" (the caller's own map, identity). 0 ok; -1 with
 * errno and *why set. */
int idmap_parse(struct idmap *map, enum idmap_kind kind, const char *spec,
    const char **why);
/* "inner outer count\n" lines; returns the length or -1 if too long. */
int idmap_format(const struct idmap *map, char *buf, size_t size);
/* Write "inner outer 1" to /proc/PID/{uid,gid}_map (PID 0: our own). */
int idmap_write_single(
    pid_t pid, enum idmap_kind kind, unsigned long inner, unsigned long outer);
/* Write /proc/PID/{uid,gid}_map (PID 0: our own) in one write(2). */
int idmap_write(pid_t pid, enum idmap_kind kind, const struct idmap *map);
/* Run newuidmap/newgidmap PID for the map and wait for it. */
int idmap_run_helper(pid_t pid, enum idmap_kind kind, const struct idmap *map);
/* Write "allow" or "deny" to /proc/PID/setgroups. */
int setgroups_write(pid_t pid, const char *value);

#endif
