// SPDX-License-Identifier: GPL-2.0
/* /ip pool used: the addresses sessions hold, a view of live state. */
#include "admin/config.h"
#include "ppp/views.h"

CFG_VIEW_DEFINE(ip_pool_used, .path = "/ip pool used", .order = 25, .verbs = CFG_V_PRINT,
		.view = ppp_pool_used_view, .unnumbered = true);
