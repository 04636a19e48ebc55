// SPDX-License-Identifier: GPL-2.0
/*
 * Synchronous requests on one NETLINK_ROUTE socket. They are few and fast (a handful per
 * session start and stop) and the kernel answers at once, so they do not stall the loop.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <net/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>
#include "core/rtnl.h"

static struct mnl_socket *nl;
static unsigned int portid;
static uint32_t seq;

int rtnl_init(void)
{
	nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int err = -errno;

		mnl_socket_close(nl);
		nl = NULL;
		return err;
	}
	portid = mnl_socket_get_portid(nl);
	seq = (uint32_t)time(NULL);
	return 0;
}

void rtnl_done(void)
{
	if (nl)
		mnl_socket_close(nl);
	nl = NULL;
}

static int talk_cb(struct nlmsghdr *nlh, char *buf, size_t cap, mnl_cb_t cb, void *data)
{
	ssize_t n;
	int ret;

	nlh->nlmsg_seq = ++seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl, buf, cap);
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, portid, cb, data);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -errno : 0;
}

static int talk(struct nlmsghdr *nlh, char *buf, size_t cap)
{
	return talk_cb(nlh, buf, cap, NULL, NULL);
}

static struct nlmsghdr *start(char *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	return nlh;
}

int rtnl_addr_p2p(int ifindex, uint32_t local, uint32_t peer)
{
	char buf[8192];
	struct nlmsghdr *nlh = start(buf, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 32;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (unsigned int)ifindex;
	mnl_attr_put_u32(nlh, IFA_LOCAL, local);
	mnl_attr_put_u32(nlh, IFA_ADDRESS, peer);
	return talk(nlh, buf, sizeof(buf));
}

/* No DAD: the only other address on a PPP link is the peer's, and IPv6CP made them differ. */
int rtnl_addr6_link_local(int ifindex, const uint8_t local_iid[8], const uint8_t peer_iid[8],
			  bool add)
{
	uint8_t local[16] = { 0xfe, 0x80 }, peer[16] = { 0xfe, 0x80 };
	char buf[8192];
	struct nlmsghdr *nlh = start(buf, add ? RTM_NEWADDR : RTM_DELADDR,
				     add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));

	memcpy(local + 8, local_iid, 8);
	memcpy(peer + 8, peer_iid, 8);
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = 128;
	ifa->ifa_scope = RT_SCOPE_LINK;
	ifa->ifa_flags = IFA_F_NODAD;
	ifa->ifa_index = (unsigned int)ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, 16, local);
	mnl_attr_put(nlh, IFA_ADDRESS, 16, peer);
	return talk(nlh, buf, sizeof(buf));
}

int rtnl_link_set(int ifindex, bool up, uint32_t mtu, const char *new_name)
{
	char buf[8192];
	struct nlmsghdr *nlh = start(buf, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	if (mtu)
		mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	if (new_name && *new_name)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, new_name);
	return talk(nlh, buf, sizeof(buf));
}

/* A static unicast route request of the main table, up to its attributes. */
static struct nlmsghdr *route_start(char *buf, bool add, uint16_t replace_or_excl,
				    unsigned char family, unsigned int prefix, unsigned char scope)
{
	struct nlmsghdr *nlh = start(buf, add ? RTM_NEWROUTE : RTM_DELROUTE,
				     add ? NLM_F_CREATE | replace_or_excl : 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	rtm->rtm_family = family;
	rtm->rtm_dst_len = (unsigned char)prefix;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_STATIC;
	rtm->rtm_scope = scope;
	rtm->rtm_type = RTN_UNICAST;
	return nlh;
}

int rtnl_route(int ifindex, uint32_t dst, unsigned int prefix, uint32_t gw, uint32_t metric,
	       bool add)
{
	char buf[8192];
	struct nlmsghdr *nlh;

	if (prefix > 32)
		return -EINVAL;
	nlh = route_start(buf, add, NLM_F_EXCL, AF_INET, prefix,
			  gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
	mnl_attr_put_u32(nlh, RTA_DST, dst);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)ifindex);
	if (gw)
		mnl_attr_put_u32(nlh, RTA_GATEWAY, gw);
	if (metric)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, metric);
	return talk(nlh, buf, sizeof(buf));
}

int rtnl_route6(int ifindex, const uint8_t dst[16], unsigned int prefix, bool add)
{
	char buf[8192];
	struct nlmsghdr *nlh;

	if (prefix > 128)
		return -EINVAL;
	nlh = route_start(buf, add, NLM_F_EXCL, AF_INET6, prefix, RT_SCOPE_UNIVERSE);
	mnl_attr_put(nlh, RTA_DST, 16, dst);
	mnl_attr_put_u32(nlh, RTA_OIF, (uint32_t)ifindex);
	return talk(nlh, buf, sizeof(buf));
}

struct route_found {
	uint32_t gw;
	int ifindex;
};

static int route_attr(const struct nlattr *a, void *data)
{
	struct route_found *r = data;

	if (mnl_attr_get_type(a) == RTA_GATEWAY && !mnl_attr_validate(a, MNL_TYPE_U32))
		r->gw = mnl_attr_get_u32(a);
	else if (mnl_attr_get_type(a) == RTA_OIF && !mnl_attr_validate(a, MNL_TYPE_U32))
		r->ifindex = (int)mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

static int route_reply(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	return mnl_attr_parse(nlh, sizeof(struct rtmsg), route_attr, data);
}

int rtnl_route_get(uint32_t dst, uint32_t *gw, int *ifindex)
{
	char buf[8192];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	struct route_found r = { 0, 0 };
	int ret;

	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;	/* the ack ends the reading */
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	mnl_attr_put_u32(nlh, RTA_DST, dst);
	ret = talk_cb(nlh, buf, sizeof(buf), route_reply, &r);
	if (ret)
		return ret;
	if (!r.ifindex)
		return -ENETUNREACH;
	*gw = r.gw;
	*ifindex = r.ifindex;
	return 0;
}
