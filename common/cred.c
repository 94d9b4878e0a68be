/* cred.c - setting the command's ids and capabilities. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "common/caps.h"
#include "common/compat.h"
#include "common/cred.h"
#include "common/die.h"
#include "common/opt.h"

void
cred_option(struct cred_request *cred, int opt, const char *arg)
{
	unsigned long v;

	if (parse_ulong(arg, UINT_MAX - 1, &v) < 0)
		die("failed to parse %s '%s'", opt == 'S' ? "uid" : "gid", arg);
	if (opt == 'S') {
		cred->uid = (uid_t)v;
		cred->set_uid = 1;
	} else {
		cred->gid = (gid_t)v;
		cred->set_gid = 1;
	}
}

/* EINVAL is the kernel's word for an id the user namespace does not
 * map, as after joining one made without a map. */
static _Noreturn void
id_failed(const struct cred_request *cred, const char *call, unsigned id)
{
	int err = errno;

	warn_errno("%s(%u)", call, id);
	if (err == EINVAL && cred->keep_own)
		hint("%u is not mapped in this user namespace: keep your own "
		     "ids (%s) or give mapped ones (-S, -G)",
		    id, cred->keep_own);
	else if (err == EINVAL)
		hint("%u is not mapped in this user namespace", id);
	exit(applet_fail_status);
}

void
cred_apply(const struct cred_request *cred)
{
	if (cred->set_gid) {
		/* Under setgroups "deny" there are no groups to drop. */
		if (sys_setgroups_none() < 0 && errno != EPERM)
			die_errno("setgroups");
		if (sys_setgid(cred->gid) < 0)
			id_failed(cred, "setgid", cred->gid);
	}
	if (cred->set_uid && sys_setuid(cred->uid) < 0)
		id_failed(cred, "setuid", cred->uid);
	if (cred->keep_caps && caps_keep_ambient() < 0)
		die_errno("cannot keep capabilities");
}
