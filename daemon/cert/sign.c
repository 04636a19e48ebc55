// SPDX-License-Identifier: GPL-2.0
/*
 * sign: a template becomes a key and an X.509 v3 certificate, self-signed or signed by a
 * CA held here with its key. key-usage maps onto keyUsage and extendedKeyUsage as
 * RouterOS's words name them (RFC 5280 4.2.1.3, 4.2.1.12); key-cert-sign makes a CA
 * (basicConstraints CA:TRUE). A CA signed with ca-crl-host gets an (empty) CRL, and what it
 * signs points there (crlDistributionPoints).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include "cert/store.h"
#include "core/log.h"

/* RouterOS's words for keyUsage (the first nine, CFG_KU_*) in OpenSSL's configuration terms */
static const char *const ku_names[] = {
	"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
	"keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
};
/* and the rest, from tls-server on, for extendedKeyUsage */
static const char *const eku_names[] = {
	"serverAuth", "clientAuth", "codeSigning", "emailProtection", "timeStamping",
	"OCSPSigning", "DVCS",
};

static EVP_PKEY *make_key(unsigned int key_size)
{
	static const unsigned int rsa_bits[] = { 1024, 1536, 2048, 4096, 8192 };
	static const char *const curves[] = { "P-256", "P-384", "P-521" };

	if (key_size <= CFG_KEY_RSA8192)
		return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)rsa_bits[key_size]);
	return EVP_PKEY_Q_keygen(NULL, NULL, "EC", curves[key_size - CFG_KEY_P256]);
}

static const EVP_MD *digest_of(unsigned int d)
{
	switch (d) {
	case CFG_DIGEST_MD5: return EVP_md5();
	case CFG_DIGEST_SHA1: return EVP_sha1();
	case CFG_DIGEST_SHA384: return EVP_sha384();
	case CFG_DIGEST_SHA512: return EVP_sha512();
	default: return EVP_sha256();
	}
}

/* 128 random bits, positive (RFC 5280 4.1.2.2: at most 20 octets, unique per CA) */
static int random_serial(X509 *x)
{
	unsigned char r[16];
	BIGNUM *bn;
	int ok;

	if (RAND_bytes(r, sizeof(r)) != 1)
		return -1;
	r[0] = (unsigned char)((r[0] & 0x7f) | 0x40);	/* positive and never short */
	bn = BN_bin2bn(r, sizeof(r), NULL);
	ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
	BN_free(bn);
	return ok ? 0 : -1;
}

static int add_entry(X509_NAME *n, const char *field, const char *v)
{
	return !*v || X509_NAME_add_entry_by_txt(n, field, MBSTRING_UTF8,
						 (const unsigned char *)v, -1, -1, 0) ? 0 : -1;
}

static int set_subject(X509 *x, const struct certificate_cfg *t)
{
	X509_NAME *n = X509_get_subject_name(x);

	return add_entry(n, "C", t->country) || add_entry(n, "ST", t->state) ||
	       add_entry(n, "L", t->locality) || add_entry(n, "O", t->organization) ||
	       add_entry(n, "OU", t->unit) || add_entry(n, "CN", t->common_name) ? -1 : 0;
}

static int add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
	int ok = e && X509_add_ext(x, e, -1);

	X509_EXTENSION_free(e);
	return ok ? 0 : -1;
}

/* "critical,keyCertSign,cRLSign" and "serverAuth,clientAuth" from the bits */
static void usage_lists(unsigned int bits, char *ku, size_t ku_cap, char *eku, size_t eku_cap)
{
	size_t i;

	snprintf(ku, ku_cap, "critical");
	eku[0] = '\0';
	for (i = 0; i < CFG_KU_COUNT; i++) {
		if (!(bits & (1u << i)))
			continue;
		if (i < CFG_KU_TLS_SERVER)
			snprintf(ku + strlen(ku), ku_cap - strlen(ku), ",%s", ku_names[i]);
		else
			snprintf(eku + strlen(eku), eku_cap - strlen(eku), "%s%s", *eku ? "," : "",
				 eku_names[i - CFG_KU_TLS_SERVER]);
	}
}

