/* idmap.c - building and writing user-namespace id maps. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/compat.h"
#include "common/die.h"
#include "common/format.h"
#include "common/idmap.h"
#include "common/lines.h"
#include "common/opt.h"
#include "common/scan.h"
#include "common/user.h"

static int
overlaps(unsigned long a, unsigned long an, unsigned long b, unsigned long bn)
{
	return a < b + bn && b < a + an;
}

int
idmap_add(struct idmap *map, unsigned long inner, unsigned long outer,
    unsigned long count)
{
	if (count == 0 || inner + count - 1 < inner ||
	    outer + count - 1 < outer || inner + count - 1 > UINT_MAX - 1 ||
	    outer + count - 1 > UINT_MAX - 1) {
		errno = ERANGE;
		return -1;
	}
	for (int i = 0; i < map->n; i++) {
		const struct idmap_range *r = &map->range[i];

		if (overlaps(r->inner, r->count, inner, count) ||
		    overlaps(r->outer, r->count, outer, count)) {
			errno = EINVAL;
			return -1;
		}
	}
	if (map->n == IDMAP_MAX) {
		errno = E2BIG;
		return -1;
	}
	map->range[map->n++] = (struct idmap_range){ inner, outer, count };
	return 0;
}

int
idmap_put_single(struct idmap *map, unsigned long inner, unsigned long outer)
{
	for (int i = 0; i < map->n; i++) {
		struct idmap_range *r = &map->range[i];
		struct idmap_range tail;

		if (!overlaps(r->inner, r->count, inner, 1) &&
		    !overlaps(r->outer, r->count, outer, 1))
			continue;
		/* Cut the one id out: [start, id) stays, (id, end) moves to
		 * a new range; both keep their inner-to-outer offset. */
		if (overlaps(r->inner, r->count, inner, 1)) {
			tail.inner = inner + 1;
			tail.outer = r->outer + (inner + 1 - r->inner);
			tail.count = r->inner + r->count - (inner + 1);
			r->count = inner - r->inner;
		} else {
			tail.outer = outer + 1;
			tail.inner = r->inner + (outer + 1 - r->outer);
			tail.count = r->outer + r->count - (outer + 1);
			r->count = outer - r->outer;
		}
		if (tail.count && map->n < IDMAP_MAX)
			map->range[map->n++] = tail;
		if (r->count == 0)
			*r = map->range[--map->n];
		i = -1; /* start over: the tail may overlap too */
	}
	return idmap_add(map, inner, outer, 1);
}

/* The caller's first block in /etc/subuid (or subgid), by name or uid. */
static int
subid_block(enum idmap_kind kind, unsigned long *start, unsigned long *count)
{
	const char *path = kind == IDMAP_UID ? "/etc/subuid" : "/etc/subgid";
	unsigned long id = geteuid();
	char name[256] = "", line[512];
	struct lines f;
	int found = -1;

	uid_to_name((uid_t)id, name, sizeof(name));
	if (lines_open(&f, path) < 0)
		return -1;
	while (found < 0 && lines_next(&f, line, sizeof(line))) {
		char *owner = strtok(line, ":\n"), *s = strtok(NULL, ":\n");
		char *n = strtok(NULL, ":\n");
		unsigned long uid;

		if (!owner || !s || !n)
			continue;
		if (strcmp(owner, name) &&
		    (parse_ulong(owner, UINT_MAX, &uid) < 0 || uid != id))
			continue;
		if (parse_ulong(s, UINT_MAX, start) == 0 &&
		    parse_ulong(n, UINT_MAX, count) == 0 && *count > 0)
			found = 0;
	}
	lines_close(&f);
	if (found < 0)
		errno = ENOENT;
	return found;
}

/* Identity copy of the caller's own map: every id it has stays itself. */
static int
add_all(struct idmap *map, enum idmap_kind kind)
{
	const char *path =
	    kind == IDMAP_UID ? "/proc/self/uid_map" : "/proc/self/gid_map";
	char line[128];
	struct lines f;
	int rc = 0;

	if (lines_open(&f, path) < 0)
		return -1;
	/* "inner outer count": our inner ids map to themselves. */
	while (rc == 0 && lines_next(&f, line, sizeof(line))) {
		char *end;
		unsigned long inner = (unsigned long)scan_ull(line, &end);

		scan_ull(end, &end);
		rc = idmap_add(
		    map, inner, inner, (unsigned long)scan_ull(end, NULL));
	}
	lines_close(&f);
	return rc;
}

