// SPDX-License-Identifier: GPL-2.0
#include "radius/radius_menu.h"

CFG_MENU_DEFINE(radius, RADIUS_PROPS, .path = "/radius", .order = 70,
		.verbs = CFG_V_LIST | CFG_V_ENABLE | CFG_V_MONITOR);
