/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ipv6 pool: prefixes for PPP sessions (aaa/ipam6.c hands them out). RouterOS: the pool's
 * prefix is cut into prefixes of prefix-length bits, one per session; a session's RAs
 * advertise it (remote-ipv6-prefix-pool), so it is a /64 there.
 */
#ifndef SLUICED_IPV6_POOL_MENU_H
#define SLUICED_IPV6_POOL_MENU_H

#include "admin/config.h"

#define IPV6_POOL_PROPS(P, S) \
	P(S, name, "name", name, NULL, CFG_P_COLUMN) \
	P(S, prefix, "prefix", ipv6_prefix, NULL, CFG_P_COLUMN) \
	P(S, prefix_length, "prefix-length", ipv6_prefix_length, NULL, CFG_P_COLUMN) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(ipv6_pool, IPV6_POOL_PROPS)

#endif /* SLUICED_IPV6_POOL_MENU_H */
