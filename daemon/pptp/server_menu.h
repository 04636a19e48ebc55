/* SPDX-License-Identifier: GPL-2.0 */
/* /interface pptp-server server (pptp/server.c runs it). */
#ifndef SLUICED_PPTP_SERVER_MENU_H
#define SLUICED_PPTP_SERVER_MENU_H

#include "admin/config.h"

/* mppe-mode is not in RouterOS: pppd and Windows offer stateless first and accept stateful
 * only when the server declines it; stateless survives loss, stateful costs less CPU */
#define PPTP_SERVER_PROPS(P, S) \
	P(S, enabled, "enabled", bool, "no", 0) \
	P(S, authentication, "authentication", auth_list, "mschap1,mschap2", 0) \
	P(S, default_profile, "default-profile", profile_ref, "default-encryption", 0) \
	P(S, keepalive_timeout, "keepalive-timeout", u16, "30", 0) \
	P(S, max_mtu, "max-mtu", mtu, "1450", 0) \
	P(S, max_mru, "max-mru", mtu, "1450", 0) \
	P(S, max_sessions, "max-sessions", limit, "unlimited", 0) \
	P(S, mppe_mode, "mppe-mode", mppe_mode, "stateless", 0)
CFG_MENU_DECLARE(pptp_server, PPTP_SERVER_PROPS)

static inline const struct pptp_server_cfg *pptp_server_cfg(void)
{
	return pptp_server_find(NULL);
}

#endif /* SLUICED_PPTP_SERVER_MENU_H */
