/* netlink.c - rtnetlink requests: build, send, read the answer. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/die.h"
#include "common/netlink.h"
#include "common/scan.h"

/* One request: a header, a family struct, attributes (some nested). */
struct nlreq {
	union {
		struct nlmsghdr h;
		char buf[1024];
	};
};

static unsigned int seq;

int
nl_open(void)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void *
req_init(struct nlreq *r, int type, int flags, size_t family_len)
{
	memset(r, 0, sizeof(*r));
	r->h.nlmsg_len = NLMSG_LENGTH(family_len);
	r->h.nlmsg_type = (unsigned short)type;
	r->h.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | flags);
	r->h.nlmsg_seq = ++seq;
	return NLMSG_DATA(&r->h);
}

static struct rtattr *
add_attr(struct nlreq *r, unsigned short type, const void *data, size_t len)
{
	struct rtattr *rta =
	    (struct rtattr *)(r->buf + NLMSG_ALIGN(r->h.nlmsg_len));

	if (NLMSG_ALIGN(r->h.nlmsg_len) + RTA_SPACE(len) > sizeof(r->buf))
		__builtin_trap(); /* a bug: our requests are fixed and small */
	rta->rta_type = type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(rta), data, len);
	r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(rta->rta_len);
	return rta;
}

static void
add_str(struct nlreq *r, unsigned short type, const char *s)
{
	add_attr(r, type, s, strlen(s) + 1);
}

static struct rtattr *
nest_start(struct nlreq *r, unsigned short type)
{
	return add_attr(r, type, NULL, 0);
}

static void
nest_end(struct nlreq *r, struct rtattr *nest)
{
	nest->rta_len =
	    (unsigned short)(r->buf + r->h.nlmsg_len - (char *)nest);
}

/* Send r and read the answers of its sequence: fn(h, arg) sees each data
 * message and returns nonzero to stop there. Ends at an ACK, an error
 * (-1 with the kernel's errno) or the end of a dump. */
static int
exchange(int nl, struct nlreq *r, int (*fn)(struct nlmsghdr *h, void *arg),
    void *arg)
{
	char buf[16384];
	ssize_t n;

	if (send(nl, r, r->h.nlmsg_len, 0) < 0)
		return -1;
	for (;;) {
		struct nlmsghdr *h;

		do
			n = recv(nl, buf, sizeof(buf), 0);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return -1;
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != r->h.nlmsg_seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);

				errno = -e->error;
				return e->error ? -1 : 0;
			}
			if (fn && fn(h, arg))
				return 0;
		}
	}
}

struct answer {
	char *buf;
	size_t size;
};

static int
copy_answer(struct nlmsghdr *h, void *arg)
{
	struct answer *a = arg;

	if (h->nlmsg_len > a->size)
		return 0;
	memcpy(a->buf, h, h->nlmsg_len);
	return 1;
}

/* A request and its ACK, or its first answer copied to answer. */
static int
talk(int nl, struct nlreq *r, char *answer, size_t size)
{
	struct answer a = { answer, size };

	return exchange(nl, r, answer ? copy_answer : NULL, &a);
}

int
nl_nsid_from_reply(const void *msg, size_t len)
{
	const struct nlmsghdr *h = msg;
	const struct rtattr *rta;
	int left;

	if (len < sizeof(*h) || h->nlmsg_len > len ||
	    h->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtgenmsg)) ||
	    h->nlmsg_type != RTM_NEWNSID) {
		errno = ENOMSG;
		return -2;
	}
	rta = (const struct rtattr *)((const char *)NLMSG_DATA(h) +
	    NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	left = (int)h->nlmsg_len -
	    (int)NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	for (; RTA_OK(rta, left); rta = RTA_NEXT(rta, left))
		if (rta->rta_type == NETNSA_NSID &&
		    RTA_PAYLOAD(rta) >= sizeof(int)) {
			int nsid;

			memcpy(&nsid, RTA_DATA(rta), sizeof(nsid));
			return nsid < 0 ? -1 : nsid;
		}
	return -1;
}

