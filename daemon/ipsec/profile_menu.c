// SPDX-License-Identifier: GPL-2.0
#include "ipsec/profile_menu.h"

static const struct cfg_builtin profile_builtins[] = {
	{ { "name=default" } },
};

CFG_MENU_DEFINE(ipsec_profile, IPSEC_PROFILE_PROPS, .path = "/ip ipsec profile", .order = 132,
		.verbs = CFG_V_LIST, .builtins = profile_builtins, .nbuiltins = 1);
