/* SPDX-License-Identifier: GPL-2.0 */
/* /interface l2tp-client: RouterOS's properties, and the tunnel secret of the server menu. */
#ifndef SLUICED_L2TP_CLIENT_MENU_H
#define SLUICED_L2TP_CLIENT_MENU_H

#include "ppp/dialout_menu.h"

#define L2TP_CLIENT_PROPS(P, S) \
	DIALOUT_PROPS(P, S) \
	P(S, use_ipsec, "use-ipsec", client_use_ipsec, "no", 0) \
	P(S, ipsec_secret, "ipsec-secret", text, "", CFG_P_SECRET) \
	P(S, tunnel_secret, "tunnel-secret", text, "", CFG_P_SECRET) \
	P(S, disabled, "disabled", bool, "yes", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(l2tp_client, L2TP_CLIENT_PROPS)

#endif /* SLUICED_L2TP_CLIENT_MENU_H */
