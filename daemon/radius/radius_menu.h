/* SPDX-License-Identifier: GPL-2.0 */
/* /radius: the RADIUS servers (radius/client.c talks to them). */
#ifndef SLUICED_RADIUS_MENU_H
#define SLUICED_RADIUS_MENU_H

#include "admin/config.h"

#define RADIUS_PROPS(P, S) \
	P(S, service, "service", radius_service, "ppp", CFG_P_COLUMN) \
	P(S, address, "address", ipv4, NULL, CFG_P_COLUMN) \
	P(S, secret, "secret", text, "", CFG_P_SECRET) \
	P(S, authentication_port, "authentication-port", port, "1812", CFG_P_COLUMN) \
	P(S, accounting_port, "accounting-port", port, "1813", CFG_P_COLUMN) \
	P(S, timeout, "timeout", msec, "300ms", CFG_P_COLUMN) \
	P(S, src_address, "src-address", ipv4_opt, "", 0) \
	P(S, require_message_auth, "require-message-auth", require_ma, "yes-for-request-resp", 0) \
	P(S, disabled, "disabled", bool, "no", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(radius, RADIUS_PROPS)

#endif /* SLUICED_RADIUS_MENU_H */
