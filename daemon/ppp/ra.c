// SPDX-License-Identifier: GPL-2.0
/*
 * Router Advertisements (RFC 4861) on PPP sessions that carry IPv6. With a prefix (from
 * /ipv6 pool or RADIUS): the prefix on-link and for SLAAC (RFC 4862), the link's MTU, and
 * us as the default router; the client derives its address from the prefix and the
 * Interface-Identifier IPv6CP gave it. The session's IPv6 DNS servers, if it has any, go in an
 * RDNSS option (RFC 8106). Without one: the MTU and a router lifetime of 0 (we
 * are no default router for a link-local-only client), which still ends the client's Router
 * Solicitations: otherwise they go on for minutes and count as activity (idle-timeout). Unsolicited RAs go out when IPv6 comes up (several, as the
 * client's interface may not be ready for the first) and then every RA_INTERVAL_MS; a
 * Router Solicitation is answered at once, at most every RA_MIN_GAP_MS per session. RSs go
 * to ff02::2, which an interface joins only with IPv6 forwarding on: a router must have it.
 *
 * One raw ICMPv6 socket for all sessions, opened when the first session advertises. The
 * kernel fills in the checksum and, with the destination's scope, the source: the
 * session's link-local address.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "core/loop.h"
#include "core/u32map.h"
#include "core/rtnl.h"
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/link_int.h"
#include "ppp/link_log.h"
#include "ppp/ra.h"

#define RA_INITIAL 4			/* unsolicited ones at the start, RA_INITIAL_MS apart */
#define RA_INITIAL_MS 2000
#define RA_INTERVAL_MS 200000		/* RouterOS's ra-interval is 200-600 s */
#define RA_MIN_GAP_MS 3000		/* RFC 4861 MIN_DELAY_BETWEEN_RAS */
#define RA_ROUTER_LIFETIME 1800		/* RouterOS's ra-lifetime: 30 min */
#define RA_VALID_LIFETIME 86400
#define RA_PREFERRED_LIFETIME 14400

static struct loop_fd sock = { .fd = -1 };
static struct u32map by_ifindex;		/* the sessions advertising, by interface */
static unsigned long rs_bad;			/* Router Solicitations not for a session */

#define RA_RDNSS_LIFETIME 600		/* RFC 8106 5.1: at least 3 x MaxRtrAdvInterval */
#define ND_OPT_RDNSS 25			/* RFC 8106 5.1 */

struct nd_opt_rdnss {
	uint8_t type, len;		/* len: 8-byte units, 1 + 2 per server */
	uint16_t reserved;
	uint32_t lifetime;		/* seconds, network order */
};

struct ra_packet {
	struct nd_router_advert ra;
	struct nd_opt_mtu mtu;
	struct nd_opt_prefix_info prefix;	/* with a prefix */
	struct nd_opt_rdnss rdnss;		/* with DNS servers: then as many addresses */
	uint8_t dns[AUTH_DNS6_MAX][16];
};

static size_t add_prefix(const struct ppp_link *l, struct nd_opt_prefix_info *p)
{
	p->nd_opt_pi_type = ND_OPT_PREFIX_INFORMATION;
	p->nd_opt_pi_len = 4;
	p->nd_opt_pi_prefix_len = (uint8_t)l->prefix6.len;
	/* RFC 4862 5.5.3 d): SLAAC takes a /64 only; a shorter prefix is on-link alone */
	p->nd_opt_pi_flags_reserved = ND_OPT_PI_FLAG_ONLINK |
				      (l->prefix6.len == 64 ? ND_OPT_PI_FLAG_AUTO : 0);
	p->nd_opt_pi_valid_time = htonl(RA_VALID_LIFETIME);
	p->nd_opt_pi_preferred_time = htonl(RA_PREFERRED_LIFETIME);
	memcpy(&p->nd_opt_pi_prefix, l->prefix6.addr, 16);
	return sizeof(*p);
}

/* the RDNSS option and its addresses, written at out */
static size_t add_rdnss(const struct ppp_link *l, uint8_t *out)
{
	struct nd_opt_rdnss o = { .type = ND_OPT_RDNSS, .len = (uint8_t)(1 + 2 * l->ndns6),
				  .lifetime = htonl(RA_RDNSS_LIFETIME) };

	memcpy(out, &o, sizeof(o));
	memcpy(out + sizeof(o), l->dns6, 16 * l->ndns6);
	return sizeof(o) + 16 * l->ndns6;
}

/* The RA for the link, in the packet's bytes; its length. */
static size_t build(const struct ppp_link *l, struct ra_packet *p)
{
	size_t len = offsetof(struct ra_packet, prefix);

	memset(p, 0, sizeof(*p));
	p->ra.nd_ra_type = ND_ROUTER_ADVERT;
	p->ra.nd_ra_curhoplimit = 64;
	p->mtu.nd_opt_mtu_type = ND_OPT_MTU;
	p->mtu.nd_opt_mtu_len = 1;
	p->mtu.nd_opt_mtu_mtu = htonl(ppp_link_mtu(l));
	if (l->prefix6.len) {
		p->ra.nd_ra_router_lifetime = htons(RA_ROUTER_LIFETIME);
		len += add_prefix(l, (struct nd_opt_prefix_info *)((uint8_t *)p + len));
	}
	if (l->ndns6) {
		/* RFC 4861 4.2 O: a client without RDNSS asks DHCPv6 (Information-request) */
		p->ra.nd_ra_flags_reserved |= ND_RA_FLAG_OTHER;
		len += add_rdnss(l, (uint8_t *)p + len);
	}
	return len;
}