static int add_extensions(X509 *x, X509 *issuer, const struct certificate_cfg *t,
			  const char *crl_uri)
{
	char ku[256], eku[256];
	bool ca = t->key_usage & (1u << CFG_KU_KEY_CERT_SIGN);
	X509V3_CTX ctx;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	usage_lists(t->key_usage, ku, sizeof(ku), eku, sizeof(eku));
	if (add_ext(x, &ctx, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE") ||
	    (strchr(ku, ',') && add_ext(x, &ctx, NID_key_usage, ku)) ||
	    (*eku && add_ext(x, &ctx, NID_ext_key_usage, eku)) ||
	    add_ext(x, &ctx, NID_subject_key_identifier, "hash") ||
	    (*t->subject_alt_name && add_ext(x, &ctx, NID_subject_alt_name, t->subject_alt_name)))
		return -1;
	if (issuer != x && add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always"))
		return -1;
	return crl_uri && add_ext(x, &ctx, NID_crl_distribution_points, crl_uri) ? -1 : 0;
}

/* RouterOS's CRL address: http://HOST/crl/SERIAL.crl, SERIAL the CA's in hex */
static void crl_uri_of(const struct cert *ca, char *buf, size_t cap)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(ca->x509), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;

	snprintf(buf, cap, "URI:http://%s/crl/%s.crl", ca->ca_crl_host, hex ? hex : "0");
	OPENSSL_free(hex);
	BN_free(bn);
}

static X509 *build(const struct certificate_cfg *t, EVP_PKEY *key, const struct cert *ca)
{
	X509 *x = X509_new(), *issuer;
	char uri[600];
	const char *crl = NULL;

	if (!x)
		return NULL;
	issuer = ca ? ca->x509 : x;
	if (ca && ca->ca_crl_host) {
		crl_uri_of(ca, uri, sizeof(uri));
		crl = uri;
	}
	if (!X509_set_version(x, X509_VERSION_3) || random_serial(x) || set_subject(x, t) ||
	    !X509_set_issuer_name(x, X509_get_subject_name(issuer)) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), 0) ||
	    !X509_time_adj_ex(X509_getm_notAfter(x), (int)t->days_valid, 0, NULL) ||
	    !X509_set_pubkey(x, key) || add_extensions(x, issuer, t, crl) ||
	    !X509_sign(x, ca ? ca->key : key, digest_of(t->digest_algorithm))) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* An empty CRL, valid as long as the CA: nothing is ever revoked here (no issued-revoke). */
static X509_CRL *make_crl(X509 *ca, EVP_PKEY *key, const EVP_MD *md)
{
	X509_CRL *crl = X509_CRL_new();
	ASN1_TIME *now = ASN1_TIME_set(NULL, time(NULL));

	if (!crl || !now || !X509_CRL_set_version(crl, X509_CRL_VERSION_2) ||
	    !X509_CRL_set_issuer_name(crl, X509_get_subject_name(ca)) ||
	    !X509_CRL_set1_lastUpdate(crl, now) ||
	    !X509_CRL_set1_nextUpdate(crl, X509_get0_notAfter(ca)) || !X509_CRL_sort(crl) ||
	    !X509_CRL_sign(crl, key, md)) {
		X509_CRL_free(crl);
		crl = NULL;
	}
	ASN1_TIME_free(now);
	return crl;
}

static const struct cert *signing_ca(const char *ca, struct strbuf *err)
{
	const struct cert *c = cert_find(ca);

	if (!c)
		sb_printf(err, "no certificate named %s", ca);
	else if (!c->x509)
		sb_printf(err, "%s is a template: sign it first", ca);
	else if (!c->key)
		sb_printf(err, "%s has no private key: it cannot sign", ca);
	else if (!cert_is_ca(c))
		sb_printf(err, "%s is not a CA: its key-usage has no key-cert-sign", ca);
	else
		return c;
	return NULL;
}

