// SPDX-License-Identifier: GPL-2.0
#include "pptp/client_menu.h"

CFG_MENU_DEFINE(pptp_client, PPTP_CLIENT_PROPS, .path = "/interface pptp-client", .order = 90,
		.verbs = CFG_V_LIST | CFG_V_ENABLE | CFG_V_MONITOR);
