// SPDX-License-Identifier: GPL-2.0
/*
 * Bringing a link up once the network phase is done: its addresses, one push of keys and
 * options into the kernel (SET_SESSION), the interface's name, its addresses and routes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "admin/config.h"
#include "ppp/profile_menu.h"
#include "aaa/ipam.h"
#include "aaa/ipam6.h"
#include "aaa/local.h"
#include "core/kernel.h"
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "core/rtnl.h"
#include "rate_limit.h"
#include "ppp/link_int.h"
#include "ppp/link_log.h"
#include "ppp/dhcpv6_server.h"
#include "ppp/ra.h"

/* The peer's address: a fixed one reserved, or one from the pool (and its next-pools). */
static int take_remote(struct ppp_link *l, uint32_t fixed, const char *pool, uint32_t *out)
{
	int ret;

	if (fixed)
		ret = ipam_reserve(*out = fixed);
	else
		l->addr_from_pool = !(ret = ipam_alloc(pool ? pool : "", out));
	return ret;
}

/* Addresses: the secret's (or RADIUS's), else the profile's (an address or a pool). */
int link_assign_addresses(struct ppp_link *l, const struct auth_secret *s)
{
	struct ppp_profile_cfg prof;
	struct in_addr a;
	uint32_t remote;
	int ret;

	ppp_profile_resolve(l->profile, &prof);
	if (*s->local_address)
		prof.local_address = inet_pton(AF_INET, s->local_address, &a) == 1 ? a.s_addr : 0;
	if (!prof.local_address)
		return -EDESTADDRREQ;
	l->local_addr = prof.local_address;
	if (*s->remote_address && inet_pton(AF_INET, s->remote_address, &a) == 1)
		ret = take_remote(l, a.s_addr, NULL, &remote);
	else if (*s->remote_address)	/* RADIUS's Framed-Pool */
		ret = take_remote(l, 0, s->remote_address, &remote);
	else
		ret = take_remote(l, prof.remote_address.addr, prof.remote_address.pool, &remote);
	if (ret)
		return ret;
	l->remote_addr = remote;
	if (prof.dns_server.n)
		l->dns[0] = prof.dns_server.addr[0];
	if (prof.dns_server.n > 1)
		l->dns[1] = prof.dns_server.addr[1];
	return 0;
}

/*
 * The prefix its RAs will advertise, taken when IPv6CP first opens (an IPv4-only client
 * holds none): RADIUS's Framed-IPv6-Prefix, else one from RADIUS's Framed-IPv6-Pool or the
 * profile's remote-ipv6-prefix-pool. Without one the session still gets IPv6CP and its
 * link-locals; an exhausted pool is said, and costs only the prefix.
 */
/* A prefix from RADIUS (given, or from a pool it names) or the profile's pool; 0 or -errno */
static int take_prefix(struct ppp_link *l, const uint8_t *given, unsigned int given_len,
		       const char *radius_pool, const char *pool, struct ipam6_prefix *out,
		       char taken_from[65])
{
	int ret;

	if (l->policy.ipv6 == PPP_IPV6_NO || out->len)
		return 0;
	if (given_len) {
		struct ipam6_prefix g = { .len = given_len };

		memcpy(g.addr, given, 16);
		ret = ipam6_reserve(&g, taken_from);	/* inside a pool: no one else's too */
		if (ret)
			link_warn(l, "RADIUS's IPv6 prefix: %s", ret == -EADDRINUSE ?
				  "another session holds it (or its pool's prefix)" : strerror(-ret));
		else
			*out = g;
		return ret;
	}
	pool = radius_pool && radius_pool[0] ? radius_pool : pool;
	if (!pool)
		return 0;
	ret = ipam6_alloc(pool, out);
	if (ret)
		link_warn(l, "no IPv6 prefix from /ipv6 pool %s: %s", pool,
			  ret == -ENOSPC ? "the pool is exhausted" :
			  ret == -ENOENT ? "no such pool" : strerror(-ret));
	else
		snprintf(taken_from, 65, "%s", pool);
	return ret;
}

/* RADIUS's DNS-Server-IPv6-Address, else the IPv6 ones of the profile's dns-server */
static void assign_dns6(struct ppp_link *l, const struct ppp_profile_cfg *prof)
{
	const struct auth_attrs *at = &l->auth.attrs;
	unsigned int i;

	_Static_assert(AUTH_DNS6_MAX == CFG_DNS6_MAX, "one bound for both sources");
	l->ndns6 = at->ndns6 ? at->ndns6 : prof->dns_server.n6;
	for (i = 0; i < l->ndns6; i++)
		memcpy(l->dns6[i], at->ndns6 ? at->dns6[i] : prof->dns_server.addr6[i], 16);
}

