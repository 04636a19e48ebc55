// SPDX-License-Identifier: GPL-2.0
#include "aaa/aaa_menu.h"

CFG_MENU_DEFINE(ppp_aaa, PPP_AAA_PROPS, .path = "/ppp aaa", .order = 50, .verbs = CFG_V_ONE,
		.singleton = true);
