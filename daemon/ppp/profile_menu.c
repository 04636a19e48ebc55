// SPDX-License-Identifier: GPL-2.0
#include "ppp/profile_menu.h"

bool ppp_profile_resolve(const char *name, struct ppp_profile_cfg *out)
{
	const struct cfg_menu *m = &ppp_profile_menu;

	return !cfg_resolve(m, cfg_find(m, name), cfg_find(m, "default"), out);
}

static const struct cfg_builtin profile_builtins[] = {
	{ { "name=default" } },
	{ { "name=default-encryption", "use-encryption=yes" } },
};

CFG_MENU_DEFINE(ppp_profile, PPP_PROFILE_PROPS, .path = "/ppp profile", .order = 30,
		.verbs = CFG_V_LIST, .builtins = profile_builtins, .nbuiltins = 2);
