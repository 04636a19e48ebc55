/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ip ipsec settings: RADIUS for XAuth and EAP users. The page leaves the defaults blank;
 * these are RouterOS's (its text: "By default RADIUS accounting is already enabled").
 */
#ifndef SLUICED_IPSEC_SETTINGS_MENU_H
#define SLUICED_IPSEC_SETTINGS_MENU_H

#include "admin/config.h"

#define IPSEC_SETTINGS_PROPS(P, S) \
	P(S, accounting, "accounting", bool, "yes", 0) \
	P(S, interim_update, "interim-update", interim, "0s", 0) \
	P(S, xauth_use_radius, "xauth-use-radius", bool, "no", 0)
CFG_MENU_DECLARE(ipsec_settings, IPSEC_SETTINGS_PROPS)

static inline const struct ipsec_settings_cfg *ipsec_settings_cfg(void)
{
	return ipsec_settings_find(NULL);
}

#endif /* SLUICED_IPSEC_SETTINGS_MENU_H */