void link_assign_prefix6(struct ppp_link *l)
{
	const struct auth_attrs *at = &l->auth.attrs;
	struct ppp_profile_cfg prof;

	ppp_profile_resolve(l->profile, &prof);
	take_prefix(l, at->framed_ipv6, at->framed_ipv6_len, at->framed_ipv6_pool,
		    prof.remote_ipv6_prefix_pool, &l->prefix6, l->prefix6_pool);
	assign_dns6(l, &prof);
}

void link_assign_pd6(struct ppp_link *l)
{
	const struct auth_attrs *at = &l->auth.attrs;
	struct ppp_profile_cfg prof;

	ppp_profile_resolve(l->profile, &prof);
	take_prefix(l, at->delegated_ipv6, at->delegated_ipv6_len, NULL, prof.dhcpv6_pd_pool,
		    &l->pd6, l->pd6_pool);
}

void link_install_routes(struct ppp_link *l, const char *routes)
{
	char buf[1024], *save = NULL, *r;

	snprintf(buf, sizeof(buf), "%s", routes);
	for (r = strtok_r(buf, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
		char dst[32] = "", gw[32] = "";
		unsigned int metric = 0, prefix = 32;
		struct in_addr d = { 0 }, g = { 0 };
		char *slash;
		int ret;

		sscanf(r, "%31s %31s %u", dst, gw, &metric);
		slash = strchr(dst, '/');
		if (slash) {
			*slash = '\0';
			prefix = (unsigned int)atoi(slash + 1);
		}
		inet_pton(AF_INET, dst, &d);
		if (gw[0])
			inet_pton(AF_INET, gw, &g);
		ret = rtnl_route((int)l->p.ifindex, d.s_addr, prefix, g.s_addr, metric, true);
		if (ret)
			link_warn(l, "route %s: %s", r, strerror(-ret));
	}
}

/*
 * RouterOS names dynamic interfaces <service-user>, and <service-user-N> for a user's
 * further sessions; a name that will not fit or is taken leaves the kernel's own.
 */
void link_name_interface(struct ppp_link *l)
{
	struct sluice_session_info si;
	char name[16];
	int n;

	for (n = 1; n <= 16; n++) {
		char num[8] = "";
		int room;

		if (n > 1)
			snprintf(num, sizeof(num), "-%d", n);
		/* '<' service '-' user num '>' and the NUL in 16 bytes */
		room = 16 - 4 - (int)strnlen(l->p.service, 6) - (int)strlen(num);
		if (room < 1)
			break;
		if ((size_t)snprintf(name, 16, "<%.6s-%.*s%s>", l->p.service, room, l->user,
				     num) >= 16)
			break;
		if (!rtnl_link_set((int)l->p.ifindex, false, 0, name)) {
			snprintf(l->ifname, sizeof(l->ifname), "%s", name);
			return;
		}
	}
	if (!kernel_session_get(l->p.session, &si))
		snprintf(l->ifname, sizeof(l->ifname), "%s", si.p.ifname);
}

/*
 * The rate-limit in force (profile, then RADIUS, then CoA) into the kernel, which shapes
 * both directions (kmod/shaper.c). Text that does not parse (a RADIUS server's) limits
 * nothing, said once per session.
 */
int link_push_rate(struct ppp_link *l)
{
	struct sluice_nl_limits nl = { 0 };
	struct rate_limit rl;
	const char *why = NULL;
	int ret;

	if (rate_limit_parse(l->policy.rate_limit, &rl, &why)) {
		link_warn(l, "rate-limit \"%s\": %s: not limited", l->policy.rate_limit, why);
		memset(&rl, 0, sizeof(rl));
	}
	sluice_nl_limits_of(&nl, &rl);
	if (!nl.rx.rate && !nl.tx.rate && !l->policy.rate_pushed)
		return 0;	/* nothing to set, nothing to lift */
	ret = kernel_session_limit(l->p.session, &nl);
	if (ret == -EOPNOTSUPP)
		link_warn(l, "the kernel module predates rate limits: rate-limit %s not enforced",
			  l->policy.rate_limit);
	else if (ret)
		link_warn(l, "setting rate-limit %s: %s", l->policy.rate_limit, strerror(-ret));
	l->policy.rate_pushed = !ret && (nl.rx.rate || nl.tx.rate);
	return ret;
}

static uint32_t protocols_open(const struct ppp_link *l)
{
	return SLUICE_PPP_PROTO_IPV4 |
	       (l->ipv6cp.state == PPP_FSM_OPENED ? SLUICE_PPP_PROTO_IPV6 : 0);
}

/*
 * The interface's IPv6 as IPv6CP has it: its link-locals and RAs while open, none while not.
 * The addresses go when IPv6CP leaves Opened, so a renegotiation that changes either
 * identifier leaves no stale one. A failure costs the session its IPv6, not its IPv4.
 */
static int link_addr6(struct ppp_link *l, bool up)
{
	int ret = 0;

	if (up && !l->neg.ipv6_pushed) {
		link_assign_prefix6(l);
		ret = rtnl_addr6_link_local((int)l->p.ifindex, l->local_iid, l->remote_iid, true);
		l->neg.ipv6_pushed = !ret;
	} else if (!up && l->neg.ipv6_pushed) {
		rtnl_addr6_link_local((int)l->p.ifindex, l->local_iid, l->remote_iid, false);
		l->neg.ipv6_pushed = false;
	}
	if (l->neg.ipv6_pushed) {
		ra_start(l);
		dhcpv6_server_start(l);
	} else {
		ra_stop(l);
		dhcpv6_server_stop(l);
	}
	return ret;
}

/*
 * IPv6CP opened (up) or closed after the link came up: the kernel carries IPv6 or stops.
 * Only the PPP options go (no keys: the kernel has them).
 */
int link_push_ipv6(struct ppp_link *l, bool up)
{
	struct sluice_session_params sp = { .id = l->p.session, .ifindex = l->p.ifindex };
	int ret;

	sp.mtu = ppp_link_mtu(l);
	sp.ppp_flags = l->neg.tx_flags;
	sp.mru = l->neg.peer_mru;
	sp.ppp_protocols = SLUICE_PPP_PROTO_IPV4 | (up ? SLUICE_PPP_PROTO_IPV6 : 0);
	ret = kernel_session_set(&sp);
	if (!ret || !up)
		ret = link_addr6(l, up && !ret) ?: ret;
	if (ret)
		link_warn(l, "IPv6 on the session: %s", strerror(-ret));
	return ret;
}

/*
 * The session's PPP settings and keys into the kernel, and its interface: a session is
 * pending (no interface) until its peer has authenticated and its network protocols are
 * open, which is now.
 */
int link_push_kernel(struct ppp_link *l)
{
	struct sluice_session_params sp = { .id = l->p.session, .ifindex = l->p.ifindex };
	int ret;

	sp.mtu = ppp_link_mtu(l);
	sp.ppp_flags = l->neg.tx_flags;
	sp.mru = l->neg.peer_mru;
	sp.ppp_protocols = protocols_open(l);
	if (l->neg.mppe_bits) {
		uint32_t s = mppe_strongest(l->neg.mppe_bits);

		sp.mppe_bits = s == MPPE_S ? 128 : s == MPPE_M ? 56 : 40;
		sp.mppe_flags = l->neg.mppe_bits & MPPE_H ? SLUICE_MPPE_F_STATELESS : 0;
		l->role->take_keys(l, sp.send_key, sp.recv_key);
	}
	ret = l->p.ifindex ? kernel_session_set(&sp) : kernel_session_attach(&sp);
	if (!ret)
		l->p.ifindex = sp.ifindex;
	OPENSSL_cleanse(&sp, sizeof(sp));	/* a memset of a dying local may be elided */
	if (ret)
		return ret;
	l->role->name_interface(l);
	link_push_rate(l);	/* a limit that cannot be set is logged, not fatal */
	ret = rtnl_addr_p2p((int)l->p.ifindex, l->local_addr, l->remote_addr);
	if (!ret)
		ret = rtnl_link_set((int)l->p.ifindex, true, 0, NULL);
	/* IPv6 once the interface is up (the route to the peer's end comes only then); a
	 * failure is the IPv6's alone (said), unless use-ipv6=require */
	if (!ret && (protocols_open(l) & SLUICE_PPP_PROTO_IPV6) && link_addr6(l, true)) {
		link_warn(l, "IPv6 on the session: its link-local address was refused");
		if (l->policy.ipv6 == PPP_IPV6_REQUIRE)
			return -EADDRNOTAVAIL;
	}
	return ret;
}
