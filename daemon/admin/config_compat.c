// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "admin/config_compat.h"
#include "admin/logging_menu.h"
#include "aaa/aaa_menu.h"
#include "aaa/pool_menu.h"
#include "aaa/secret_menu.h"
#include "l2tp/client_menu.h"
#include "l2tp/server_menu.h"
#include "ppp/profile_menu.h"
#include "pptp/client_menu.h"
#include "pptp/server_menu.h"
#include "radius/incoming_menu.h"
#include "radius/radius_menu.h"

struct cfg_menu *config_menu(enum cfg_menu_id id)
{
	static struct cfg_menu *const by_id[CFG_NMENUS] = {
		[CFG_LOGGING] = &system_logging_menu, [CFG_POOL] = &ip_pool_menu,
		[CFG_PROFILE] = &ppp_profile_menu, [CFG_SECRET] = &ppp_secret_menu,
		[CFG_AAA] = &ppp_aaa_menu, [CFG_PPTP_SERVER] = &pptp_server_menu,
		[CFG_RADIUS] = &radius_menu, [CFG_RADIUS_INCOMING] = &radius_incoming_menu,
		[CFG_PPTP_CLIENT] = &pptp_client_menu, [CFG_L2TP_SERVER] = &l2tp_server_menu,
		[CFG_L2TP_CLIENT] = &l2tp_client_menu,
	};

	return by_id[id];
}

bool cfg_bool(const char *v)
{
	return !strcmp(v, "yes");
}

bool cfg_list_has(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	if (!n)
		return false;
	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
		p += n;
	}
	return false;
}

const char *cfg_profile_get(const char *profile, const char *prop)
{
	const struct cfg_menu *m = &ppp_profile_menu;
	const struct cfg_item *it = cfg_find(m, profile);
	const char *v = cfg_get(m, it, prop);

	if ((!*v || !strcmp(v, "default")) && strcmp(profile, "default"))
		v = cfg_get(m, cfg_find(m, "default"), prop);
	return v;
}
