// SPDX-License-Identifier: GPL-2.0
/*
 * DHCPv6 on PPP sessions, the socket side of ppp/dhcpv6.c: one UDP socket on port 547,
 * opened when the first session carries IPv6. A client sends to ff02::1:2, which reaches a
 * socket only on an interface that joined the group, so each session's interface joins it
 * while IPv6 is up. A socket holds only so many memberships (net.core.optmem_max: a few
 * hundred), so when one is full another, unbound, socket takes the next ones: the
 * receiving socket still gets the datagrams (IPV6_MULTICAST_ALL, the default, delivers a
 * group joined by any socket).
 *
 * A datagram is answered only from a session's interface; the session's delegated prefix
 * is taken when its client first asks for one (RADIUS's Delegated-IPv6-Prefix, else the
 * profile's dhcpv6-pd-pool) and routed to the session. Everything else is counted.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <openssl/sha.h>
#include "core/loop.h"
#include "core/rtnl.h"
#include "core/u32map.h"
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "ppp/dhcpv6.h"
#include "ppp/dhcpv6_server.h"
#include "ppp/link_int.h"
#include "ppp/link_log.h"

#define JOINERS_MAX 64
#define PD_PREFERRED 14400		/* as the RAs' prefix */
#define PD_VALID 86400

static struct loop_fd sock = { .fd = -1 };
static int joiners[JOINERS_MAX];	/* [0] is sock.fd; the others only hold memberships */
static unsigned int njoiners;
static struct u32map by_ifindex;
static uint8_t duid[2 + 16];		/* DUID-UUID (RFC 6355), from /etc/machine-id */
static struct dhcpv6_server_stats stats;

static const struct in6_addr all_servers = { .s6_addr = { 0xff, 0x02, [13] = 1, [15] = 2 } };

/*
 * Ours for the life of the machine: a DUID-UUID from a hash of /etc/machine-id (machine-id(5):
 * not to be shown as it is), else random for this run.
 */
static void make_duid(void)
{
	static const char app[] = "sluice dhcpv6 server duid";
	uint8_t md[SHA256_DIGEST_LENGTH], id[64 + sizeof(app)];
	FILE *f = fopen("/etc/machine-id", "r");
	size_t n = 0;

	duid[1] = 4;
	if (f) {
		n = fread(id, 1, 64, f);
		fclose(f);
	}
	if (n >= 32) {
		memcpy(id + n, app, sizeof(app));
		SHA256(id, n + sizeof(app), md);
		memcpy(duid + 2, md, 16);
	} else if (getrandom(duid + 2, 16, GRND_NONBLOCK) != 16) {
		memset(duid + 2, 0x5a, 16);
	}
}

/* The session's binding: its delegated prefix, taken now if it has none and the client asks. */
static void binding_of(struct ppp_link *l, bool wants, struct dhcpv6_binding *b)
{
	memset(b, 0, sizeof(*b));
	b->server_duid = duid;
	b->server_duid_len = sizeof(duid);
	if (!l->pd6.len && wants) {
		link_assign_pd6(l);	/* a full pool is tried again on the next ask */
		if (l->pd6.len && rtnl_route6((int)l->p.ifindex, l->pd6.addr, l->pd6.len, true))
			link_warn(l, "route to its delegated prefix refused");
	}
	memcpy(b->prefix, l->pd6.addr, 16);
	b->prefix_len = l->pd6.len;
	b->preferred = PD_PREFERRED;
	b->valid = PD_VALID;
	_Static_assert(DHCPV6_DNS_MAX >= AUTH_DNS6_MAX, "room for the session's servers");
	memcpy(b->dns, l->dns6, sizeof(l->dns6));
	b->ndns = l->ndns6;
}

static void answer(struct ppp_link *l, const uint8_t *in, size_t len,
		   const struct sockaddr_in6 *from)
{
	uint8_t out[DHCPV6_MSG_MAX];
	struct dhcpv6_binding b;
	enum dhcpv6_drop why;
	size_t n;

	binding_of(l, dhcpv6_wants_prefix(in, len), &b);
	n = dhcpv6_answer(in, len, &b, out, sizeof(out), &why);
	if (!n) {
		stats.dropped[why]++;
		link_debug(l, "dhcpv6: dropped (%s)", dhcpv6_drop_name(why));
		return;
	}
	if (sendto(sock.fd, out, n, 0, (const struct sockaddr *)from, sizeof(*from)) < 0)
		link_debug(l, "dhcpv6: sending: %s", strerror(errno));
	else
		stats.answered++;
}

/* The interface a datagram came in on, from IPV6_PKTINFO; 0 if not said. */
static uint32_t ifindex_of(struct msghdr *mh)
{
	struct cmsghdr *c;
	struct in6_pktinfo pi;

	for (c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c))
		if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			return pi.ipi6_ifindex;
		}
	return 0;
}

