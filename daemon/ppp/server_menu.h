/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every PPP server menu has (/interface pptp-server server, /interface l2tp-server
 * server), first in its property list, so ppp/server.c reads either as a struct
 * ppp_server_cfg.
 */
#ifndef SLUICED_PPP_SERVER_MENU_H
#define SLUICED_PPP_SERVER_MENU_H

#include "admin/config.h"

#define PPP_SERVER_PROPS(P, S) \
	P(S, enabled, "enabled", bool, "no", 0) \
	P(S, authentication, "authentication", auth_list, "mschap1,mschap2", 0) \
	P(S, default_profile, "default-profile", profile_ref, "default-encryption", 0) \
	P(S, keepalive_timeout, "keepalive-timeout", u16, "30", 0) \
	P(S, max_mtu, "max-mtu", mtu, "1450", 0) \
	P(S, max_mru, "max-mru", mtu, "1450", 0)

struct ppp_server_cfg {
	PPP_SERVER_PROPS(CFG_FIELD_, struct ppp_server_cfg)
};

#endif /* SLUICED_PPP_SERVER_MENU_H */
