/* SPDX-License-Identifier: GPL-2.0 */
/* /ppp secret: local users (aaa/local.c checks them). */
#ifndef SLUICED_SECRET_MENU_H
#define SLUICED_SECRET_MENU_H

#include "admin/config.h"

#define PPP_SECRET_PROPS(P, S) \
	P(S, name, "name", name, NULL, CFG_P_COLUMN) \
	P(S, password, "password", text, "", CFG_P_SECRET) \
	P(S, service, "service", service, "any", CFG_P_COLUMN) \
	P(S, profile, "profile", profile_ref, "default", CFG_P_COLUMN) \
	P(S, local_address, "local-address", ipv4_opt, "", CFG_P_COLUMN) \
	P(S, remote_address, "remote-address", ipv4_opt, "", CFG_P_COLUMN) \
	P(S, routes, "routes", routes, "", 0) \
	P(S, disabled, "disabled", bool, "no", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(ppp_secret, PPP_SECRET_PROPS)

#endif /* SLUICED_SECRET_MENU_H */
