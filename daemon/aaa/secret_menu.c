// SPDX-License-Identifier: GPL-2.0
#include "aaa/secret_menu.h"

CFG_MENU_DEFINE(ppp_secret, PPP_SECRET_PROPS, .path = "/ppp secret", .order = 40,
		.verbs = CFG_V_LIST | CFG_V_ENABLE);