int
nl_get_nsid(int nl, int nsfd)
{
	char answer[1024];
	struct rtgenmsg *g;
	struct nlreq r;
	unsigned int fd = (unsigned int)nsfd;

	g = req_init(&r, RTM_GETNSID, 0, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	add_attr(&r, NETNSA_FD, &fd, sizeof(fd));
	if (talk(nl, &r, answer, sizeof(answer)) < 0)
		return -2;
	return nl_nsid_from_reply(
	    answer, ((struct nlmsghdr *)answer)->nlmsg_len);
}

int
nl_set_nsid(int nl, int nsfd, int nsid)
{
	struct rtgenmsg *g;
	struct nlreq r;
	unsigned int fd = (unsigned int)nsfd;

	g = req_init(
	    &r, RTM_NEWNSID, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	add_attr(&r, NETNSA_FD, &fd, sizeof(fd));
	add_attr(&r, NETNSA_NSID, &nsid, sizeof(nsid));
	return talk(nl, &r, NULL, 0);
}

struct nsid_list {
	void (*fn)(int nsid, int current_nsid, void *arg);
	void *arg;
};

static int
each_nsid(struct nlmsghdr *h, void *arg)
{
	struct nsid_list *list = arg;
	struct rtattr *rta = (struct rtattr *)((char *)NLMSG_DATA(h) +
	    NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	int len = (int)h->nlmsg_len -
	    (int)NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg)));
	int nsid = -1, current = -1;

	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == NETNSA_NSID)
			nsid = *(int *)RTA_DATA(rta);
		else if (rta->rta_type == NETNSA_CURRENT_NSID)
			current = *(int *)RTA_DATA(rta);
	}
	list->fn(nsid, current, list->arg);
	return 0;
}

int
nl_list_nsids(int nl, int target_nsid,
    void (*fn)(int nsid, int current_nsid, void *arg), void *arg)
{
	struct nsid_list list = { fn, arg };
	struct rtgenmsg *g;
	struct nlreq r;

	g = req_init(&r, RTM_GETNSID, NLM_F_DUMP, sizeof(*g));
	g->rtgen_family = AF_UNSPEC;
	if (target_nsid >= 0)
		add_attr(
		    &r, NETNSA_TARGET_NSID, &target_nsid, sizeof(target_nsid));
	return exchange(nl, &r, each_nsid, &list);
}

