/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ip ipsec proposal: ESP (phase 2) parameters policies and templates name, RouterOS's
 * names and defaults (the built-in `default`). The algorithm lists keep their order: it
 * is the order proposed.
 */
#ifndef SLUICED_IPSEC_PROPOSAL_MENU_H
#define SLUICED_IPSEC_PROPOSAL_MENU_H

#include "admin/config.h"

#define IPSEC_PROPOSAL_PROPS(P, S) \
	P(S, name, "name", name, NULL, CFG_P_COLUMN) \
	P(S, auth_algorithms, "auth-algorithms", esp_auth, "sha1", CFG_P_COLUMN) \
	P(S, enc_algorithms, "enc-algorithms", esp_enc, "aes-256-cbc,aes-192-cbc,aes-128-cbc", \
	  CFG_P_COLUMN) \
	P(S, lifetime, "lifetime", seconds, "30m", CFG_P_COLUMN) \
	P(S, pfs_group, "pfs-group", pfs_group, "modp1024", CFG_P_COLUMN) \
	P(S, disabled, "disabled", bool, "no", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(ipsec_proposal, IPSEC_PROPOSAL_PROPS)

#endif /* SLUICED_IPSEC_PROPOSAL_MENU_H */