int
idmap_parse(
    struct idmap *map, enum idmap_kind kind, const char *spec, const char **why)
{
	unsigned long v[3];
	char buf[96], *part[3], *sep;
	int n = 0;

	*why = "expected INNER:OUTER:COUNT, auto, subids or all";
	/* auto: the block at 0; subids: the block as itself. */
	if (!strcmp(spec, "auto") || !strcmp(spec, "subids")) {
		if (!HAVE_SUBIDS) {
			*why = "subordinate ids are left out of this build "
			       "(WITHOUT=subids)";
			errno = ENOTSUP;
			return -1;
		}
		*why = kind == IDMAP_UID
		    ? "no block for this user in "
		      "/etc/subuid"
		    : "no block for this user in /etc/subgid";
		if (subid_block(kind, &v[1], &v[2]) < 0)
			return -1;
		*why = "overlaps another mapping";
		return idmap_add(map, *spec == 'a' ? 0 : v[1], v[1], v[2]);
	}
	if (!strcmp(spec, "all")) {
		*why = "cannot copy the current map";
		return add_all(map, kind);
	}
	if (strlen(spec) >= sizeof(buf)) {
		errno = EINVAL;
		return -1;
	}
	strcpy(buf, spec);
	/* util-linux 2.38 wrote OUTER,INNER,COUNT; 2.39 on INNER:OUTER:COUNT */
	sep = strchr(buf, ':') ? ":" : ",";
	for (char *p = buf; n < 3; n++) {
		part[n] = p;
		p = strpbrk(p, sep);
		if (!p)
			break;
		*p++ = '\0';
	}
	if (n != 2 || strpbrk(part[2], ":,")) {
		errno = EINVAL;
		return -1;
	}
	for (int i = 0; i < 3; i++)
		if (parse_ulong(part[i], UINT_MAX - 1, &v[i]) < 0)
			return -1;
	if (*sep == ',') {
		unsigned long t = v[0];

		v[0] = v[1];
		v[1] = t;
	}
	*why = "overlaps another mapping or leaves the id range";
	return idmap_add(map, v[0], v[1], v[2]);
}

/* Decimal digits of v at p; returns the end. (snprintf is most of what
 * a plain ns-unshare -r would otherwise execute.) */
static char *
put_ulong(char *p, unsigned long v)
{
	char digits[24];
	int n = 0;

	do
		digits[n++] = (char)('0' + v % 10);
	while ((v /= 10));
	while (n)
		*p++ = digits[--n];
	return p;
}

int
idmap_format(const struct idmap *map, char *buf, size_t size)
{
	char *p = buf;

	for (int i = 0; i < map->n; i++) {
		const struct idmap_range *r = &map->range[i];

		/* Three numbers of at most 20 digits, blanks, newline. */
		if ((size_t)(p - buf) + 64 > size) {
			errno = E2BIG;
			return -1;
		}
		p = put_ulong(p, r->inner);
		*p++ = ' ';
		p = put_ulong(p, r->outer);
		*p++ = ' ';
		/* A count of 1 (every one-id map) needs no conversion. */
		if (r->count == 1)
			*p++ = '1';
		else
			p = put_ulong(p, r->count);
		*p++ = '\n';
	}
	return (int)(p - buf);
}

static int
write_proc_file(pid_t pid, const char *name, const char *buf, size_t len)
{
	char path[64], *p = path;
	int fd, rc = 0;

	memcpy(p, "/proc/", 6);
	p += 6;
	if (pid) {
		p = put_ulong(p, (unsigned long)pid);
	} else {
		memcpy(p, "self", 4);
		p += 4;
	}
	*p++ = '/';
	/* A name of a few bytes: copied bytewise, cheaper than measured. */
	while ((*p++ = *name++) != '\0')
		;
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (write(fd, buf, len) != (ssize_t)len)
		rc = -1;
	if (rc < 0) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return close(fd);
}

int
idmap_write_single(
    pid_t pid, enum idmap_kind kind, unsigned long inner, unsigned long outer)
{
	char buf[48], *p = buf;

	p = put_ulong(p, inner);
	*p++ = ' ';
	p = put_ulong(p, outer);
	memcpy(p, " 1\n", 3);
	return write_proc_file(pid, kind == IDMAP_UID ? "uid_map" : "gid_map",
	    buf, (size_t)(p + 3 - buf));
}

int
idmap_write(pid_t pid, enum idmap_kind kind, const struct idmap *map)
{
	char buf[IDMAP_MAX * 36];
	int len = idmap_format(map, buf, sizeof(buf));

	if (len < 0)
		return -1;
	return write_proc_file(
	    pid, kind == IDMAP_UID ? "uid_map" : "gid_map", buf, (size_t)len);
}

