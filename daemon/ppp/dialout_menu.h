/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every dial-out client menu has (/interface pptp-client, /interface l2tp-client), first
 * in its property list, so ppp/dialout.c reads any client's item as a struct dialout_cfg.
 */
#ifndef SLUICED_DIALOUT_MENU_H
#define SLUICED_DIALOUT_MENU_H

#include "admin/config.h"

#define DIALOUT_PROPS(P, S) \
	P(S, name, "name", ifname, NULL, CFG_P_COLUMN) \
	P(S, connect_to, "connect-to", server_address, NULL, CFG_P_COLUMN) \
	P(S, user, "user", user, "", CFG_P_COLUMN) \
	P(S, password, "password", password, "", CFG_P_SECRET) \
	P(S, profile, "profile", profile_ref, "default-encryption", CFG_P_COLUMN) \
	P(S, keepalive_timeout, "keepalive-timeout", u16, "60", 0) \
	P(S, add_default_route, "add-default-route", bool, "no", 0) \
	P(S, default_route_distance, "default-route-distance", distance, "1", 0) \
	P(S, allow, "allow", auth_list, "pap,chap,mschap1,mschap2", 0) \
	P(S, max_mtu, "max-mtu", mtu, "1450", 0) \
	P(S, max_mru, "max-mru", mtu, "1450", 0)

struct dialout_cfg {
	DIALOUT_PROPS(CFG_FIELD_, struct dialout_cfg)
};

/* A client menu's item as its common part (the menus' structs start with it). */
#define DIALOUT_CFG(it) ((const struct dialout_cfg *)(it)->typed)

#endif /* SLUICED_DIALOUT_MENU_H */
