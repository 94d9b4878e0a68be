/* netbeside.h - a new network namespace made beside a child, not by its
 * clone.
 *
 * Making a network namespace is most of a millisecond (its loopback
 * device, its sysctl tables); a child that builds a root has as long to
 * spend first. So a helper makes it meanwhile, on another CPU: in the
 * child's user namespace, to be owned as clone would own it, with lo up,
 * and passes it over a socket pair; the child joins it when its root is
 * built. */
#ifndef NSBOX_NETBESIDE_H
#define NSBOX_NETBESIDE_H

#include <sys/types.h>

#include "common/setup.h"

struct net_beside {
	int sock[2]; /* -1: not made beside (clone makes it, or none) */
	pid_t helper;
	const struct setup_plan *plan; /* a new user namespace? lo up? */
	const char *fail_words;	       /* what a failed unshare is called */
};

/* Before clone: the socket pair; dies if it cannot be made. */
void net_beside_open(struct net_beside *nb, const struct setup_plan *plan,
    const char *fail_words);
/* In the parent once the child runs: start the helper; -1 with errno if
 * the fork failed. */
int net_beside_start(struct net_beside *nb, pid_t child);
/* In the child: receive the namespace and enter it; exits if the helper
 * failed (it has said why). */
void net_beside_join(struct net_beside *nb);
/* In the parent, after the child: reap the helper, naming a signal that
 * killed it (it could not say why the child gave up). */
void net_beside_reap(struct net_beside *nb);

#endif
