/* SPDX-License-Identifier: GPL-2.0 */
/* /ip ipsec policy group: groups of policy templates (the built-in `default`). */
#ifndef SLUICED_IPSEC_POLICY_GROUP_MENU_H
#define SLUICED_IPSEC_POLICY_GROUP_MENU_H

#include "admin/config.h"

#define IPSEC_POLICY_GROUP_PROPS(P, S) \
	P(S, name, "name", name, NULL, CFG_P_COLUMN) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(ipsec_policy_group, IPSEC_POLICY_GROUP_PROPS)

#endif /* SLUICED_IPSEC_POLICY_GROUP_MENU_H */
