// SPDX-License-Identifier: GPL-2.0
/*
 * An entry's properties as /certificate print shows them: a template's own values; for a
 * certificate, what the certificate says (subject, key, usage, validity, identifiers).
 * Times are UTC, as RouterOS 7 writes them: 2026-12-06 11:28:38.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/x509v3.h>
#include "cert/store.h"

static const char *subject_field(const struct cert *c, int nid, char *buf, size_t cap)
{
	X509_NAME *n = X509_get_subject_name(c->x509);
	int i = X509_NAME_get_index_by_NID(n, nid, -1);
	ASN1_STRING *s = i >= 0 ? X509_NAME_ENTRY_get_data(X509_NAME_get_entry(n, i)) : NULL;
	unsigned char *utf8 = NULL;
	int len = s ? ASN1_STRING_to_UTF8(&utf8, s) : -1;

	snprintf(buf, cap, "%.*s", len > 0 ? len : 0, len > 0 ? (char *)utf8 : "");
	OPENSSL_free(utf8);
	return buf;
}

static const char *hex(const unsigned char *p, size_t n, bool colons, char *buf, size_t cap)
{
	size_t i, o = 0;

	buf[0] = '\0';
	for (i = 0; i < n && o + 4 < cap; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s%02x", colons && i ? ":" : "", p[i]);
	return buf;
}

static const char *key_size(const struct cert *c, char *buf, size_t cap)
{
	EVP_PKEY *k = X509_get0_pubkey(c->x509);

	if (k && EVP_PKEY_is_a(k, "EC")) {
		if (!EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, buf, cap, NULL))
			snprintf(buf, cap, "ec");
		return buf;
	}
	snprintf(buf, cap, "%d", k ? EVP_PKEY_get_bits(k) : 0);
	return buf;
}

static const char *key_type(const struct cert *c)
{
	EVP_PKEY *k = c->x509 ? X509_get0_pubkey(c->x509) : NULL;
	struct certificate_cfg t;

	if (!c->x509) {
		cert_template_typed(c, &t);
		return t.key_size >= CFG_KEY_P256 ? "ec" : "rsa";
	}
	return !k ? "" : EVP_PKEY_is_a(k, "EC") ? "ec" : EVP_PKEY_is_a(k, "RSA") ? "rsa" : "other";
}

/* keyUsage and extendedKeyUsage back in RouterOS's words */
static const char *key_usage(const struct cert *c, char *buf, size_t cap)
{
	static const uint32_t ku[] = { KU_DIGITAL_SIGNATURE, KU_NON_REPUDIATION,
		KU_KEY_ENCIPHERMENT, KU_DATA_ENCIPHERMENT, KU_KEY_AGREEMENT, KU_KEY_CERT_SIGN,
		KU_CRL_SIGN, KU_ENCIPHER_ONLY, KU_DECIPHER_ONLY };
	static const uint32_t xku[] = { XKU_SSL_SERVER, XKU_SSL_CLIENT, XKU_CODE_SIGN,
		XKU_SMIME, XKU_TIMESTAMP, XKU_OCSP_SIGN, XKU_DVCS };
	uint32_t k = X509_get_key_usage(c->x509), x = X509_get_extended_key_usage(c->x509);
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < CFG_KU_COUNT; i++) {
		bool on = i < CFG_KU_TLS_SERVER ? k != UINT32_MAX && (k & ku[i]) :
			  x != UINT32_MAX && (x & xku[i - CFG_KU_TLS_SERVER]);

		if (on)
			snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s", *buf ? "," : "",
				 cfg_word(&cfg_key_usage_type, (unsigned int)i));
	}
	return buf;
}

static const char *san(const struct cert *c, char *buf, size_t cap)
{
	GENERAL_NAMES *names = X509_get_ext_d2i(c->x509, NID_subject_alt_name, NULL, NULL);
	int i;

	buf[0] = '\0';
	for (i = 0; names && i < sk_GENERAL_NAME_num(names); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
		char v[256] = "";
		const char *kind = NULL;

		if (g->type == GEN_DNS || g->type == GEN_EMAIL) {
			const ASN1_IA5STRING *s = g->type == GEN_DNS ? g->d.dNSName : g->d.rfc822Name;

			kind = g->type == GEN_DNS ? "DNS" : "email";
			snprintf(v, sizeof(v), "%.*s", ASN1_STRING_length(s),
				 (const char *)ASN1_STRING_get0_data(s));
		} else if (g->type == GEN_IPADD) {
			int n = ASN1_STRING_length(g->d.iPAddress);

			kind = "IP";
			if ((n != 4 && n != 16) ||
			    !inet_ntop(n == 16 ? AF_INET6 : AF_INET,
				       ASN1_STRING_get0_data(g->d.iPAddress), v, sizeof(v)))
				kind = NULL;
		}
		if (kind && strlen(buf) + strlen(v) + 8 < cap)
			snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s:%s", *buf ? "," : "",
				 kind, v);
	}
	GENERAL_NAMES_free(names);
	return buf;
}

/* the signature's hash in RouterOS's words: sha256, not ecdsa-with-SHA256 */
static const char *digest(const struct cert *c, char *buf, size_t cap)
{
	int md = NID_undef;
	size_t i;

	if (!OBJ_find_sigid_algs(X509_get_signature_nid(c->x509), &md, NULL) || md == NID_undef)
		return "";
	snprintf(buf, cap, "%s", OBJ_nid2sn(md));
	for (i = 0; buf[i]; i++)
		buf[i] = (char)tolower((unsigned char)buf[i]);
	return buf;
}

