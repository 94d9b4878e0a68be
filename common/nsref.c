/* nsref.c - resolve and open namespace references. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common/compat.h"
#include "common/format.h"
#include "common/nsfs.h"
#include "common/nsref.h"

/* Before Linux 4.11 there is no NS_GET_NSTYPE, but the file tells: an
 * nsfs file's link text is "TYPE:[INODE]", and a pin is the root of an
 * nsfs mount that mountinfo names so. */
static const struct ns_type *
type_from_file(int fd)
{
	char path[64], text[64];
	struct mountinfo m;
	unsigned long ino;
	const struct ns_type *type;
	ssize_t n;

	format(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, text, sizeof(text) - 1);
	if (n < 0)
		return NULL;
	text[n] = '\0';
	type = nsfs_parse_link(text, &ino);
	if (!type && mountinfo_find_id(NULL, mount_id_of_fd(fd), &m) == 0)
		type = nsfs_mount_ns(&m, &ino);
	return type;
}

const struct ns_type *
nsref_type_of(int fd)
{
	int flag = ioctl(fd, NS_GET_NSTYPE);
	const struct ns_type *type;

	if (flag < 0) {
		type = errno == ENOTTY ? type_from_file(fd) : NULL;
		if (!type)
			errno = ENOTTY;
		return type;
	}
	type = ns_by_flag(flag);
	if (!type)
		errno = EINVAL;
	return type;
}

static int
all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int
fail(struct nsref *ref, enum nsref_error error)
{
	int err = errno;

	if (ref->fd >= 0)
		close(ref->fd);
	ref->fd = -1;
	ref->error = error;
	ref->err = err;
	errno = err;
	return -1;
}

/* What a bare NAME (not a number, no slash) must be: a network namespace
 * unless a type is asked for. */
static const struct ns_type *
bare_type(const char *spec, const struct ns_type *want)
{
	if (want || all_digits(spec) || strchr(spec, '/'))
		return want;
	return ns_by_flag(CLONE_NEWNET);
}

enum nsref_error
nsref_path(const char *spec, const struct ns_type *want, char *buf, size_t size)
{
	int n;

	want = bare_type(spec, want);
	if (!*spec) {
		format(buf, size, "%s", spec);
		return NSREF_BAD_NAME;
	}
	if (all_digits(spec)) {
		if (!want)
			return NSREF_NO_TYPE;
		n = format(buf, size, "/proc/%s/ns/%s", spec, want->proc);
	} else if (strchr(spec, '/') || want->flag != CLONE_NEWNET ||
	    (n = netns_path(buf, size, spec)) < 0 ||
	    (access(buf, F_OK) && !access(spec, F_OK))) {
		/* A bare name is a file here, as nsenter takes it; for a
		 * network namespace only when the run directory has none of
		 * that name (which a message then names). */
		n = format(buf, size, "%s", spec);
	}
	if (n < 0 || (size_t)n >= size) {
		errno = ENAMETOOLONG;
		return NSREF_SYSTEM;
	}
	return NSREF_OK;
}

int
nsref_open(struct nsref *ref, const char *spec, const struct ns_type *want)
{
	enum nsref_error error;
	struct stat st;

	ref->fd = -1;
	ref->type = NULL;
	ref->want = want = bare_type(spec, want);
	ref->error = NSREF_OK;
	error = nsref_path(spec, want, ref->path, sizeof(ref->path));
	if (error != NSREF_OK)
		return fail(ref, error);
	/* Namespace files are regular files; anything else is refused
	 * unopened: a FIFO would block, a device could act on open. */
	if (stat(ref->path, &st) < 0)
		return fail(ref, NSREF_SYSTEM);
	if (!S_ISREG(st.st_mode))
		return fail(ref, NSREF_NOT_NSFS);
	ref->fd = open(ref->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (ref->fd < 0)
		return fail(ref, NSREF_SYSTEM);
	ref->type = nsref_type_of(ref->fd);
	if (!ref->type)
		return fail(ref, NSREF_NOT_NSFS);
	if (want && ref->type != want)
		return fail(ref, NSREF_WRONG_TYPE);
	return ref->fd;
}

const char *
nsref_strerror(const struct nsref *ref, char *buf, size_t size)
{
	switch (ref->error) {
	case NSREF_OK:
		format(buf, size, "%s: no error", ref->path);
		break;
	case NSREF_SYSTEM:
		format(buf, size, "%s: %s", ref->path, strerror(ref->err));
		break;
	case NSREF_NOT_NSFS:
		format(buf, size, "%s: not a namespace file", ref->path);
		break;
	case NSREF_WRONG_TYPE:
		format(buf, size, "%s is a %s namespace, not %s", ref->path,
		    ref->type->name, ref->want->name);
		break;
	case NSREF_BAD_NAME:
		format(buf, size,
		    "'%s': not a namespace reference (a PID, "
		    "a path, or a name)",
		    ref->path);
		break;
	case NSREF_NO_TYPE:
		format(
		    buf, size, "%s: a PID needs a namespace type", ref->path);
		break;
	}
	return buf;
}
