/* netlink.h - the little rtnetlink nsbox needs, without libmnl. */
#ifndef NSBOX_NETLINK_H
#define NSBOX_NETLINK_H

/* A NETLINK_ROUTE socket (close-on-exec), or -1. */
int nl_open(void);
/* The nsid the current network namespace has for the namespace open on
 * nsfd: >= 0, -1 when none is assigned, -2 (errno) on failure. */
int nl_get_nsid(int nl, int nsfd);

#endif
