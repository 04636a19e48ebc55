/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ip ipsec policy: which traffic is protected (selectors), how (action, level, ESP or AH,
 * tunnel or transport, the SA's ends, proposal) and with which peer; template=yes makes a
 * template of a group that generate-policy matches peers' proposals against. The
 * built-in template of group default matches everything (::/0), as RouterOS has it.
 * Stored and validated only: no flag claims a policy is active yet.
 */
#ifndef SLUICED_IPSEC_POLICY_MENU_H
#define SLUICED_IPSEC_POLICY_MENU_H

#include "admin/config.h"

#define IPSEC_POLICY_PROPS(P, S) \
	P(S, src_address, "src-address", ip_prefix, "0.0.0.0/32", CFG_P_COLUMN) \
	P(S, src_port, "src-port", port_any, "any", 0) \
	P(S, dst_address, "dst-address", ip_prefix, "0.0.0.0/32", CFG_P_COLUMN) \
	P(S, dst_port, "dst-port", port_any, "any", 0) \
	P(S, protocol, "protocol", ip_protocol, "all", CFG_P_COLUMN) \
	P(S, action, "action", policy_action, "encrypt", CFG_P_COLUMN) \
	P(S, level, "level", policy_level, "require", 0) \
	P(S, ipsec_protocols, "ipsec-protocols", ipsec_protocols, "esp", 0) \
	P(S, tunnel, "tunnel", bool, "no", CFG_P_COLUMN) \
	P(S, sa_src_address, "sa-src-address", ip_addr, "::", 0) \
	P(S, sa_dst_address, "sa-dst-address", ip_addr, "::", 0) \
	P(S, peer, "peer", ipsec_peer_ref, "", CFG_P_COLUMN) \
	P(S, proposal, "proposal", ipsec_proposal_ref, "default", 0) \
	P(S, group, "group", ipsec_group_ref, "default", 0) \
	P(S, template, "template", bool, "no", 0) \
	P(S, disabled, "disabled", bool, "no", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(ipsec_policy, IPSEC_POLICY_PROPS)

#endif /* SLUICED_IPSEC_POLICY_MENU_H */
