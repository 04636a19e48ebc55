/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ppp profile: what a PPP session gets (addresses, encryption, limits). RouterOS: a
 * property left at "default" (or empty) takes the default profile's; ppp_profile_resolve()
 * gives a profile with that done; use-ipv6 at default everywhere is yes, as in RouterOS.
 * allow-weak-mppe (a sluice extension, not inherited: each profile that wants 40- and
 * 56-bit MPPE says so) widens MPPE beyond 128-bit.
 */
#ifndef SLUICED_PROFILE_MENU_H
#define SLUICED_PROFILE_MENU_H

#include "admin/config.h"

#define PPP_PROFILE_PROPS(P, S) \
	P(S, name, "name", name, NULL, CFG_P_COLUMN) \
	P(S, local_address, "local-address", ipv4_opt, "", CFG_P_COLUMN) \
	P(S, remote_address, "remote-address", address_or_pool, "", CFG_P_COLUMN) \
	P(S, use_encryption, "use-encryption", encryption, "default", CFG_P_COLUMN) \
	P(S, use_ipv6, "use-ipv6", use_ipv6, "default", 0) \
	P(S, remote_ipv6_prefix_pool, "remote-ipv6-prefix-pool", ipv6_pool_ref, "none", 0) \
	P(S, dhcpv6_pd_pool, "dhcpv6-pd-pool", ipv6_pool_ref, "none", 0) \
	P(S, allow_weak_mppe, "allow-weak-mppe", bool, "no", 0) \
	P(S, only_one, "only-one", only_one, "default", CFG_P_COLUMN) \
	P(S, dns_server, "dns-server", dns_list, "", 0) \
	P(S, session_timeout, "session-timeout", seconds, "", 0) \
	P(S, idle_timeout, "idle-timeout", seconds, "", 0) \
	P(S, rate_limit, "rate-limit", rate_limit, "", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(ppp_profile, PPP_PROFILE_PROPS)

/* The profile `name` with what it leaves at default taken from "default"; false if none. */
bool ppp_profile_resolve(const char *name, struct ppp_profile_cfg *out);

#endif /* SLUICED_PROFILE_MENU_H */
