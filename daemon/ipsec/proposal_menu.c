// SPDX-License-Identifier: GPL-2.0
#include "ipsec/proposal_menu.h"

static const struct cfg_builtin proposal_builtins[] = {
	{ { "name=default" } },
};

CFG_MENU_DEFINE(ipsec_proposal, IPSEC_PROPOSAL_PROPS, .path = "/ip ipsec proposal",
		.order = 134, .verbs = CFG_V_LIST | CFG_V_ENABLE, .builtins = proposal_builtins,
		.nbuiltins = 1);
