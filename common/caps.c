/* caps.c - raising the ambient set with capget/capset and prctl. */
#include <fcntl.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "common/caps.h"
#include "common/compat.h"
#include "common/opt.h"

static int
last_cap(void)
{
	char buf[16] = "";
	int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);
	unsigned long last;

	if (fd >= 0) {
		(void)!read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return parse_ulong(buf, 63, &last) == 0 ? (int)last : 40;
}

int
caps_keep_ambient(void)
{
	struct compat_cap_header head = { COMPAT_CAP_VERSION_3, 0 };
	struct compat_cap_data data[2];
	int last = last_cap();

	if (sys_capget(&head, data) < 0)
		return -1;
	/* Ambient needs each cap in both permitted and inheritable. */
	data[0].inheritable = data[0].permitted;
	data[1].inheritable = data[1].permitted;
	if (sys_capset(&head, data) < 0)
		return -1;
	for (int cap = 0; cap <= last && cap < 64; cap++) {
		if (!(data[cap / 32].permitted & (1U << (cap % 32))))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return -1;
	}
	return 0;
}
