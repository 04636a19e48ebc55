// SPDX-License-Identifier: GPL-2.0
#include "pptp/server_menu.h"

CFG_MENU_DEFINE(pptp_server, PPTP_SERVER_PROPS, .path = "/interface pptp-server server",
		.order = 60, .verbs = CFG_V_ONE, .singleton = true);
