/* netlink.c - rtnetlink requests: build, send, read one answer. */
#include <errno.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/netlink.h"

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

static void
add_attr(struct nlmsghdr *h, unsigned short type, const void *data,
    unsigned short len)
{
	struct rtattr *rta =
	    (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));

	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(rta->rta_len);
}

int
nl_get_nsid(int nl, int nsfd)
{
	static unsigned int seq;
	struct {
		struct nlmsghdr h;
		struct rtgenmsg g;
		char attrs[64];
	} req;
	char buf[4096];
	struct nlmsghdr *h;
	ssize_t n;
	unsigned int fd = (unsigned int)nsfd;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = NLMSG_LENGTH(sizeof(req.g));
	req.h.nlmsg_type = RTM_GETNSID;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.h.nlmsg_seq = ++seq;
	req.g.rtgen_family = AF_UNSPEC;
	add_attr(&req.h, NETNSA_FD, &fd, sizeof(fd));
	if (send(nl, &req, req.h.nlmsg_len, 0) < 0)
		return -2;
	do
		n = recv(nl, buf, sizeof(buf), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -2;
	for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned int)n);
	     h = NLMSG_NEXT(h, n)) {
		struct rtattr *rta;
		int len;

		if (h->nlmsg_seq != seq)
			continue;
		if (h->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = NLMSG_DATA(h);

			errno = -e->error;
			return -2;
		}
		if (h->nlmsg_type != RTM_NEWNSID)
			continue;
		rta = (struct rtattr *)((char *)NLMSG_DATA(h) +
		    NLMSG_ALIGN(sizeof(struct rtgenmsg)));
		len = (int)h->nlmsg_len -
		    NLMSG_LENGTH(NLMSG_ALIGN(sizeof(struct rtgenmsg)));
		for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
			if (rta->rta_type == NETNSA_NSID)
				return *(int *)RTA_DATA(rta);
		return -1;
	}
	errno = ENOMSG;
	return -2;
}
