// SPDX-License-Identifier: GPL-2.0
#include "l2tp/client_menu.h"

CFG_MENU_DEFINE(l2tp_client, L2TP_CLIENT_PROPS, .path = "/interface l2tp-client", .order = 110,
		.verbs = CFG_V_LIST | CFG_V_ENABLE | CFG_V_MONITOR);
