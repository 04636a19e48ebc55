// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>
#include <string.h>
#include "pppoe/server_menu.h"

/* ppp/server.c reads an item as a struct ppp_server_cfg */
#define SAME_FIELD(f) \
	_Static_assert(offsetof(struct pppoe_server_cfg, f) == offsetof(struct ppp_server_cfg, f) && \
		       sizeof(((struct pppoe_server_cfg *)0)->f) == \
		       sizeof(((struct ppp_server_cfg *)0)->f), "ppp_server_cfg layout: " #f)
SAME_FIELD(enabled);
SAME_FIELD(authentication);
SAME_FIELD(default_profile);
SAME_FIELD(keepalive_timeout);
SAME_FIELD(max_mtu);
SAME_FIELD(max_mru);

/* RouterOS's own examples write `profile=`; the property is default-profile */
static const char *unknown_hint(const char *key)
{
	return strcmp(key, "profile") ? NULL :
	       "the profile a PPPoE server gives its clients is default-profile=";
}

/* one item per interface and service name */
static int check_item(const struct cfg_menu *m, const struct cfg_item *self,
		      const char *const *vals, struct strbuf *err)
{
	int svc = cfg_prop_index(m, "service-name"), ifp = cfg_prop_index(m, "interface");
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct cfg_item *it = &m->items[i];

		if (it == self || strcmp(cfg_get_i(m, it, (size_t)svc), vals[svc]) ||
		    strcmp(cfg_get_i(m, it, (size_t)ifp), vals[ifp]))
			continue;
		sb_printf(err, "%s already has service-name=%s on interface=%s", m->path,
			  vals[svc], vals[ifp]);
		return -1;
	}
	return 0;
}

CFG_MENU_DEFINE(pppoe_server, PPPOE_SERVER_PROPS, .path = "/interface pppoe-server server",
		.order = 62, .verbs = CFG_V_LIST | CFG_V_MONITOR, .name_prop = "service-name",
		.names_repeat = true, .unknown_hint = unknown_hint, .check_item = check_item);
