// SPDX-License-Identifier: GPL-2.0
#include "metrics/metrics_menu.h"

CFG_MENU_DEFINE(system_metrics, SYSTEM_METRICS_PROPS, .path = "/system metrics", .order = 15,
		.verbs = CFG_V_ONE, .singleton = true);
