/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /interface pppoe-client: RouterOS's properties and defaults (an item is added disabled).
 * name comes first, as in every dial-out menu (ppp/dialout.c finds clients by it); the
 * rest is read by pppoe/client.c. max-mtu and max-mru auto (0): the interface's MTU less
 * PPPoE's 8 bytes, at most 1492. mrru is stored (sluice has no multilink); dial-on-demand
 * and use-peer-dns take only `no` for now.
 */
#ifndef SLUICED_PPPOE_CLIENT_MENU_H
#define SLUICED_PPPOE_CLIENT_MENU_H

#include "admin/config.h"

#define PPPOE_CLIENT_PROPS(P, S) \
	P(S, name, "name", ifname, NULL, CFG_P_COLUMN) \
	P(S, max_mtu, "max-mtu", mtu_auto, "auto", CFG_P_COLUMN) \
	P(S, max_mru, "max-mru", mtu_auto, "auto", CFG_P_COLUMN) \
	P(S, mrru, "mrru", mrru, "disabled", 0) \
	P(S, interface, "interface", ifname, NULL, CFG_P_COLUMN) \
	P(S, user, "user", user, "", CFG_P_COLUMN) \
	P(S, password, "password", password, "", CFG_P_SECRET) \
	P(S, profile, "profile", profile_ref, "default", 0) \
	P(S, keepalive_timeout, "keepalive-timeout", u16, "10", 0) \
	P(S, service_name, "service-name", text, "", 0) \
	P(S, ac_name, "ac-name", text, "", 0) \
	P(S, add_default_route, "add-default-route", bool, "no", 0) \
	P(S, default_route_distance, "default-route-distance", distance, "1", 0) \
	P(S, dial_on_demand, "dial-on-demand", bool, "no", 0) \
	P(S, use_peer_dns, "use-peer-dns", bool, "no", 0) \
	P(S, allow, "allow", auth_list, "pap,chap,mschap1,mschap2", 0) \
	P(S, disabled, "disabled", bool, "yes", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(pppoe_client, PPPOE_CLIENT_PROPS)

#endif /* SLUICED_PPPOE_CLIENT_MENU_H */
