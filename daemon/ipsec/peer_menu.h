/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ip ipsec peer: whom IKE talks to (address: a prefix, the most specific matching one is
 * used, or a DNS name), how (exchange-mode, passive) and with which profile. RouterOS's
 * names and defaults. conn.c makes each enabled peer's identities charon's conns; one that
 * is not passive and has policies is initiated and kept up (keepup.h). print shows the
 * configuration; the peers' state is /ip ipsec active-peers.
 */
#ifndef SLUICED_IPSEC_PEER_MENU_H
#define SLUICED_IPSEC_PEER_MENU_H

#include "admin/config.h"

#define IPSEC_PEER_PROPS(P, S) \
	P(S, name, "name", name, NULL, CFG_P_COLUMN) \
	P(S, address, "address", peer_address, "0.0.0.0/0", CFG_P_COLUMN) \
	P(S, port, "port", port, "500", 0) \
	P(S, local_address, "local-address", ip_addr, "", 0) \
	P(S, profile, "profile", ipsec_profile_ref, "default", CFG_P_COLUMN) \
	P(S, exchange_mode, "exchange-mode", exchange_mode, "main", CFG_P_COLUMN) \
	P(S, passive, "passive", bool, "no", CFG_P_COLUMN) \
	P(S, send_initial_contact, "send-initial-contact", bool, "yes", 0) \
	P(S, disabled, "disabled", bool, "no", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(ipsec_peer, IPSEC_PEER_PROPS)

#endif /* SLUICED_IPSEC_PEER_MENU_H */
