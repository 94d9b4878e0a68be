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

const struct ns_type *
nsref_type_of(int fd)
{
	int flag = ioctl(fd, NS_GET_NSTYPE);
	const struct ns_type *type;

	if (flag < 0)
		return NULL;
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

enum nsref_error
nsref_path(const char *spec, const struct ns_type *want, char *buf, size_t size)
{
	int n;

	if (all_digits(spec)) {
		if (!want)
			return NSREF_NO_TYPE;
		n = format(buf, size, "/proc/%s/ns/%s", spec, want->proc);
	} else if (strchr(spec, '/')) {
		n = format(buf, size, "%s", spec);
	} else if (!want || want->flag != CLONE_NEWNET ||
	    (n = netns_path(buf, size, spec)) < 0) {
		/* Only a network namespace has names; "", "." and ".."
		 * name none. */
		format(buf, size, "%s", spec);
		return NSREF_BAD_NAME;
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
		format(buf, size, "%s is a %s namespace", ref->path,
		    ref->type ? ref->type->name : "different");
		break;
	case NSREF_BAD_NAME:
		format(buf, size,
		    "%s: not a namespace reference (a PID, "
		    "a path, or a name for a network namespace)",
		    ref->path);
		break;
	case NSREF_NO_TYPE:
		format(
		    buf, size, "%s: a PID needs a namespace type", ref->path);
		break;
	}
	return buf;
}
