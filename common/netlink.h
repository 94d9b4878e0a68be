/* netlink.h - the rtnetlink nsbox needs (links, addresses, nsids), with
 * its own small message builder instead of libmnl. */
#ifndef NSBOX_NETLINK_H
#define NSBOX_NETLINK_H

#include <stddef.h>

/* A NETLINK_ROUTE socket (close-on-exec), or -1. */
int nl_open(void);
/* The nsid the current network namespace has for the namespace open on
 * nsfd: >= 0, -1 when none is assigned, -2 (errno) on failure. */
int nl_get_nsid(int nl, int nsfd);
/* The nsid in an RTM_NEWNSID answer of len bytes (as nl_get_nsid). */
int nl_nsid_from_reply(const void *msg, size_t len);
/* Give the namespace open on nsfd an nsid (-1: the kernel picks one). */
int nl_set_nsid(int nl, int nsfd, int nsid);
/* Every nsid the current namespace has: fn(nsid, arg) for each. With
 * target_nsid >= 0, as seen from that namespace (current_nsid too). */
int nl_list_nsids(int nl, int target_nsid,
    void (*fn)(int nsid, int current_nsid, void *arg), void *arg);
/* Set a link up by name (ifindex from the kernel). */
int nl_link_up(int nl, const char *ifname);
int nl_link_del(int nl, const char *ifname);
/* Does a CIDR parse? 0 yes, -1 no. */
int nl_cidr_check(const char *cidr);

/* A veth pair across two network namespaces, as ns-netns veth and
 * ns-clone --veth make it. The size is IFNAMSIZ, spelled out: <net/if.h>
 * and <linux/if.h> both define it and do not mix under every libc. */
#define VETH_NAME_SIZE 16
struct veth {
	char host[VETH_NAME_SIZE], peer[VETH_NAME_SIZE];
	const char *addr, *peer_addr; /* CIDR of each end, or NULL */
};
/* HOSTIF[:PEERIF] into v (PEERIF eth0 if not given); dies naming the
 * name the kernel would refuse, after what (the option or subcommand). */
void xveth_parse(struct veth *v, const char *spec, const char *what);
/* The host's end: the pair, with the peer end made in the network
 * namespace open on nsfd, then the host end's address, then it up. On
 * failure, says why, takes the pair back and returns -1. */
int veth_make(int nl, const struct veth *v, int nsfd);
/* The peer's end, run in its namespace over nl: its address, it up, then
 * lo up (last: a failure before leaves nothing in there to undo). where
 * names the namespace in messages (NULL: none). -1 after saying why. */
int veth_peer_up(int nl, const struct veth *v, const char *where);

#endif
