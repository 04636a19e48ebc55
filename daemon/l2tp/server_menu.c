// SPDX-License-Identifier: GPL-2.0
#include "l2tp/server_menu.h"

CFG_MENU_DEFINE(l2tp_server, L2TP_SERVER_PROPS, .path = "/interface l2tp-server server",
		.order = 100, .verbs = CFG_V_ONE | CFG_V_MONITOR, .singleton = true);
