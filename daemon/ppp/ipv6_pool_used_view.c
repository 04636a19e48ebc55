// SPDX-License-Identifier: GPL-2.0
/* /ipv6 pool used: the prefixes sessions hold from /ipv6 pool, and who holds them. */
#include <arpa/inet.h>
#include <stdio.h>
#include "admin/config.h"
#include "ppp/link.h"

static const struct cfg_prop used6_props[] = {
	CFG_VIEW_PROP("pool", CFG_P_COLUMN), CFG_VIEW_PROP("prefix", CFG_P_COLUMN),
	CFG_VIEW_PROP("owner", CFG_P_COLUMN), CFG_VIEW_PROP("info", CFG_P_COLUMN),
};

static void ipv6_pool_used_view(struct cfg_menu *v)
{
	char addr[INET6_ADDRSTRLEN], prefix[INET6_ADDRSTRLEN + 4];
	struct ppp_link *l;

	*v = (struct cfg_menu){ .path = "/ipv6 pool used", .props = used6_props,
				.nprops = sizeof(used6_props) / sizeof(used6_props[0]),
				.unnumbered = true };
	for (l = ppp_link_next(NULL); l; l = ppp_link_next(l)) {
		struct cfg_item *it;

		if (!l->prefix6.len || !(it = cfg_view_add(v)))
			continue;
		inet_ntop(AF_INET6, l->prefix6.addr, addr, sizeof(addr));
		snprintf(prefix, sizeof(prefix), "%s/%u", addr, l->prefix6.len);
		cfg_view_set(v, it, "pool", l->prefix6_pool);
		cfg_view_set(v, it, "prefix", prefix);
		cfg_view_set(v, it, "owner", l->user);
		cfg_view_set(v, it, "info", l->p.service);
	}
}

CFG_VIEW_DEFINE(ipv6_pool_used, .path = "/ipv6 pool used", .order = 26, .verbs = CFG_V_PRINT,
		.view = ipv6_pool_used_view, .unnumbered = true);
