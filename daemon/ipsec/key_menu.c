// SPDX-License-Identifier: GPL-2.0
/* /ip ipsec key: registered here, run by daemon/ipsec/key_view.c (key_menu.h). */
#include "ipsec/key_menu.h"

CFG_MENU_DEFINE(ipsec_key, IPSEC_KEY_PROPS, .path = "/ip ipsec key", .order = 138,
		.verbs = CFG_V_PRINT | CFG_V_REMOVE);
