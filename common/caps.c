/* caps.c - capability sets with capget/capset and prctl: the ambient
 * set, the bounding set, and capabilities by name. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "common/caps.h"
#include "common/compat.h"
#include "common/opt.h"

/* Numbered from 0, as <linux/capability.h> numbers them. */
static const char cap_names[] =
    "chown dac_override dac_read_search fowner fsetid kill setgid setuid "
    "setpcap linux_immutable net_bind_service net_broadcast net_admin "
    "net_raw ipc_lock ipc_owner sys_module sys_rawio sys_chroot sys_ptrace "
    "sys_pacct sys_admin sys_boot sys_nice sys_resource sys_time "
    "sys_tty_config mknod lease audit_write audit_control setfcap "
    "mac_override mac_admin syslog wake_alarm block_suspend audit_read "
    "perfmon bpf checkpoint_restore ";

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
caps_from_name(const char *name)
{
	const char *p = cap_names;
	size_t len;
	unsigned long n;

	if (parse_ulong(name, 63, &n) == 0)
		return (int)n;
	if (!strncasecmp(name, "cap_", 4))
		name += 4;
	len = strlen(name);
	for (int cap = 0; *p; cap++) {
		size_t word = strcspn(p, " ");

		if (word == len && !strncasecmp(p, name, len))
			return cap;
		p += word + 1;
	}
	return -1;
}

uint64_t
caps_permitted(void)
{
	struct compat_cap_header head = { COMPAT_CAP_VERSION_3, 0 };
	struct compat_cap_data data[2];

	if (sys_capget(&head, data) < 0)
		return 0;
	return data[0].permitted | (uint64_t)data[1].permitted << 32;
}

int
caps_set(uint64_t caps, int lenient)
{
	struct compat_cap_header head = { COMPAT_CAP_VERSION_3, 0 };
	struct compat_cap_data data[2];
	int last = last_cap();

	for (int i = 0; i < 2; i++)
		data[i].effective = data[i].permitted = data[i].inheritable =
		    (uint32_t)(caps >> 32 * i);
	if (sys_capset(&head, data) < 0)
		return -1;
	for (int cap = 0; cap <= last; cap++)
		if ((caps >> cap & 1) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) <
			0 &&
		    !(lenient && (errno == EINVAL || errno == EPERM)))
			return -1;
	return 0;
}

int
caps_keep_ambient(void)
{
	/* Ambient needs each cap in both permitted and inheritable. */
	return caps_set(caps_permitted(), 0);
}

int
caps_bound(uint64_t keep)
{
	for (int cap = 0; cap < 64; cap++)
		if (!(keep >> cap & 1) &&
		    prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0) {
			if (errno == EINVAL) /* past the last the kernel has */
				return -1;
			return cap;
		}
	return -1;
}
