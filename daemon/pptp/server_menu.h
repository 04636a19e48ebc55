/* SPDX-License-Identifier: GPL-2.0 */
/* /interface pptp-server server (pptp/server.c runs it). */
#ifndef SLUICED_PPTP_SERVER_MENU_H
#define SLUICED_PPTP_SERVER_MENU_H

#include "ppp/server_menu.h"

/* mppe-mode is not in RouterOS: pppd and Windows offer stateless first and accept stateful
 * only when the server declines it; stateless survives loss, stateful costs less CPU */
#define PPTP_SERVER_PROPS(P, S) \
	PPP_SERVER_PROPS(P, S) \
	P(S, max_sessions, "max-sessions", limit, "unlimited", 0) \
	P(S, mppe_mode, "mppe-mode", mppe_mode, "stateless", 0)
CFG_MENU_DECLARE(pptp_server, PPTP_SERVER_PROPS)

static inline const struct pptp_server_cfg *pptp_server_cfg(void)
{
	return pptp_server_find(NULL);
}

#endif /* SLUICED_PPTP_SERVER_MENU_H */
