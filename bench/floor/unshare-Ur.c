/* floor-unshare-Ur - the least `unshare -Ur COMMAND` must do: a new user
 * namespace in which our uid and gid are 0, then the exec. The floor that
 * bench/run sets ns-unshare -U -r against. */
#include <fcntl.h>
#include <sched.h>
#include <sys/types.h>

#include "floor.h"

/* One write(2), as the kernel wants for an id map. */
static void
put(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		fail(path, errno, 125);
	close(fd);
}

/* "0 ID 1\n": inner id 0 is outer ID, one id long. */
static void
map(const char *path, unsigned id)
{
	char line[32], digits[16];
	size_t n = 0, d = 0;

	do
		digits[d++] = '0' + id % 10;
	while (id /= 10);
	line[n++] = '0';
	line[n++] = ' ';
	while (d)
		line[n++] = digits[--d];
	memcpy(line + n, " 1\n", 3);
	put(path, line, n + 3);
}

int
main(int argc, char **argv)
{
	/* Read before unshare: inside, unmapped ids read as the overflow id. */
	uid_t uid = getuid();
	gid_t gid = getgid();

	if (argc < 2)
		fail("usage: floor-unshare-Ur COMMAND [ARG]...", 0, 125);
	if (unshare(CLONE_NEWUSER) < 0)
		fail("unshare(CLONE_NEWUSER)", errno, 125);
	/* setgroups must be denied before an unprivileged gid_map. */
	put("/proc/self/setgroups", "deny", 4);
	map("/proc/self/uid_map", uid);
	map("/proc/self/gid_map", gid);
	run(argv + 1);
}