static const char *time_of(const ASN1_TIME *t, char *buf, size_t cap)
{
	struct tm tm;

	if (!t || !ASN1_TIME_to_tm(t, &tm) || !strftime(buf, cap, "%Y-%m-%d %H:%M:%S", &tm))
		buf[0] = '\0';
	return buf;
}

static bool expired(const struct cert *c)
{
	return c->x509 && X509_cmp_current_time(X509_get0_notAfter(c->x509)) < 0;
}

static const char *expires_after(const struct cert *c, char *buf, size_t cap)
{
	int days = 0, secs = 0;
	struct strbuf sb;

	buf[0] = '\0';
	if (expired(c) || !ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(c->x509)))
		return buf;
	sb_init(&sb);
	sb_duration(&sb, (uint64_t)days * 86400 + (uint64_t)secs);
	snprintf(buf, cap, "%s", sb.p ? sb.p : "");
	sb_free(&sb);
	return buf;
}

static const char *days_valid(const struct cert *c, char *buf, size_t cap)
{
	int days = 0, secs = 0;

	ASN1_TIME_diff(&days, &secs, X509_get0_notBefore(c->x509), X509_get0_notAfter(c->x509));
	snprintf(buf, cap, "%d", days + (secs > 0));
	return buf;
}

static const char *serial(const struct cert *c, char *buf, size_t cap)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(c->x509), NULL);
	char *h = bn ? BN_bn2hex(bn) : NULL;

	snprintf(buf, cap, "%s", h ? h : "");
	OPENSSL_free(h);
	BN_free(bn);
	return buf;
}

static const char *issuer(const struct cert *c, char *buf, size_t cap)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long len = 0;

	if (b && X509_NAME_print_ex(b, X509_get_issuer_name(c->x509), 0, XN_FLAG_RFC2253) >= 0)
		len = BIO_get_mem_data(b, &p);
	snprintf(buf, cap, "%.*s", len > 0 ? (int)len : 0, len > 0 ? p : "");
	BIO_free(b);
	return buf;
}

static const char *ids(const struct cert *c, bool authority, char *buf, size_t cap)
{
	const ASN1_OCTET_STRING *id = authority ? X509_get0_authority_key_id(c->x509) :
					X509_get0_subject_key_id(c->x509);

	if (!id)
		return "";
	return hex(ASN1_STRING_get0_data(id), (size_t)ASN1_STRING_length(id), false, buf, cap);
}

/* What a certificate says for the properties a template is given */
static const char *from_subject(const struct cert *c, const char *prop, char *buf, size_t cap)
{
	static const struct { const char *prop; int nid; } fields[] = {
		{ "common-name", NID_commonName }, { "country", NID_countryName },
		{ "state", NID_stateOrProvinceName }, { "locality", NID_localityName },
		{ "organization", NID_organizationName }, { "unit", NID_organizationalUnitName },
	};
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(prop, fields[i].prop))
			return subject_field(c, fields[i].nid, buf, cap);
	return NULL;
}

static const char *signed_value(const struct cert *c, const char *prop, char *buf, size_t cap)
{
	unsigned char fp[32];
	const char *v = from_subject(c, prop, buf, cap);

	if (v)
		return v;
	if (!strcmp(prop, "key-size"))
		return key_size(c, buf, cap);
	if (!strcmp(prop, "key-usage"))
		return key_usage(c, buf, cap);
	if (!strcmp(prop, "subject-alt-name"))
		return san(c, buf, cap);
	if (!strcmp(prop, "days-valid"))
		return days_valid(c, buf, cap);
	if (!strcmp(prop, "digest-algorithm"))
		return digest(c, buf, cap);
	if (!strcmp(prop, "serial-number"))
		return serial(c, buf, cap);
	if (!strcmp(prop, "fingerprint"))
		return cert_fingerprint(c->x509, fp) ? "" : hex(fp, 32, false, buf, cap);
	if (!strcmp(prop, "issuer"))
		return issuer(c, buf, cap);
	if (!strcmp(prop, "akid") || !strcmp(prop, "skid"))
		return ids(c, prop[0] == 'a', buf, cap);
	if (!strcmp(prop, "invalid-before"))
		return time_of(X509_get0_notBefore(c->x509), buf, cap);
	if (!strcmp(prop, "invalid-after"))
		return time_of(X509_get0_notAfter(c->x509), buf, cap);
	if (!strcmp(prop, "expires-after"))
		return expires_after(c, buf, cap);
	return "";
}

const char *cert_value(const struct cert *c, const char *prop, char *buf, size_t cap)
{
	int p = cfg_prop_index(&certificate_menu, prop);

	if (!strcmp(prop, "key-type"))
		return key_type(c);
	if (!strcmp(prop, "name") || !strcmp(prop, "trusted"))
		return cert_val(c, (size_t)p);
	if (!strcmp(prop, "ca"))
		return cert_ca_name(c);
	if (!strcmp(prop, "ca-crl-host"))
		return c->ca_crl_host ? c->ca_crl_host : "";
	if (!c->x509)
		return p >= 0 && p < CERT_NTEMPLATE_PROPS ? cert_val(c, (size_t)p) : "";
	return signed_value(c, prop, buf, cap);
}

/* K - private-key; L - crl; A - authority; I - issued, R - revoked; E - expired; T - trusted */
void cert_flags(const struct cert *c, char *buf, size_t cap)
{
	snprintf(buf, cap, "%s%s%s%s%s%s", c->key ? "K" : "", c->crl ? "L" : "",
		 cert_is_ca(c) ? "A" : "", *c->issued_by ? "I" : "", expired(c) ? "E" : "",
		 c->x509 && cert_trusted(c) ? "T" : "");
}