int
setgroups_write(pid_t pid, const char *value)
{
	int rc = write_proc_file(pid, "setgroups", value, strlen(value));

	/* Kernels before 3.19 have no setgroups file: nothing to deny. */
	return rc < 0 && errno == ENOENT ? 0 : rc;
}

int
idmap_run_helper(pid_t pid, enum idmap_kind kind, const struct idmap *map)
{
	const char *prog = kind == IDMAP_UID ? "newuidmap" : "newgidmap";
	char *argv[2 + 3 * IDMAP_MAX + 1];
	char numbers[(1 + 3 * IDMAP_MAX) * 12];
	char *p = numbers;
	int argc = 0, status;
	pid_t child;

	if (!HAVE_SUBIDS) { /* refused by setup_plan_finish() already */
		errno = ENOTSUP;
		return -1;
	}
	argv[argc++] = (char *)prog;
	argv[argc++] = p;
	p = put_ulong(p, (unsigned long)pid);
	*p++ = '\0';
	for (int i = 0; i < map->n; i++) {
		const struct idmap_range *r = &map->range[i];
		unsigned long v[3] = { r->inner, r->outer, r->count };

		for (int j = 0; j < 3; j++) {
			argv[argc++] = p;
			p = put_ulong(p, v[j]);
			*p++ = '\0';
		}
	}
	argv[argc] = NULL;
	child = _Fork();
	if (child < 0)
		return -1;
	if (child == 0) {
		execvp(prog, argv);
		warn_errno("failed to execute %s", prog);
		if (errno == ENOENT)
			hint("install %s (Debian package uidmap) to map id "
			     "ranges without privilege",
			    prog);
		_exit(errno == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC);
	}
	while (waitpid(child, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errno = EPERM;
		return -1;
	}
	return 0;
}

void
idmap_request_init(struct idmap_request *req)
{
	/* Field by field: the range tables are 8 KiB each, and zeroing
	 * them was half of what a plain ns-unshare executed. */
	req->single_uid = req->single_gid = 0;
	req->inner_uid = 0;
	req->inner_gid = 0;
	req->uid_ranges.n = req->gid_ranges.n = 0;
	req->setgroups = NULL;
	req->outer_uid = geteuid();
	req->outer_gid = getegid();
}

static void
add_ranges(
    struct idmap *map, enum idmap_kind kind, const char *opt, const char *value)
{
	const char *why;

	if (idmap_parse(map, kind, value, &why) < 0)
		die("%s=%s: %s", opt, value, why);
}

int
idmap_option(struct idmap_request *req, int c, const char *arg)
{
	switch (c) {
	case 'r':
		req->single_uid = req->single_gid = 1;
		req->inner_uid = 0;
		req->inner_gid = 0;
		break;
	case 'c':
		req->single_uid = req->single_gid = 1;
		req->inner_uid = req->outer_uid;
		req->inner_gid = req->outer_gid;
		break;
	case IDMAP_OPT_MAP_USER:
		if (user_to_uid(arg, &req->inner_uid) < 0)
			die("--map-user: no such user '%s' in /etc/passwd",
			    arg);
		req->single_uid = 1;
		break;
	case IDMAP_OPT_MAP_GROUP:
		if (group_to_gid(arg, &req->inner_gid) < 0)
			die("--map-group: no such group '%s' in /etc/group",
			    arg);
		req->single_gid = 1;
		break;
	case IDMAP_OPT_MAP_USERS:
		add_ranges(&req->uid_ranges, IDMAP_UID, "--map-users", arg);
		break;
	case IDMAP_OPT_MAP_GROUPS:
		add_ranges(&req->gid_ranges, IDMAP_GID, "--map-groups", arg);
		break;
	case IDMAP_OPT_MAP_AUTO:
	case IDMAP_OPT_MAP_SUBIDS:
		arg = c == IDMAP_OPT_MAP_AUTO ? "auto" : "subids";
		add_ranges(&req->uid_ranges, IDMAP_UID, "--map-users", arg);
		add_ranges(&req->gid_ranges, IDMAP_GID, "--map-groups", arg);
		break;
	case IDMAP_OPT_SETGROUPS:
		if (strcmp(arg, "allow") && strcmp(arg, "deny"))
			die("unsupported --setgroups argument '%s' (allow or "
			    "deny)",
			    arg);
		req->setgroups = arg;
		return 1; /* not a user namespace by itself */
	default:
		return 0;
	}
	return 1;
}
