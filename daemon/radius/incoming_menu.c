// SPDX-License-Identifier: GPL-2.0
#include "radius/incoming_menu.h"

CFG_MENU_DEFINE(radius_incoming, RADIUS_INCOMING_PROPS, .path = "/radius incoming",
		.order = 80, .verbs = CFG_V_ONE | CFG_V_MONITOR, .singleton = true);
