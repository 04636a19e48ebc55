// SPDX-License-Identifier: GPL-2.0
#include "l2tp/secret_menu.h"

CFG_MENU_DEFINE(ppp_l2tp_secret, PPP_L2TP_SECRET_PROPS, .path = "/ppp l2tp-secret",
		.order = 45, .verbs = CFG_V_LIST | CFG_V_ENABLE);

const char *l2tp_secret_for(uint32_t addr)
{
	const struct ppp_l2tp_secret_cfg *best = NULL, *e;
	size_t i;

	for (i = 0; (e = ppp_l2tp_secret_at(i)); i++) {
		if (e->disabled || !cfg_prefix_contains(&e->address, addr))
			continue;
		if (!best || e->address.len > best->address.len)
			best = e;
	}
	return best ? best->secret : NULL;
}
