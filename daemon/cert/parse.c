// SPDX-License-Identifier: GPL-2.0
/*
 * What /certificate import reads: PEM (any number of certificates and private keys, keys
 * plain or encrypted, PKCS#8 or the older RSA/EC forms), DER (a certificate or a key), or
 * PKCS#12 (a key, its certificate and the CA chain), with the passphrase given. The file is
 * untrusted input: everything is bounded (CERT_FILE_MAX, CERT_BUNDLE_MAX) and what cannot
 * be read is counted or refused, never half-taken.
 */
#include <string.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include "cert/cert.h"

/* The passphrase as given ("" is a passphrase too); never a prompt. */
static int pass_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pass = u;
	size_t len = pass ? strlen(pass) : 0;

	(void)rwflag;
	if (len > (size_t)size)
		return -1;
	memcpy(buf, pass ? pass : "", len);
	return (int)len;
}

static int add_cert(struct cert_bundle *b, X509 *x)
{
	if (b->ncerts == CERT_BUNDLE_MAX) {
		X509_free(x);
		return -1;
	}
	b->certs[b->ncerts++] = x;
	return 0;
}

static int add_key(struct cert_bundle *b, EVP_PKEY *k)
{
	if (b->nkeys == CERT_BUNDLE_MAX) {
		EVP_PKEY_free(k);
		return -1;
	}
	b->keys[b->nkeys++] = k;
	return 0;
}

static bool is_key_block(const char *name)
{
	return !strcmp(name, "PRIVATE KEY") || !strcmp(name, "ENCRYPTED PRIVATE KEY") ||
	       !strcmp(name, "RSA PRIVATE KEY") || !strcmp(name, "EC PRIVATE KEY");
}

static bool is_cert_block(const char *name)
{
	return !strcmp(name, "CERTIFICATE") || !strcmp(name, "X509 CERTIFICATE") ||
	       !strcmp(name, "TRUSTED CERTIFICATE");
}

/* A key block as it was (headers and all, for the older encrypted forms), read again. */
static int pem_key(struct cert_bundle *b, const char *name, const char *header,
		   const unsigned char *data, long len, const char *pass)
{
	BIO *m = BIO_new(BIO_s_mem());
	EVP_PKEY *k = NULL;

	if (m && PEM_write_bio(m, name, header, data, len) > 0)
		k = PEM_read_bio_PrivateKey(m, NULL, pass_cb, (void *)pass);
	BIO_free(m);
	if (!k) {
		b->decryption_failures++;
		return 0;
	}
	return add_key(b, k);
}

static int pem_cert(struct cert_bundle *b, const char *name, const unsigned char *data,
		    long len)
{
	const unsigned char *p = data;
	X509 *x = !strcmp(name, "TRUSTED CERTIFICATE") ? d2i_X509_AUX(NULL, &p, len) :
		  d2i_X509(NULL, &p, len);

	if (!x || p != data + len) {
		X509_free(x);
		return -1;
	}
	return add_cert(b, x);
}

/* Every block in turn; blocks of other kinds (CRLs, parameters) are passed over. */
static int parse_pem(const unsigned char *buf, size_t len, const char *pass,
		     struct cert_bundle *b, struct strbuf *err)
{
	BIO *in = BIO_new_mem_buf(buf, (int)len);
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	long dlen;
	int ret = 0;

	if (!in)
		return -1;
	while (!ret && PEM_read_bio(in, &name, &header, &data, &dlen) > 0) {
		if (is_cert_block(name) && pem_cert(b, name, data, dlen)) {
			sb_puts(err, "a damaged certificate, or too many");
			ret = -1;
		} else if (is_key_block(name) && pem_key(b, name, header, data, dlen, pass)) {
			sb_puts(err, "too many private keys");
			ret = -1;
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_clear_free(data, (size_t)dlen);
		name = header = NULL;
		data = NULL;
	}
	BIO_free(in);
	ERR_clear_error();	/* the end of the text reads as an error */
	return ret;
}

static int parse_pkcs12(PKCS12 *p12, const char *pass, struct cert_bundle *b,
			struct strbuf *err)
{
	STACK_OF(X509) *ca = NULL;
	EVP_PKEY *key = NULL;
	X509 *x = NULL;
	int ret = 0;

	if (!PKCS12_parse(p12, pass ? pass : "", &key, &x, &ca)) {
		b->decryption_failures++;
		sb_puts(err, "could not decrypt the PKCS#12 file: wrong passphrase?");
		return -1;
	}
	if (key)
		ret |= add_key(b, key);
	if (x)
		ret |= add_cert(b, x);
	while (ca && sk_X509_num(ca))
		ret |= add_cert(b, sk_X509_shift(ca));
	sk_X509_free(ca);
	if (ret)
		sb_puts(err, "too many certificates in the PKCS#12 file");
	return ret;
}

/* A DER file is one thing: a certificate, a PKCS#12 bundle or a private key. */
static int parse_der(const unsigned char *buf, size_t len, const char *pass,
		     struct cert_bundle *b, struct strbuf *err)
{
	const unsigned char *p = buf;
	X509 *x = d2i_X509(NULL, &p, (long)len);
	PKCS12 *p12;
	BIO *m;
	EVP_PKEY *k;

	if (x && p == buf + len)
		return add_cert(b, x);
	X509_free(x);
	p = buf;
	p12 = d2i_PKCS12(NULL, &p, (long)len);
	if (p12 && p == buf + len) {
		int ret = parse_pkcs12(p12, pass, b, err);

		PKCS12_free(p12);
		return ret;
	}
	PKCS12_free(p12);
	m = BIO_new_mem_buf(buf, (int)len);
	k = m ? d2i_PKCS8PrivateKey_bio(m, NULL, pass_cb, (void *)pass) : NULL;
	BIO_free(m);
	if (!k) {
		p = buf;
		k = d2i_AutoPrivateKey(NULL, &p, (long)len);
	}
	return k ? add_key(b, k) : 0;
}

int cert_parse(const unsigned char *buf, size_t len, const char *pass,
	       struct cert_bundle *b, struct strbuf *err)
{
	int ret;

	memset(b, 0, sizeof(*b));
	if (!len || len > CERT_FILE_MAX) {
		sb_puts(err, len ? "the file is too big for a certificate" : "the file is empty");
		return -1;
	}
	if (memmem(buf, len, "-----BEGIN ", 11))
		ret = parse_pem(buf, len, pass, b, err);
	else
		ret = parse_der(buf, len, pass, b, err);
	ERR_clear_error();
	if (!ret && !b->ncerts && !b->nkeys) {
		if (b->decryption_failures)
			sb_puts(err, "could not decrypt the private key: wrong passphrase?");
		else
			sb_puts(err, "no certificate or private key in the file (PEM, DER, PKCS#12)");
		ret = -1;
	}
	if (ret)
		cert_bundle_free(b);
	return ret;
}

void cert_bundle_free(struct cert_bundle *b)
{
	size_t i;

	for (i = 0; i < b->ncerts; i++)
		X509_free(b->certs[i]);
	for (i = 0; i < b->nkeys; i++)
		EVP_PKEY_free(b->keys[i]);
	b->ncerts = b->nkeys = 0;
}
