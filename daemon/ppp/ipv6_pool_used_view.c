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

/* one row: a prefix of a pool (RADIUS's own prefixes are no pool's, and not shown) */
static void row(struct cfg_menu *v, const struct ppp_link *l, const struct ipam6_prefix *p,
		const char *pool, const char *what)
{
	char addr[INET6_ADDRSTRLEN], text[INET6_ADDRSTRLEN + 4], info[32];
	struct cfg_item *it;

	if (!p->len || !pool[0] || !(it = cfg_view_add(v)))
		return;
	inet_ntop(AF_INET6, p->addr, addr, sizeof(addr));
	snprintf(text, sizeof(text), "%s/%u", addr, p->len);
	snprintf(info, sizeof(info), "%s %s", l->p.service, what);
	cfg_view_set(v, it, "pool", pool);
	cfg_view_set(v, it, "prefix", text);
	cfg_view_set(v, it, "owner", l->user);
	cfg_view_set(v, it, "info", info);
}

static void ipv6_pool_used_view(struct cfg_menu *v)
{
	struct ppp_link *l;

	*v = (struct cfg_menu){ .path = "/ipv6 pool used", .props = used6_props,
				.nprops = sizeof(used6_props) / sizeof(used6_props[0]),
				.unnumbered = true };
	for (l = ppp_link_next(NULL); l; l = ppp_link_next(l)) {
		row(v, l, &l->prefix6, l->prefix6_pool, "ra");
		row(v, l, &l->pd6, l->pd6_pool, "dhcpv6-pd");
	}
}

CFG_VIEW_DEFINE(ipv6_pool_used, .path = "/ipv6 pool used", .order = 26, .verbs = CFG_V_PRINT,
		.view = ipv6_pool_used_view, .unnumbered = true);