static void datagram_in(struct loop_fd *w, uint32_t events)
{
	uint8_t buf[DHCPV6_MSG_MAX + 1], cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	struct sockaddr_in6 from;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_name = &from, .msg_iov = &iov, .msg_iovlen = 1 };
	int batch;
	ssize_t n;

	(void)events;
	for (batch = 0; batch < 64; batch++) {	/* a bounded batch per wakeup */
		struct ppp_link *l;

		mh.msg_namelen = sizeof(from);
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		n = recvmsg(w->fd, &mh, MSG_DONTWAIT);
		if (n < 0)
			return;
		l = u32map_get(&by_ifindex, ifindex_of(&mh));
		if (!l || (size_t)n > DHCPV6_MSG_MAX || !IN6_IS_ADDR_LINKLOCAL(&from.sin6_addr)) {
			stats.strangers++;	/* not a session's client (or not on its link) */
			continue;
		}
		answer(l, buf, (size_t)n, &from);
	}
}

static int open_socket(void)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons(DHCPV6_SERVER_PORT) };
	int fd, on = 1;

	fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	/* SO_REUSEADDR: a DHCPv6 server elsewhere on the router may hold the port as well */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) ||
	    setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a))) {
		int err = -errno;

		close(fd);
		return err;
	}
	sock = (struct loop_fd){ .fd = fd, .events = EPOLLIN, .cb = datagram_in };
	if (loop_add(&sock)) {
		close(fd);
		sock.fd = -1;
		return -ENOMEM;
	}
	joiners[0] = fd;
	njoiners = 1;
	make_duid();
	return 0;
}

/* ff02::1:2 joined on ifindex by one of the sockets: its index, or -1. */
static int join(uint32_t ifindex)
{
	struct ipv6_mreq m = { .ipv6mr_multiaddr = all_servers, .ipv6mr_interface = ifindex };
	unsigned int i;

	for (i = 0;; i++) {
		if (i == njoiners) {	/* all full: another socket, for memberships only */
			int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);

			if (i == JOINERS_MAX || fd < 0) {
				if (fd >= 0)
					close(fd);
				return -1;
			}
			joiners[njoiners++] = fd;
		}
		if (!setsockopt(joiners[i], IPPROTO_IPV6, IPV6_JOIN_GROUP, &m, sizeof(m)))
			return (int)i;
		if (errno != ENOBUFS && errno != ENOMEM)
			return -1;
	}
}

static void leave(int joiner, uint32_t ifindex)
{
	struct ipv6_mreq m = { .ipv6mr_multiaddr = all_servers, .ipv6mr_interface = ifindex };

	setsockopt(joiners[joiner], IPPROTO_IPV6, IPV6_LEAVE_GROUP, &m, sizeof(m));
}

void dhcpv6_server_start(struct ppp_link *l)
{
	int ret;

	if (l->dhcpv6.joined)
		return;
	if (sock.fd < 0 && (ret = open_socket())) {
		link_warn(l, "no DHCPv6: %s", strerror(-ret));
		return;
	}
	ret = join(l->p.ifindex);
	if (ret >= 0 && u32map_put(&by_ifindex, l->p.ifindex, l)) {
		leave(ret, l->p.ifindex);
		ret = -1;
	}
	if (ret < 0) {
		link_warn(l, "no DHCPv6: ff02::1:2 cannot be joined on its interface");
		return;
	}
	l->dhcpv6.joiner = (unsigned int)ret;
	l->dhcpv6.joined = true;
	if (l->pd6.len)		/* IPv6CP reopened: the prefix it was delegated routes again */
		rtnl_route6((int)l->p.ifindex, l->pd6.addr, l->pd6.len, true);
}

/* Also the delegated prefix's route (the interface would take it, but IPv6CP may close alone). */
void dhcpv6_server_stop(struct ppp_link *l)
{
	if (!l->dhcpv6.joined)
		return;
	l->dhcpv6.joined = false;
	leave((int)l->dhcpv6.joiner, l->p.ifindex);
	if (u32map_get(&by_ifindex, l->p.ifindex) == l)
		u32map_del(&by_ifindex, l->p.ifindex);
	if (l->pd6.len)
		rtnl_route6((int)l->p.ifindex, l->pd6.addr, l->pd6.len, false);
}

const struct dhcpv6_server_stats *dhcpv6_server_stats(void)
{
	return &stats;
}

void dhcpv6_server_done(void)
{
	unsigned int i;

	if (sock.fd >= 0)
		loop_del(&sock);
	for (i = 0; i < njoiners; i++)
		close(joiners[i]);
	njoiners = 0;
	sock.fd = -1;
	u32map_free(&by_ifindex);
}
