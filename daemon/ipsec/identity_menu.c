// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include "ipsec/identity_menu.h"
#include "ipsec/peer_menu.h"

static const char *val(const struct cfg_menu *m, const char *const *vals, const char *prop)
{
	return vals[cfg_prop_index(m, prop)];
}

/* The page: XAuth and hybrid are IKEv1 only, EAP is IKEv2's. A script may name a peer it
 * adds later: then the check waits for the next set. */
static int method_fits_peer(const char *method, const char *peer, struct strbuf *err)
{
	const struct ipsec_peer_cfg *p = ipsec_peer_find(peer);
	bool ike2 = p && p->exchange_mode == CFG_XM_IKE2;

	if (!p)
		return 0;
	if (ike2 && (!strcmp(method, "pre-shared-key-xauth") ||
		     !strcmp(method, "rsa-signature-hybrid"))) {
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

static int identity_check(const struct cfg_menu *m, const char *const *vals,
			  struct strbuf *err)
{
	if (!*val(m, vals, "peer")) {
		sb_puts(err, "an identity needs peer=");
		return -1;
	}
	if (!strcmp(val(m, vals, "match-by"), "certificate") &&
	    !*val(m, vals, "remote-certificate")) {
		sb_puts(err, "match-by=certificate needs remote-certificate=");
		return -1;
	}
	return method_fits_peer(val(m, vals, "auth-method"), val(m, vals, "peer"), err);
}

CFG_MENU_DEFINE(ipsec_identity, IPSEC_IDENTITY_PROPS, .path = "/ip ipsec identity",
		.order = 135, .verbs = CFG_V_LIST | CFG_V_ENABLE, .check_item = identity_check);
