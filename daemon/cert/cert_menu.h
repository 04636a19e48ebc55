/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /certificate, as RouterOS has it: templates (add), certificates made from them (sign),
 * imported ones (import), export-certificate. The list is not configuration: it lives in
 * the certificate store (cert.h, under the state directory), is never exported and
 * survives /system reset-configuration, as on RouterOS. The menu is a view of the store;
 * add, set, remove and the commands go to the store (hooked in at start: cert_menu_hook()).
 *
 * CERT_TEMPLATE_PROPS: what add and a template's set take (RouterOS's names and
 * defaults). CERT_SHOWN_PROPS: what a signed or imported certificate shows besides.
 */
#ifndef SLUICED_CERT_MENU_H
#define SLUICED_CERT_MENU_H

#include "admin/config.h"

#define CERT_DEFAULT_KEY_USAGE \
	"digital-signature,key-encipherment,data-encipherment,key-cert-sign,crl-sign,tls-server,tls-client"

#define CERT_TEMPLATE_PROPS(P, S) \
	P(S, name, "name", cert_name, NULL, CFG_P_COLUMN) \
	P(S, common_name, "common-name", dn_text, "", CFG_P_COLUMN) \
	P(S, country, "country", country, "", 0) \
	P(S, state, "state", dn_text, "", 0) \
	P(S, locality, "locality", dn_text, "", 0) \
	P(S, organization, "organization", dn_text, "", 0) \
	P(S, unit, "unit", dn_text, "", 0) \
	P(S, subject_alt_name, "subject-alt-name", san, "", 0) \
	P(S, key_size, "key-size", key_size, "2048", 0) \
	P(S, days_valid, "days-valid", days_valid, "365", 0) \
	P(S, key_usage, "key-usage", key_usage, CERT_DEFAULT_KEY_USAGE, 0) \
	P(S, digest_algorithm, "digest-algorithm", digest, "sha256", 0) \
	P(S, trusted, "trusted", bool, "no", 0)

/* read-only: filled from the certificate itself */
#define CERT_SHOWN_PROPS(P, S) \
	P(S, key_type, "key-type", text, "", 0) \
	P(S, ca, "ca", text, "", 0) \
	P(S, ca_crl_host, "ca-crl-host", text, "", 0) \
	P(S, issuer, "issuer", text, "", 0) \
	P(S, serial_number, "serial-number", text, "", 0) \
	P(S, fingerprint, "fingerprint", text, "", CFG_P_COLUMN) \
	P(S, akid, "akid", text, "", 0) \
	P(S, skid, "skid", text, "", 0) \
	P(S, invalid_before, "invalid-before", text, "", 0) \
	P(S, invalid_after, "invalid-after", text, "", CFG_P_COLUMN) \
	P(S, expires_after, "expires-after", text, "", 0)

#define CERT_PROPS(P, S) CERT_TEMPLATE_PROPS(P, S) CERT_SHOWN_PROPS(P, S)

CFG_MENU_DECLARE(certificate, CERT_PROPS)

/* the template properties are the list's first ones */
#define CERT_NTEMPLATE_PROPS 13

#endif /* SLUICED_CERT_MENU_H */
