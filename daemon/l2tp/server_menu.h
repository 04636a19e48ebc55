/* SPDX-License-Identifier: GPL-2.0 */
/* /interface l2tp-server server (l2tp/server.c runs it). */
#ifndef SLUICED_L2TP_SERVER_MENU_H
#define SLUICED_L2TP_SERVER_MENU_H

#include "ppp/server_menu.h"

/* tunnel-secret is not in RouterOS (see docs/daemon.md): the shared secret of RFC 2661 tunnel
 * authentication and hidden AVPs; empty: tunnels are not authenticated. mppe-mode: as PPTP's. */
#define L2TP_SERVER_PROPS(P, S) \
	PPP_SERVER_PROPS(P, S) \
	P(S, mrru, "mrru", mrru, "disabled", 0) \
	P(S, max_sessions, "max-sessions", limit, "unlimited", 0) \
	P(S, use_ipsec, "use-ipsec", use_ipsec, "no", 0) \
	P(S, ipsec_secret, "ipsec-secret", text, "", CFG_P_SECRET) \
	P(S, tunnel_secret, "tunnel-secret", text, "", CFG_P_SECRET) \
	P(S, mppe_mode, "mppe-mode", mppe_mode, "stateless", 0)
CFG_MENU_DECLARE(l2tp_server, L2TP_SERVER_PROPS)

static inline const struct l2tp_server_cfg *l2tp_server_cfg(void)
{
	return l2tp_server_find(NULL);
}

#endif /* SLUICED_L2TP_SERVER_MENU_H */
