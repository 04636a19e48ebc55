/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /interface pppoe-server server: one item per interface and service name, named by its
 * service-name (`set pppoe-soho ...`, as RouterOS's examples write it). pppoe/server.c runs
 * them. The first six properties are laid out as ppp/server_menu.h's struct ppp_server_cfg
 * (ppp/server.c reads them as one), with PPPoE's defaults; max-mtu and max-mru may be auto
 * (0): what the interface carries less PPPoE's 8 bytes.
 */
#ifndef SLUICED_PPPOE_SERVER_MENU_H
#define SLUICED_PPPOE_SERVER_MENU_H

#include "ppp/server_menu.h"

#define PPPOE_SERVER_PROPS(P, S) \
	P(S, enabled, "enabled", bool, "no", 0) \
	P(S, authentication, "authentication", auth_list, "pap,chap,mschap1,mschap2", 0) \
	P(S, default_profile, "default-profile", profile_ref, "default", 0) \
	P(S, keepalive_timeout, "keepalive-timeout", u16, "10", 0) \
	P(S, max_mtu, "max-mtu", mtu_auto, "auto", CFG_P_COLUMN) \
	P(S, max_mru, "max-mru", mtu_auto, "auto", CFG_P_COLUMN) \
	P(S, service_name, "service-name", text, "service1", CFG_P_COLUMN) \
	P(S, interface, "interface", ifname, NULL, CFG_P_COLUMN) \
	P(S, mrru, "mrru", mrru, "disabled", 0) \
	P(S, one_session_per_host, "one-session-per-host", bool, "no", 0) \
	P(S, max_sessions, "max-sessions", limit, "unlimited", 0) \
	P(S, pado_delay, "pado-delay", pado_delay, "0", 0)
CFG_MENU_DECLARE(pppoe_server, PPPOE_SERVER_PROPS)

#endif /* SLUICED_PPPOE_SERVER_MENU_H */