static int
link_index(int nl, const char *ifname)
{
	char answer[4096];
	struct ifinfomsg *ifi;
	struct nlreq r;

	ifi = req_init(&r, RTM_GETLINK, 0, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	add_str(&r, IFLA_IFNAME, ifname);
	if (talk(nl, &r, answer, sizeof(answer)) < 0)
		return -1;
	ifi = NLMSG_DATA((struct nlmsghdr *)answer);
	return ifi->ifi_index;
}

int
nl_link_up(int nl, const char *ifname)
{
	struct ifinfomsg *ifi;
	struct nlreq r;

	ifi = req_init(&r, RTM_NEWLINK, NLM_F_ACK, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	add_str(&r, IFLA_IFNAME, ifname);
	return talk(nl, &r, NULL, 0);
}

/* A veth pair: host end here, peer end created inside the network
 * namespace open on peer_nsfd (-1: here too). */
static int
nl_veth_add(int nl, const char *host, const char *peer, int peer_nsfd)
{
	struct rtattr *linkinfo, *data, *peer_nest;
	struct ifinfomsg *ifi, peer_ifi;
	struct nlreq r;

	ifi = req_init(&r, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
	    sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	add_str(&r, IFLA_IFNAME, host);
	linkinfo = nest_start(&r, IFLA_LINKINFO);
	add_str(&r, IFLA_INFO_KIND, "veth");
	data = nest_start(&r, IFLA_INFO_DATA);
	peer_nest = nest_start(&r, VETH_INFO_PEER);
	/* The peer's attributes follow an ifinfomsg of its own. */
	memset(&peer_ifi, 0, sizeof(peer_ifi));
	peer_ifi.ifi_family = AF_UNSPEC;
	memcpy(r.buf + r.h.nlmsg_len, &peer_ifi, sizeof(peer_ifi));
	r.h.nlmsg_len += NLMSG_ALIGN(sizeof(peer_ifi));
	add_str(&r, IFLA_IFNAME, peer);
	if (peer_nsfd >= 0) {
		unsigned int fd = (unsigned int)peer_nsfd;

		add_attr(&r, IFLA_NET_NS_FD, &fd, sizeof(fd));
	}
	nest_end(&r, peer_nest);
	nest_end(&r, data);
	nest_end(&r, linkinfo);
	return talk(nl, &r, NULL, 0);
}

int
nl_link_del(int nl, const char *ifname)
{
	struct ifinfomsg *ifi;
	struct nlreq r;

	ifi = req_init(&r, RTM_DELLINK, NLM_F_ACK, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	add_str(&r, IFLA_IFNAME, ifname);
	return talk(nl, &r, NULL, 0);
}

static int
parse_cidr(const char *cidr, int *family, unsigned char *addr, int *prefix)
{
	char copy[INET6_ADDRSTRLEN + 8];
	char *slash, *end;
	long len;

	if (strlen(cidr) >= sizeof(copy))
		return -1;
	strcpy(copy, cidr);
	slash = strchr(copy, '/');
	if (slash)
		*slash++ = '\0';
	*family = strchr(copy, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(*family, copy, addr) != 1)
		return -1;
	len = *family == AF_INET6 ? 128 : 32;
	if (slash) {
		len = (long)scan_ull(slash, &end);
		if (!*slash || *end || len < 0 ||
		    len > (*family == AF_INET6 ? 128 : 32))
			return -1;
	}
	*prefix = (int)len;
	return 0;
}

int
nl_cidr_check(const char *cidr)
{
	unsigned char addr[16];
	int family, prefix;

	return parse_cidr(cidr, &family, addr, &prefix);
}

/* "169.254.1.1/24" or "fd00::1/64" on ifname. */
static int
nl_addr_add(int nl, const char *ifname, const char *cidr)
{
	unsigned char addr[16];
	struct ifaddrmsg *ifa;
	struct nlreq r;
	int family, prefix, index;
	unsigned int flags = IFA_F_NODAD;

	if (parse_cidr(cidr, &family, addr, &prefix) < 0) {
		errno = EINVAL;
		return -1;
	}
	index = link_index(nl, ifname);
	if (index < 0)
		return -1;
	ifa = req_init(&r, RTM_NEWADDR, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
	    sizeof(*ifa));
	ifa->ifa_family = (unsigned char)family;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_index = (unsigned int)index;
	add_attr(&r, IFA_LOCAL, addr, family == AF_INET6 ? 16 : 4);
	add_attr(&r, IFA_ADDRESS, addr, family == AF_INET6 ? 16 : 4);
	/* No duplicate address detection: the address is usable at once,
	 * and the test topologies are ours alone. */
	if (family == AF_INET6)
		add_attr(&r, IFA_FLAGS, &flags, sizeof(flags));
	return talk(nl, &r, NULL, 0);
}

_Static_assert(VETH_NAME_SIZE == IFNAMSIZ, "VETH_NAME_SIZE is IFNAMSIZ");

/* One end's name into name[VETH_NAME_SIZE], or die saying why the kernel
 * would refuse it (dev_valid_name: not "." or "..", no '/', ':' or
 * space, under IFNAMSIZ bytes). */
static void
veth_name(char *name, const char *text, size_t len, const char *what)
{
	if (len >= VETH_NAME_SIZE)
		die("%s: interface name \"%.*s\" is %zu bytes, longer than the "
		    "kernel allows (15)",
		    what, (int)len, text, len);
	memcpy(name, text, len);
	name[len] = '\0';
	if (!strcmp(name, ".") || !strcmp(name, "..") ||
	    strpbrk(name, "/ \t\n\v\f\r"))
		die("%s: \"%s\" is not a valid interface name (no '/', "
		    "spaces, \".\" or \"..\")",
		    what, name);
}

void
xveth_parse(struct veth *v, const char *spec, const char *what)
{
	const char *colon = strchr(spec, ':');
	const char *peer = colon ? colon + 1 : "eth0";

	if (!*spec || spec == colon || !*peer)
		die("%s: \"%s\" has an empty interface name (HOSTIF[:PEERIF])",
		    what, spec);
	veth_name(
	    v->host, spec, colon ? (size_t)(colon - spec) : strlen(spec), what);
	if (strchr(peer, ':'))
		die("%s: \"%s\" is not HOSTIF[:PEERIF] (one ':')", what, spec);
	veth_name(v->peer, peer, strlen(peer), what);
}

int
veth_make(int nl, const struct veth *v, int nsfd)
{
	if (nl_veth_add(nl, v->host, v->peer, nsfd) < 0) {
		int err = errno;

		warn_errno("cannot create veth %s:%s", v->host, v->peer);
		/* The kernel may have made the pair and only its answer got
		 * lost: a name taken before is EEXIST, so any other failure
		 * that leaves HOSTIF behind leaves ours. */
		if (err != EEXIST)
			nl_link_del(nl, v->host);
		return -1;
	}
	/* Deleting one end deletes both: no half-made pair is left. */
	if (v->addr && nl_addr_add(nl, v->host, v->addr) < 0)
		warn_errno("cannot add %s to %s", v->addr, v->host);
	else if (nl_link_up(nl, v->host) < 0)
		warn_errno("cannot bring %s up", v->host);
	else
		return 0;
	nl_link_del(nl, v->host);
	return -1;
}

int
veth_peer_up(int nl, const struct veth *v, const char *where)
{
	const char *in = where ? " in \"" : "", *end = where ? "\"" : "";

	if (!where)
		where = "";
	if (v->peer_addr && nl_addr_add(nl, v->peer, v->peer_addr) < 0) {
		warn_errno("cannot add %s to %s%s%s%s", v->peer_addr, v->peer,
		    in, where, end);
		return -1;
	}
	if (nl_link_up(nl, v->peer) < 0) {
		warn_errno("cannot bring %s up%s%s%s", v->peer, in, where, end);
		return -1;
	}
	if (nl_link_up(nl, "lo") < 0) {
		warn_errno("cannot bring lo up%s%s%s", in, where, end);
		return -1;
	}
	return 0;
}
