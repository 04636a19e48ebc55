/* SPDX-License-Identifier: GPL-2.0 */
/* /interface pptp-client: RouterOS's properties and defaults (an item is added disabled). */
#ifndef SLUICED_PPTP_CLIENT_MENU_H
#define SLUICED_PPTP_CLIENT_MENU_H

#include "ppp/dialout_menu.h"

#define PPTP_CLIENT_PROPS(P, S) \
	DIALOUT_PROPS(P, S) \
	P(S, disabled, "disabled", bool, "yes", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(pptp_client, PPTP_CLIENT_PROPS)

#endif /* SLUICED_PPTP_CLIENT_MENU_H */
