// SPDX-License-Identifier: GPL-2.0
#include "ipsec/settings_menu.h"

CFG_MENU_DEFINE(ipsec_settings, IPSEC_SETTINGS_PROPS, .path = "/ip ipsec settings",
		.order = 137, .verbs = CFG_V_ONE, .singleton = true);
