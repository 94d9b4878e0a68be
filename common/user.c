/* user.c - minimal /etc/passwd and /etc/group lookups. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/lines.h"
#include "common/opt.h"
#include "common/user.h"

/* Find the line whose field 0 (by name) or field 2 (by id) matches and
 * return field 0 and field 2 of it. */
static int
db_lookup(const char *path, const char *name, unsigned long id, char *name_out,
    size_t name_size, unsigned long *id_out)
{
	char line[1024];
	struct lines f;
	int found = -1;

	if (lines_open(&f, path) < 0)
		return -1;
	while (found < 0 && lines_next(&f, line, sizeof(line))) {
		char *field[4] = { line };
		char *p = line;
		unsigned long v;
		int n = 1;

		while (n < 4 && (p = strchr(p, ':'))) {
			*p++ = '\0';
			field[n++] = p;
		}
		if (n < 4)
			continue;
		*strchrnul(field[2], ':') = '\0';
		if (parse_ulong(field[2], UINT_MAX, &v) < 0)
			continue;
		if (name ? strcmp(field[0], name) != 0 : v != id)
			continue;
		if (name_out && strlen(field[0]) < name_size)
			strcpy(name_out, field[0]);
		if (id_out)
			*id_out = v;
		found = 0;
	}
	lines_close(&f);
	if (found < 0)
		errno = ENOENT;
	return found;
}

int
user_to_uid(const char *spec, uid_t *uid)
{
	unsigned long v;

	if (parse_ulong(spec, UINT_MAX - 1, &v) == 0 ||
	    db_lookup("/etc/passwd", spec, 0, NULL, 0, &v) == 0) {
		*uid = (uid_t)v;
		return 0;
	}
	return -1;
}

int
group_to_gid(const char *spec, gid_t *gid)
{
	unsigned long v;

	if (parse_ulong(spec, UINT_MAX - 1, &v) == 0 ||
	    db_lookup("/etc/group", spec, 0, NULL, 0, &v) == 0) {
		*gid = (gid_t)v;
		return 0;
	}
	return -1;
}

int
uid_to_name(uid_t uid, char *buf, size_t size)
{
	return db_lookup("/etc/passwd", NULL, uid, buf, size, NULL);
}
