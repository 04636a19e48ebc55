// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "ipsec/identity_menu.h"
#include "ipsec/peer_menu.h"

static const char *val(const struct cfg_menu *m, const char *const *vals, const char *prop)
{
	return vals[cfg_prop_index(m, prop)];
}

int ipsec_method_fits_mode(const char *method, const char *peer, unsigned int mode,
			   struct strbuf *err)
{
	bool ike2 = mode == CFG_XM_IKE2;

	if (ike2 && (!strcmp(method, "pre-shared-key-xauth") ||
		     !strcmp(method, "rsa-signature-hybrid") || !strcmp(method, "rsa-key"))) {
		sb_printf(err, "auth-method %s is IKEv1 only; peer %s has exchange-mode=ike2",
			  method, peer);
		return -1;
	}
	if (!ike2 && (!strcmp(method, "eap") || !strcmp(method, "eap-radius"))) {
		sb_printf(err, "auth-method %s is IKEv2 only; peer %s needs exchange-mode=ike2",
			  method, peer);
		return -1;
	}
	return 0;
}

int ipsec_identities_fit_mode(const char *peer, unsigned int mode, struct strbuf *err)
{
	const struct cfg_menu *m = &ipsec_identity_menu;
	size_t i;

	for (i = 0; i < m->n; i++)
		if (!strcmp(cfg_get(m, &m->items[i], "peer"), peer) &&
		    ipsec_method_fits_mode(cfg_get(m, &m->items[i], "auth-method"), peer, mode,
					   err)) {
			sb_printf(err, " (/ip ipsec identity %zu)", i);
			return -1;
		}
	return 0;
}

/* A script may name a peer it adds later: the peer's own check covers that case. */
static int identity_check(const struct cfg_menu *m, const struct cfg_item *self,
			  const char *const *vals, struct strbuf *err)
{
	const struct ipsec_peer_cfg *peer = ipsec_peer_find(val(m, vals, "peer"));

	(void)self;
	if (!*val(m, vals, "peer")) {
		sb_puts(err, "an identity needs peer=");
		return -1;
	}
	if (!strcmp(val(m, vals, "match-by"), "certificate") &&
	    !*val(m, vals, "remote-certificate")) {
		sb_puts(err, "match-by=certificate needs remote-certificate=");
		return -1;
	}
	if (!strcmp(val(m, vals, "auth-method"), "rsa-key") &&
	    (!*val(m, vals, "key") || !*val(m, vals, "remote-key"))) {
		sb_puts(err, "auth-method=rsa-key needs key= (ours) and remote-key= (the peer's)");
		return -1;
	}
	return peer ? ipsec_method_fits_mode(val(m, vals, "auth-method"), val(m, vals, "peer"),
					     peer->exchange_mode, err) : 0;
}

CFG_MENU_DEFINE(ipsec_identity, IPSEC_IDENTITY_PROPS, .path = "/ip ipsec identity",
		.order = 135, .verbs = CFG_V_LIST | CFG_V_ENABLE, .check_item = identity_check);
