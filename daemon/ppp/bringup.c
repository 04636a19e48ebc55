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
#include "admin/config.h"
#include "admin/config_compat.h"
#include "aaa/ipam.h"
#include "aaa/local.h"
#include "core/kernel.h"
#define LOG_TOPIC LOG_T_PPP
#include "core/log.h"
#include "core/rtnl.h"
#include "ppp/link_int.h"

/* Addresses: the secret's, else the profile's (an address or a pool). */
int link_assign_addresses(struct ppp_link *l, const struct auth_secret *s)
{
	const char *local = *s->local_address ? s->local_address :
			    cfg_profile_get(l->profile, "local-address");
	const char *remote = *s->remote_address ? s->remote_address :
			     cfg_profile_get(l->profile, "remote-address");
	const char *dns = cfg_profile_get(l->profile, "dns-server");
	struct in_addr a;
	int ret;

	if (inet_pton(AF_INET, local, &a) != 1)
		return -EDESTADDRREQ;
	l->local_addr = a.s_addr;
	if (inet_pton(AF_INET, remote, &a) == 1) {
		ret = ipam_reserve(a.s_addr);
	} else {
		ret = ipam_alloc(remote, &a.s_addr);
		l->addr_from_pool = !ret;
	}
	if (ret)
		return ret;
	l->remote_addr = a.s_addr;
	if (dns[0]) {
		char two[64], *comma;

		snprintf(two, sizeof(two), "%s", dns);
		comma = strchr(two, ',');
		if (comma)
			*comma++ = '\0';
		inet_pton(AF_INET, two, &l->dns[0]);
		if (comma)
			inet_pton(AF_INET, comma, &l->dns[1]);
	}
	return ret;
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
			log_warn("%s: route %s: %s", l->p.tag, r, strerror(-ret));
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
	if (!kernel_session_get(l->p.ifindex, &si))
		snprintf(l->ifname, sizeof(l->ifname), "%s", si.p.ifname);
}

int link_push_kernel(struct ppp_link *l)
{
	struct sluice_session_params sp = { .ifindex = l->p.ifindex };
	uint16_t mtu = l->neg.peer_mru < l->conf.max_mtu ? l->neg.peer_mru : l->conf.max_mtu;
	int ret;

	sp.mtu = mtu;
	sp.ppp_flags = l->neg.tx_flags;
	sp.mru = l->neg.peer_mru;
	if (l->neg.mppe_bits) {
		uint32_t s = mppe_strongest(l->neg.mppe_bits);

		sp.mppe_bits = s == MPPE_S ? 128 : s == MPPE_M ? 56 : 40;
		sp.mppe_flags = l->neg.mppe_bits & MPPE_H ? SLUICE_MPPE_F_STATELESS : 0;
		l->role->keys(l, sp.send_key, sp.recv_key);
	}
	ret = kernel_session_set(&sp);
	memset(&sp, 0, sizeof(sp));
	if (ret)
		return ret;
	l->role->name_interface(l);
	ret = rtnl_addr_p2p((int)l->p.ifindex, l->local_addr, l->remote_addr);
	if (!ret)
		ret = rtnl_link_set((int)l->p.ifindex, true, 0, NULL);
	return ret;
}
