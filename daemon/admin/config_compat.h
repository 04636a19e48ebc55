/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Transitional: menus by number and properties by name, for the code not yet reading the
 * typed structs (admin/config.h). Goes once the last caller is converted.
 */
#ifndef SLUICED_CONFIG_COMPAT_H
#define SLUICED_CONFIG_COMPAT_H

#include "admin/config.h"

enum cfg_menu_id {
	CFG_LOGGING, CFG_POOL, CFG_PROFILE, CFG_SECRET, CFG_AAA, CFG_PPTP_SERVER,
	CFG_RADIUS, CFG_RADIUS_INCOMING, CFG_PPTP_CLIENT, CFG_L2TP_SERVER, CFG_L2TP_CLIENT,
	CFG_NMENUS
};

struct cfg_menu *config_menu(enum cfg_menu_id id);
bool cfg_bool(const char *v);		/* "yes" */
bool cfg_list_has(const char *list, const char *word);	/* comma-separated */
/* the effective value of a profile property, following RouterOS's "default" */
const char *cfg_profile_get(const char *profile, const char *prop);

#endif /* SLUICED_CONFIG_COMPAT_H */