static void send_ra(struct ppp_link *l)
{
	struct sockaddr_in6 to = { .sin6_family = AF_INET6, .sin6_scope_id = l->p.ifindex,
				   .sin6_addr = { .s6_addr = { 0xff, 0x02, [15] = 1 } } };	/* all nodes */
	struct ra_packet p;
	size_t len = build(l, &p);

	if (sendto(sock.fd, &p, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0)
		link_debug(l, "sending a router advertisement: %s", strerror(errno));
	l->ra.last_ms = loop_now_ms();
	l->ra.sent++;
}

static void ra_timer(struct loop_timer *t)
{
	struct ppp_link *l = link_of_timer(t, ra.timer);

	send_ra(l);
	if (loop_timer_arm(t, l->ra.sent < RA_INITIAL ? RA_INITIAL_MS : RA_INTERVAL_MS))
		ra_stop(l);	/* out of memory: no more RAs, and no map entry left behind */
}

/* A Router Solicitation: the session whose interface it came in on gets its RA now. */
static void rs_in(struct loop_fd *w, uint32_t events)
{
	uint8_t buf[1500], cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	struct ppp_link *l = NULL;
	int hops = 0;
	ssize_t n;

	(void)events;
	/* a bounded batch per wakeup: the socket hears every interface's solicitations */
	for (int batch = 0; batch < 64 && (n = recvmsg(w->fd, &mh, MSG_DONTWAIT)) >= 0; batch++) {
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			struct in6_pktinfo pi;

			if (c->cmsg_level != IPPROTO_IPV6)
				continue;
			if (c->cmsg_type == IPV6_HOPLIMIT)
				memcpy(&hops, CMSG_DATA(c), sizeof(hops));
			if (c->cmsg_type != IPV6_PKTINFO)
				continue;
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			l = u32map_get(&by_ifindex, pi.ipi6_ifindex);
		}
		if (n < (ssize_t)sizeof(struct nd_router_solicit) || !l || hops != 255 || buf[1]) {
			rs_bad++;
		} else if (loop_now_ms() - l->ra.last_ms >= RA_MIN_GAP_MS) {
			send_ra(l);
		}
		l = NULL;
		hops = 0;
		mh.msg_controllen = sizeof(cbuf);
	}
}

static int open_socket(void)
{
	struct icmp6_filter filter;
	int fd, on = 1, hops = 255;

	fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMPV6);
	if (fd < 0)
		return -errno;
	ICMP6_FILTER_SETBLOCKALL(&filter);
	ICMP6_FILTER_SETPASS(ND_ROUTER_SOLICIT, &filter);
	/* RFC 4861 6.1: ND messages carry hop limit 255, so none can come from off-link */
	if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof(filter)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof(on)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof(hops))) {
		int err = -errno;

		close(fd);
		return err;
	}
	sock.fd = fd;
	sock.events = EPOLLIN;
	sock.cb = rs_in;
	if (loop_add(&sock)) {
		close(fd);
		sock.fd = -1;
		return -ENOMEM;
	}
	return 0;
}

void ra_start(struct ppp_link *l)
{
	int ret;

	if (l->ra.active)
		return;
	ret = l->prefix6.len ? rtnl_route6((int)l->p.ifindex, l->prefix6.addr, l->prefix6.len,
					   true) : 0;
	if (ret)
		link_warn(l, "route to its IPv6 prefix: %s", strerror(-ret));
	if (sock.fd < 0 && (ret = open_socket())) {
		link_warn(l, "no router advertisements: %s", strerror(-ret));
		return;
	}
	if (u32map_put(&by_ifindex, l->p.ifindex, l))
		return;
	l->ra.sent = 0;
	l->ra.active = true;
	loop_timer_init(&l->ra.timer, ra_timer);
	if (loop_timer_arm(&l->ra.timer, 0))
		ra_stop(l);
}

/* Also its prefix's route (the interface would take it, but IPv6CP may close alone). */
void ra_stop(struct ppp_link *l)
{
	if (!l->ra.active)
		return;
	l->ra.active = false;
	loop_timer_cancel(&l->ra.timer);
	if (u32map_get(&by_ifindex, l->p.ifindex) == l)
		u32map_del(&by_ifindex, l->p.ifindex);
	if (l->prefix6.len)
		rtnl_route6((int)l->p.ifindex, l->prefix6.addr, l->prefix6.len, false);
}

unsigned long ra_solicitations_dropped(void)
{
	return rs_bad;
}

void ra_done(void)
{
	if (sock.fd >= 0) {
		loop_del(&sock);
		close(sock.fd);
		sock.fd = -1;
	}
	u32map_free(&by_ifindex);
}
