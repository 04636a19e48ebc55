// SPDX-License-Identifier: GPL-2.0
#include "ipsec/policy_group_menu.h"

static const struct cfg_builtin group_builtins[] = {
	{ { "name=default" } },
};

CFG_MENU_DEFINE(ipsec_policy_group, IPSEC_POLICY_GROUP_PROPS, .path = "/ip ipsec policy group",
		.order = 131, .verbs = CFG_V_LIST, .builtins = group_builtins, .nbuiltins = 1);
