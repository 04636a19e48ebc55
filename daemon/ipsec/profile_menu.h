/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ip ipsec profile: IKE (phase 1) parameters shared by peers, RouterOS's names and
 * defaults (the built-in `default`). Stored and validated; charon gets them in the next
 * step of issue 16.
 */
#ifndef SLUICED_IPSEC_PROFILE_MENU_H
#define SLUICED_IPSEC_PROFILE_MENU_H

#include "admin/config.h"

#define IPSEC_PROFILE_PROPS(P, S) \
	P(S, name, "name", name, NULL, CFG_P_COLUMN) \
	P(S, hash_algorithm, "hash-algorithm", hash_alg, "sha1", CFG_P_COLUMN) \
	P(S, enc_algorithm, "enc-algorithm", ike_enc, "aes-128", CFG_P_COLUMN) \
	P(S, dh_group, "dh-group", dh_groups, "modp1024,modp2048", CFG_P_COLUMN) \
	P(S, lifetime, "lifetime", seconds, "1d", 0) \
	P(S, lifebytes, "lifebytes", lifebytes, "0", 0) \
	P(S, proposal_check, "proposal-check", proposal_check, "obey", 0) \
	P(S, nat_traversal, "nat-traversal", bool, "yes", 0) \
	P(S, dpd_interval, "dpd-interval", dpd_interval, "2m", 0) \
	P(S, dpd_maximum_failures, "dpd-maximum-failures", dpd_failures, "5", 0)
CFG_MENU_DECLARE(ipsec_profile, IPSEC_PROFILE_PROPS)

#endif /* SLUICED_IPSEC_PROFILE_MENU_H */
