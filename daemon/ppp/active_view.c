// SPDX-License-Identifier: GPL-2.0
/* /ppp active: the sessions, a view of live state; remove ends the chosen ones. */
#include "admin/config.h"
#include "ppp/views.h"

static void remove_row(const struct cfg_menu *v, const struct cfg_item *it)
{
	ppp_active_remove_id(cfg_get(v, it, "session-id"));
}

CFG_VIEW_DEFINE(ppp_active, .path = "/ppp active", .order = 55,
		.verbs = CFG_V_PRINT | CFG_V_REMOVE, .view = ppp_active_view,
		.stats_view = ppp_active_stats_view, .view_remove = remove_row);
