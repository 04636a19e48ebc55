/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ip ipsec mode-config: what a responder hands an initiator (address or address-pool,
 * split-include, DNS), or, with responder=no, that a client asks for it (the built-in
 * `request-only`). The page's table says responder defaults to no, but its examples add
 * server entries without responder=yes and client ones with responder=no, and RouterOS
 * does so: the default is yes.
 */
#ifndef SLUICED_IPSEC_MODE_CONFIG_MENU_H
#define SLUICED_IPSEC_MODE_CONFIG_MENU_H

#include "admin/config.h"

#define IPSEC_MODE_CONFIG_PROPS(P, S) \
	P(S, name, "name", name, NULL, CFG_P_COLUMN) \
	P(S, responder, "responder", bool, "yes", CFG_P_COLUMN) \
	P(S, address, "address", ip_addr, "", CFG_P_COLUMN) \
	P(S, address_pool, "address-pool", ipsec_pool_ref, "", CFG_P_COLUMN) \
	P(S, address_prefix_length, "address-prefix-length", prefix_length, "", 0) \
	P(S, split_include, "split-include", prefix_list, "", CFG_P_COLUMN) \
	P(S, split_dns, "split-dns", dns_names, "", 0) \
	P(S, static_dns, "static-dns", dns_list, "", 0) \
	P(S, system_dns, "system-dns", bool, "yes", 0) \
	P(S, src_address_list, "src-address-list", text, "", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(ipsec_mode_config, IPSEC_MODE_CONFIG_PROPS)

/*
 * The DNS servers a responder hands out (charon's pools, the DHCPINFORM answer): its
 * static-dns, then with system-dns=yes the router's own, the IPv4 nameservers of
 * /etc/resolv.conf but loopback ones. Network order, at most max; the number.
 */
size_t ipsec_mode_config_dns(const struct ipsec_mode_config_cfg *mc, uint32_t *out,
			     size_t max);

#endif /* SLUICED_IPSEC_MODE_CONFIG_MENU_H */
