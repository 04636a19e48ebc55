/* SPDX-License-Identifier: GPL-2.0 */
/* /ip pool: address pools (aaa/ipam.c allocates from them). */
#ifndef SLUICED_POOL_MENU_H
#define SLUICED_POOL_MENU_H

#include "admin/config.h"

#define IP_POOL_PROPS(P, S) \
	P(S, name, "name", name, NULL, CFG_P_COLUMN) \
	P(S, ranges, "ranges", ranges, NULL, CFG_P_COLUMN) \
	P(S, next_pool, "next-pool", pool_ref, "none", CFG_P_COLUMN) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(ip_pool, IP_POOL_PROPS)

#endif /* SLUICED_POOL_MENU_H */