static int sign_checks(const struct cert *c, const struct certificate_cfg *t, const char *name,
		       struct strbuf *err)
{
	if (c->x509) {
		sb_printf(err, "%s is already signed", cert_name(c));
		return -1;
	}
	if (!*t->common_name) {
		sb_printf(err, "%s has no common-name: set one before signing", cert_name(c));
		return -1;
	}
	return name && *name ? cert_check_name(c, name, err) : 0;
}

/* The template becomes the certificate: put the new state in, save it, or put it all back. */
static int commit(struct cert *c, X509 *x, EVP_PKEY *key, X509_CRL *crl, const struct cert *ca,
		  const char *crl_host, const char *name, struct strbuf *err)
{
	struct cert saved = *c;
	char *host = crl_host && *crl_host ? strdup(crl_host) : NULL;
	char *new_name = name && *name ? strdup(name) : NULL;
	size_t p;

	if ((crl_host && *crl_host && !host) || (name && *name && !new_name)) {
		free(host);
		free(new_name);
		sb_puts(err, "out of memory");
		return -1;
	}
	c->x509 = x;
	c->key = key;
	c->crl = crl;
	c->ca_crl_host = host;
	snprintf(c->issued_by, sizeof(c->issued_by), "%s", ca ? ca->id : "");
	if (new_name)
		c->vals[CERT_PROP_NAME] = new_name;
	c->vals[CERT_PROP_TRUSTED] = strdup(!ca ? "yes" : cert_val(&saved, CERT_PROP_TRUSTED));
	if (c->vals[CERT_PROP_TRUSTED] && !cert_save(c, err)) {
		for (p = 1; p < CERT_PROP_TRUSTED; p++)
			free(saved.vals[p]);	/* the template's values: from now on the certificate's */
		memset(c->vals + 1, 0, (CERT_PROP_TRUSTED - 1) * sizeof(c->vals[0]));
		if (new_name)
			free(saved.vals[CERT_PROP_NAME]);
		free(saved.vals[CERT_PROP_TRUSTED]);
		free(saved.ca_crl_host);
		return 0;
	}
	free(c->vals[CERT_PROP_TRUSTED]);
	free(new_name);
	free(host);
	*c = saved;
	if (!err->len)
		sb_puts(err, "out of memory");
	cert_save(c, err);	/* the template's files again */
	return -1;
}

int cert_sign(struct cert *c, const char *ca_name, const char *crl_host, const char *name,
	      struct strbuf *err)
{
	const struct cert *ca = NULL;
	struct certificate_cfg t;
	EVP_PKEY *key = NULL;
	X509_CRL *crl = NULL;
	X509 *x = NULL;
	bool want_crl;

	cert_template_typed(c, &t);
	if (sign_checks(c, &t, name, err) || (ca_name && !(ca = signing_ca(ca_name, err))))
		return -1;
	if (t.key_size == CFG_KEY_RSA4096 || t.key_size == CFG_KEY_RSA8192)
		log_info("certificate %s: making a %s key, this takes a while", cert_name(c),
			 cfg_word(&cfg_key_size_type, t.key_size));
	key = make_key(t.key_size);
	if (key)
		x = build(&t, key, ca);
	/* only a CA of our own has a CRL: ca-crl-host means nothing to anything else */
	want_crl = x && !ca && crl_host && *crl_host && (X509_get_extension_flags(x) & EXFLAG_CA);
	if (want_crl)
		crl = make_crl(x, key, digest_of(t.digest_algorithm));
	if (!key || !x || (want_crl && !crl)) {
		sb_printf(err, "could not sign %s: %s", cert_name(c),
			  ERR_reason_error_string(ERR_peek_last_error()) ?: "OpenSSL failed");
		ERR_clear_error();
		goto fail;
	}
	if (commit(c, x, key, crl, ca, want_crl ? crl_host : NULL, name, err))
		goto fail;
	log_info("certificate %s signed%s%s", cert_name(c), ca ? " by " : " (self-signed)",
		 ca ? cert_name(ca) : "");
	cert_changed();
	return 0;
fail:
	X509_free(x);
	EVP_PKEY_free(key);
	X509_CRL_free(crl);
	return -1;
}
