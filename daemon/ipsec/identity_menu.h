/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /ip ipsec identity: how a peer authenticates (auth-method and its secret, certificates or
 * EAP), which IDs are sent and expected, whether policies are generated (from templates
 * of policy-template-group) and which mode-config applies. RouterOS's names and defaults;
 * rsa-key (IKEv1 only, as on RouterOS) takes key= (ours, private) and remote-key= (the
 * peer's public key) from /ip ipsec key. secret and password are never printed.
 */
#ifndef SLUICED_IPSEC_IDENTITY_MENU_H
#define SLUICED_IPSEC_IDENTITY_MENU_H

#include "admin/config.h"

#define IPSEC_IDENTITY_PROPS(P, S) \
	P(S, peer, "peer", ipsec_peer_ref, NULL, CFG_P_COLUMN) \
	P(S, auth_method, "auth-method", ike_auth_method, "pre-shared-key", CFG_P_COLUMN) \
	P(S, secret, "secret", ipsec_secret, "", CFG_P_SECRET) \
	P(S, certificate, "certificate", cert_ref, "", 0) \
	P(S, remote_certificate, "remote-certificate", cert_ref, "", 0) \
	P(S, key, "key", ipsec_key_ref, "", 0) \
	P(S, remote_key, "remote-key", ipsec_key_ref, "", 0) \
	P(S, eap_methods, "eap-methods", eap_methods, "eap-tls", 0) \
	P(S, username, "username", user, "", 0) \
	P(S, password, "password", password, "", CFG_P_SECRET) \
	P(S, generate_policy, "generate-policy", generate_policy, "no", CFG_P_COLUMN) \
	P(S, match_by, "match-by", match_by, "remote-id", 0) \
	P(S, mode_config, "mode-config", mode_config_ref, "none", 0) \
	P(S, my_id, "my-id", my_id, "auto", 0) \
	P(S, remote_id, "remote-id", remote_id, "auto", CFG_P_COLUMN) \
	P(S, notrack_chain, "notrack-chain", text, "", 0) \
	P(S, policy_template_group, "policy-template-group", ipsec_group_ref, "default", 0) \
	P(S, disabled, "disabled", bool, "no", 0) \
	P(S, comment, "comment", text, "", 0)
CFG_MENU_DECLARE(ipsec_identity, IPSEC_IDENTITY_PROPS)

/*
 * The page: XAuth and hybrid are IKEv1 only, EAP is IKEv2's. Checked both ways, so that
 * what export writes always imports: an identity against its peer's exchange-mode
 * (mode: enum cfg_exchange_mode), and a peer's new mode against the identities naming it.
 */
int ipsec_method_fits_mode(const char *method, const char *peer, unsigned int mode,
			   struct strbuf *err);
int ipsec_identities_fit_mode(const char *peer, unsigned int mode, struct strbuf *err);

#endif /* SLUICED_IPSEC_IDENTITY_MENU_H */
