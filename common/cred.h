/* cred.h - the ids and capabilities a command runs with (-S, -G,
 * --keep-caps), set the same way by every chain-loading applet. */
#ifndef NSBOX_CRED_H
#define NSBOX_CRED_H

#include <sys/types.h>

struct cred_request {
	int set_uid, set_gid, keep_caps;
	uid_t uid;
	gid_t gid;
	/* The option that would keep the caller's ids instead, for a hint
	 * when the ids asked for are not mapped (NULL: none). */
	const char *keep_own;
};

/* -S/--setuid UID ('S') or -G/--setgid GID ('G'): a number; dies on
 * anything else, naming it. */
void cred_option(struct cred_request *cred, int opt, const char *arg);
/* Last before exec: supplementary groups dropped and the gid set, then
 * the uid (while we may still change the gid), then the ambient
 * capabilities (which need the uid change done). Dies on failure. */
void cred_apply(const struct cred_request *cred);

#endif
