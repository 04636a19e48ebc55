// SPDX-License-Identifier: GPL-2.0
/* What the rest of sluiced reads from the store (cert.h): references, chains, encodings. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include "cert/store.h"

X509 *cert_x509(const struct cert *c)
{
	if (!c || !c->x509 || !X509_up_ref(c->x509))
		return NULL;
	return c->x509;
}

EVP_PKEY *cert_key(const struct cert *c)
{
	if (!c || !c->key || !EVP_PKEY_up_ref(c->key))
		return NULL;
	return c->key;
}

/* The certificate here that issued x (not x itself): by the issuer's name and key. */
static struct cert *issuer_of(const X509 *x)
{
	struct cert *c;

	for (c = cert_next(NULL); c; c = cert_next(c))
		if (c->x509 && c->x509 != x && X509_check_issued(c->x509, (X509 *)x) == X509_V_OK)
			return c;
	return NULL;
}

STACK_OF(X509) *cert_chain(const struct cert *c)
{
	STACK_OF(X509) *chain = sk_X509_new_null();
	const X509 *x = c ? c->x509 : NULL;
	int depth;

	for (depth = 0; chain && x && depth < 8; depth++) {
		struct cert *up;

		if (X509_check_issued((X509 *)x, (X509 *)x) == X509_V_OK)
			break;	/* self-signed: the root */
		up = issuer_of(x);
		if (!up || !sk_X509_push(chain, cert_x509(up)))
			break;
		x = up->x509;
	}
	return chain;
}

/* The name of the CA here that issued c, for print's ca= */
const char *cert_ca_name(const struct cert *c)
{
	const struct cert *ca = cert_by_id(c->issued_by);

	if (!ca && c->x509 && X509_check_issued(c->x509, c->x509) != X509_V_OK)
		ca = issuer_of(c->x509);
	return ca ? cert_name(ca) : "";
}

/* obj's PEM (written by write) appended to out */
static int pem_text(const void *obj, int (*write)(BIO *b, const void *obj), struct strbuf *out)
{
	BIO *b;
	char *p;
	long len;
	int ret = -1;

	if (!obj || !(b = BIO_new(BIO_s_mem())))
		return -1;
	if (write(b, obj) > 0 && (len = BIO_get_mem_data(b, &p)) > 0) {
		sb_add(out, p, (size_t)len);
		ret = out->oom ? -1 : 0;
	}
	BIO_free(b);
	return ret;
}

static int write_x509(BIO *b, const void *o)
{
	return PEM_write_bio_X509(b, (X509 *)o);
}

static int write_crl(BIO *b, const void *o)
{
	return PEM_write_bio_X509_CRL(b, (X509_CRL *)o);
}

int cert_pem(const struct cert *c, struct strbuf *out)
{
	return c ? pem_text(c->x509, write_x509, out) : -1;
}

int cert_crl_pem(const struct cert *c, struct strbuf *out)
{
	return c ? pem_text(c->crl, write_crl, out) : -1;
}

int cert_der(const struct cert *c, unsigned char **der, size_t *len)
{
	int n;

	*der = NULL;
	if (!c || !c->x509 || (n = i2d_X509(c->x509, der)) <= 0)
		return -1;
	*len = (size_t)n;
	return 0;
}

int cert_key_der(const struct cert *c, unsigned char **der, size_t *len)
{
	*der = NULL;
	return c && c->key ? cert_pkey_der(c->key, der, len) : -1;
}

int cert_pkey_der(EVP_PKEY *key, unsigned char **der, size_t *len)
{
	PKCS8_PRIV_KEY_INFO *p8;
	int n;

	*der = NULL;
	if (!(p8 = EVP_PKEY2PKCS8(key)))
		return -1;
	n = i2d_PKCS8_PRIV_KEY_INFO(p8, der);
	PKCS8_PRIV_KEY_INFO_free(p8);
	if (n <= 0)
		return -1;
	*len = (size_t)n;
	return 0;
}

/* One subjectAltName as strongSwan writes an identity: an address bare, a name "fqdn:". */
static bool san_text(const GENERAL_NAME *g, char *out, size_t cap)
{
	const unsigned char *p;
	int len;

	if (g->type == GEN_IPADD) {
		len = ASN1_STRING_length(g->d.iPAddress);
		p = ASN1_STRING_get0_data(g->d.iPAddress);
		return (len == 4 || len == 16) &&
		       inet_ntop(len == 4 ? AF_INET : AF_INET6, p, out, (socklen_t)cap);
	}
	if (g->type != GEN_DNS && g->type != GEN_EMAIL)
		return false;
	len = ASN1_STRING_length(g->d.ia5);
	p = ASN1_STRING_get0_data(g->d.ia5);
	if (len <= 0 || memchr(p, '\0', (size_t)len) || (size_t)len + 12 > cap)
		return false;
	snprintf(out, cap, "%s:%.*s", g->type == GEN_DNS ? "fqdn" : "email", len, (const char *)p);
	return true;
}

bool cert_first_san(const struct cert *c, char *out, size_t cap)
{
	GENERAL_NAMES *names;
	bool found = false;
	int i;

	if (!c || !c->x509)
		return false;
	names = X509_get_ext_d2i(c->x509, NID_subject_alt_name, NULL, NULL);
	for (i = 0; names && !found && i < sk_GENERAL_NAME_num(names); i++)
		found = san_text(sk_GENERAL_NAME_value(names, i), out, cap);
	GENERAL_NAMES_free(names);
	return found;
}
