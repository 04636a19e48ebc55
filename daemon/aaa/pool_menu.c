// SPDX-License-Identifier: GPL-2.0
#include "aaa/pool_menu.h"

CFG_MENU_DEFINE(ip_pool, IP_POOL_PROPS, .path = "/ip pool", .order = 20, .verbs = CFG_V_LIST);
