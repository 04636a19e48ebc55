/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ppp l2tp-secret: RouterOS's L2TP tunnel secrets by peer address. The LNS takes the
 * secret of the most specific enabled entry whose address holds the peer (l2tp/server.c);
 * with none, the server's own tunnel-secret (sluice's, see docs/daemon.md); with neither,
 * tunnels are not authenticated.
 */
#ifndef SLUICED_L2TP_SECRET_MENU_H
#define SLUICED_L2TP_SECRET_MENU_H

#include "admin/config.h"

#define PPP_L2TP_SECRET_PROPS(P, S) \
	P(S, address, "address", ipv4_prefix, "0.0.0.0/0", CFG_P_COLUMN) \
	P(S, secret, "secret", text, "", CFG_P_SECRET) \
	P(S, disabled, "disabled", bool, "no", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(ppp_l2tp_secret, PPP_L2TP_SECRET_PROPS)

/* The secret for a tunnel from addr (network order): the most specific entry's, or NULL. */
const char *l2tp_secret_for(uint32_t addr);

#endif /* SLUICED_L2TP_SECRET_MENU_H */
