// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include "ipsec/identity_menu.h"
#include "ipsec/peer_menu.h"

/*
 * IKE runs over one family: a local address of the other family than the peer's prefix
 * could never be bound to reach it (a DNS name's family is known only once resolved).
 * The identities naming the peer (by its name so far) must suit its exchange-mode.
 */
static int peer_check(const struct cfg_menu *m, const struct cfg_item *self,
		      const char *const *vals, struct strbuf *err)
{
	const char *name = self ? cfg_get(m, self, "name") : vals[cfg_prop_index(m, "name")];
	struct cfg_peer_address remote;
	struct cfg_ip_addr local;
	unsigned int mode;

	cfg_exchange_mode_type.parse(&cfg_exchange_mode_type,
				     vals[cfg_prop_index(m, "exchange-mode")], &mode);
	if (ipsec_identities_fit_mode(name, mode, err))
		return -1;
	cfg_peer_address_type.parse(&cfg_peer_address_type, vals[cfg_prop_index(m, "address")],
				    &remote);
	cfg_ip_addr_type.parse(&cfg_ip_addr_type, vals[cfg_prop_index(m, "local-address")],
			       &local);
	if (remote.host || !local.family || local.family == remote.prefix.a.family)
		return 0;
	sb_puts(err, "local-address and address must be of one family (IPv4 or IPv6)");
	return -1;
}

CFG_MENU_DEFINE(ipsec_peer, IPSEC_PEER_PROPS, .path = "/ip ipsec peer", .order = 133,
		.verbs = CFG_V_LIST | CFG_V_ENABLE, .check_item = peer_check);
