// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>
#include <string.h>
#include "ppp/dialout_menu.h"
#include "pppoe/client_menu.h"

/* ppp/dialout.c finds a client by its item's name, the first field of every client menu */
_Static_assert(offsetof(struct pppoe_client_cfg, name) == offsetof(struct dialout_cfg, name),
	       "name first");

/* what sluice does not do yet is refused, not stored and ignored */
static int check_item(const struct cfg_menu *m, const struct cfg_item *self,
		      const char *const *vals, struct strbuf *err)
{
	static const char *const not_yet[] = { "dial-on-demand", "use-peer-dns" };
	size_t i;

	(void)self;
	for (i = 0; i < sizeof(not_yet) / sizeof(not_yet[0]); i++) {
		if (strcmp(vals[cfg_prop_index(m, not_yet[i])], "yes"))
			continue;
		sb_printf(err, "%s=yes is not supported yet", not_yet[i]);
		return -1;
	}
	return 0;
}

CFG_MENU_DEFINE(pppoe_client, PPPOE_CLIENT_PROPS, .path = "/interface pppoe-client", .order = 112,
		.verbs = CFG_V_LIST | CFG_V_ENABLE | CFG_V_MONITOR, .check_item = check_item);
