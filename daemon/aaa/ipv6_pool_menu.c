// SPDX-License-Identifier: GPL-2.0
#include "aaa/ipv6_pool_menu.h"

/* A pool hands out prefixes no shorter than its own (RouterOS refuses the same). */
static int ipv6_pool_check(const struct cfg_menu *m, const struct cfg_item *self,
			   const char *const *vals, struct strbuf *err)
{
	struct cfg_ip_prefix p;
	unsigned int len = 0;

	(void)self;
	cfg_ipv6_prefix_type.parse(&cfg_ipv6_prefix_type, vals[cfg_prop_index(m, "prefix")], &p);
	cfg_ipv6_prefix_length_type.parse(&cfg_ipv6_prefix_length_type,
					  vals[cfg_prop_index(m, "prefix-length")], &len);
	if (len >= p.len)
		return 0;
	sb_printf(err, "prefix-length %u is shorter than the pool's prefix (/%u)", len, p.len);
	return -1;
}

CFG_MENU_DEFINE(ipv6_pool, IPV6_POOL_PROPS, .path = "/ipv6 pool", .order = 21,
		.verbs = CFG_V_LIST, .check_item = ipv6_pool_check);
